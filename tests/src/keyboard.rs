//! Driving the app with the keyboard only, as a person who cannot use a
//! mouse does: real key presses (WebDriver's key actions, so the webview
//! sees a keyboard and shows its focus rings), and at every stop a look at
//! the ring: it must be drawn, and stand out at 3:1 against what is behind
//! it (WCAG 2.1, 1.4.11 and 2.4.7).

use crate::App;
use anyhow::{bail, Context, Result};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use std::time::Duration;

/// The focused element and its ring, measured in the page: the outline's
/// width, style and colour, and its contrast with the background behind
/// the element (what is painted where the ring is drawn).
const RING: &str = r#"
const e = document.activeElement;
if (!e || e === document.body) return JSON.stringify(null);
const rgb = s => { const m = s.match(/rgba?\(([^)]+)\)/); if (!m) return null;
  const p = m[1].split(',').map(parseFloat); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
const cs = getComputedStyle(e);
const r = e.getBoundingClientRect();
// What is painted where the ring is drawn: just left of the element (or
// right, at the window's edge), not its parent in the page's tree (the
// element may be positioned over something else).
const off = (parseFloat(cs.outlineOffset) || 0) + (parseFloat(cs.outlineWidth) || 0) / 2;
const x = r.left - off >= 0 ? r.left - off : r.right + off;
const under = document.elementsFromPoint(x, r.top + r.height / 2)
  .find(n => n !== e && !e.contains(n)) || e.parentElement;
let behind = [255, 255, 255, 1];
for (let n = under; n; n = n.parentElement) {
  const c = rgb(getComputedStyle(n).backgroundColor);
  if (c && c[3] > 0.5) { behind = c; break; }
}
const ring = rgb(cs.outlineColor);
const [a, b] = [ring ? lum(ring) : 0, lum(behind)];
return JSON.stringify({
  id: e.id, tag: e.tagName.toLowerCase(), cls: String(e.className),
  text: (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 40),
  width: parseFloat(cs.outlineWidth) || 0, style: cs.outlineStyle,
  ratio: ring ? (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) : 0,
  color: cs.outlineColor,
  onscreen: r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
  tabindex: e.tabIndex,
});"#;

/// One Tab stop as measured.
#[derive(Debug, serde::Deserialize)]
pub struct Stop {
    pub id: String,
    pub tag: String,
    pub cls: String,
    pub text: String,
    pub width: f64,
    pub style: String,
    pub ratio: f64,
    /// The ring's colour as the page gives it.
    pub color: String,
    pub onscreen: bool,
    /// Below 0: focusable only by the page itself (a new screen's `main`,
    /// focused for a screen reader), never a Tab stop.
    #[serde(default)]
    pub tabindex: i32,
}

impl Stop {
    /// What is wrong with the focus ring here, if anything.
    fn fault(&self) -> Option<String> {
        let what = format!(
            "<{} id={:?} class={:?}> {:?}",
            self.tag, self.id, self.cls, self.text
        );
        if self.style == "none" || self.width < 2.0 {
            return Some(format!(
                "{what}: no visible focus ring ({} {}px)",
                self.style, self.width
            ));
        }
        if self.ratio < 3.0 {
            return Some(format!(
                "{what}: focus ring {} at {:.2}:1 against what is behind it, under 3:1 \
                 (0 when the colour cannot be read)",
                self.color, self.ratio
            ));
        }
        if !self.onscreen {
            return Some(format!("{what}: focused but not on screen"));
        }
        None
    }

    /// Whether this stop is `sel`: `#id` or `.class`.
    fn is(&self, sel: &str) -> bool {
        match (sel.strip_prefix('#'), sel.strip_prefix('.')) {
            (Some(id), _) => self.id == id,
            (_, Some(c)) => self.cls.split_whitespace().any(|x| x == c),
            _ => false,
        }
    }
}

impl App {
    /// Presses and releases `key`, as a keyboard does.
    pub async fn press(&self, key: Key) -> Result<()> {
        let k: char = key.into();
        let actions = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: k })
            .then(KeyAction::Up { value: k });
        self.client
            .perform_actions(actions)
            .await
            .context("pressing a key")?;
        tokio::time::sleep(Duration::from_millis(60)).await;
        Ok(())
    }

    /// Presses `key` while holding `modifier` (Shift+Tab, Ctrl and +).
    pub async fn chord(&self, modifier: Key, key: char) -> Result<()> {
        let m: char = modifier.into();
        let actions = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: m })
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key })
            .then(KeyAction::Up { value: m });
        self.client
            .perform_actions(actions)
            .await
            .context("pressing a key chord")?;
        tokio::time::sleep(Duration::from_millis(60)).await;
        Ok(())
    }

    /// Types `text` into whatever has the focus.
    pub async fn type_text(&self, text: &str) -> Result<()> {
        let mut actions = KeyActions::new("keyboard".into());
        for c in text.chars() {
            actions = actions
                .then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c });
        }
        self.client
            .perform_actions(actions)
            .await
            .context("typing")?;
        Ok(())
    }

    /// The focused element and its ring; `None` when nothing is focused.
    pub async fn focused(&self) -> Result<Option<Stop>> {
        let out = self.client.execute(RING, vec![]).await?;
        let json = out.as_str().context("the ring's measure is not text")?;
        Ok(serde_json::from_str(json)?)
    }

    /// Presses Tab until `sel` (`#id` or `.class`) has the focus, checking
    /// the focus ring at every stop on the way; fails after 80 stops, or at
    /// the first stop whose ring cannot be seen. Answers the stops passed.
    pub async fn tab_to(&self, sel: &str) -> Result<usize> {
        self.move_to(sel, false).await
    }

    /// [`Self::tab_to`] backwards (Shift+Tab).
    pub async fn tab_back_to(&self, sel: &str) -> Result<usize> {
        self.move_to(sel, true).await
    }

    async fn move_to(&self, sel: &str, backwards: bool) -> Result<usize> {
        for n in 1..=80 {
            if backwards {
                self.chord(Key::Shift, Key::Tab.into()).await?;
            } else {
                self.press(Key::Tab).await?;
            }
            if self.check_stop(sel).await? {
                return Ok(n);
            }
        }
        self.screenshot("FAILED").await?;
        let key = if backwards { "Shift+Tab" } else { "Tab" };
        bail!("80 presses of {key} never reached {sel}")
    }

    /// Checks the ring of the focused element; answers whether it is `sel`.
    async fn check_stop(&self, sel: &str) -> Result<bool> {
        let Some(stop) = self.focused().await? else {
            return Ok(false);
        };
        // The page moved the focus to a screen's `main` (tabindex -1) after
        // the key was pressed (a slow machine draws the screen late): not a
        // stop Tab reached, so no ring is owed; the next Tab goes on.
        if stop.tabindex < 0 && !stop.is(sel) {
            return Ok(false);
        }
        if let Some(fault) = stop.fault() {
            self.screenshot("FAILED").await?;
            bail!("on the way to {sel}: {fault}");
        }
        Ok(stop.is(sel))
    }

    /// Fails unless `sel` has the focus within a second: the page moves
    /// it on its next frame, which a loaded machine (CI builds beside the
    /// test) draws late.
    pub async fn expect_focus(&self, sel: &str) -> Result<()> {
        let started = std::time::Instant::now();
        loop {
            match self.focused().await? {
                Some(s) if s.is(sel) => return Ok(()),
                other if started.elapsed() > Duration::from_secs(1) => {
                    bail!("{sel} should have the focus; it is {other:?}")
                }
                _ => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }
}
