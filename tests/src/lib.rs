//! A harness for driving the real Feltbog app: starts tauri-driver (which
//! starts WebKitWebDriver and the app binary), connects a WebDriver client,
//! and saves a screenshot of every screen to `target/e2e-screens/`.
//!
//! Run through `cargo xtask test`, which builds the app and provides Xvfb.
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // test support code

pub mod a11y;
pub mod keyboard;
pub mod notifications;
pub mod server;

use anyhow::{bail, Context, Result};
use fantoccini::{elements::Element, Client, ClientBuilder, Locator};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The day the app and the command line take as today in these tests
/// (their `test-hooks` builds read it from `FELTBOG_TEST_TODAY`), so no
/// test depends on the day it runs: a Wednesday in week 48.
pub const TODAY: &str = "2026-11-25";

/// [`TODAY`] as a date.
pub fn today() -> chrono::NaiveDate {
    TODAY.parse().expect("TODAY is a date")
}

/// The workspace's target directory.
pub fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target")
}

/// A new profile in a fresh temporary directory named after `tag`, made
/// with the `feltbog` command line (`init` first, then each of `commands`).
pub fn cli_profile(tag: &str, pass: &str, commands: &[&[&str]]) -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("feltbog-e2e-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    for args in std::iter::once(&["init"][..]).chain(commands.iter().copied()) {
        cli(&dir, pass, args)?;
    }
    Ok(dir)
}

/// The command line's words for adding a folkeskole named `name` in
/// `town`, for [`cli_profile`]'s commands.
pub fn school_add<'a>(name: &'a str, town: &'a str) -> [&'a str; 8] {
    [
        "school",
        "add",
        "--name",
        name,
        "--kind",
        "folkeskole",
        "--town",
        town,
    ]
}

/// A profile with the fictitious demo municipality, a survey round `round`
/// open through November and December 2026 with the target 85 %, and
/// `classes` (name, pupils, answered) at Egeby Skole.
pub fn demo_with_round(
    tag: &str,
    pass: &str,
    round: &str,
    classes: &[(&str, &str, &str)],
) -> Result<PathBuf> {
    let dir = cli_profile(
        tag,
        pass,
        &[
            &["demo", "load"],
            &[
                "survey",
                "round",
                "add",
                "--name",
                round,
                "--questionnaire",
                "grades7-9",
                "--from",
                "2026-11-01",
                "--to",
                "2026-12-20",
                "--target",
                "85",
            ],
        ],
    )?;
    for (class, enrolled, answered) in classes {
        cli(
            &dir,
            pass,
            &[
                "survey",
                "class",
                "set",
                "--round",
                round,
                "--school",
                "Egeby Skole",
                "--class",
                class,
                "--enrolled",
                enrolled,
                "--answered",
                answered,
            ],
        )?;
    }
    Ok(dir)
}

/// Drives a native dialog, which WebDriver cannot reach (xdotool, installed
/// by `cargo xtask setup`); gives up after 15 s rather than hang the run.
pub fn xdotool(args: &[&str]) -> Result<()> {
    let out = Command::new("timeout")
        .arg("15")
        .arg("xdotool")
        .args(args)
        .output()
        .context("xdotool (`cargo xtask setup` installs it)")?;
    if !out.status.success() {
        bail!("xdotool {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(())
}

fn window_open(title: &str) -> bool {
    Command::new("xdotool")
        .args(["search", "--onlyvisible", "--name", title])
        .output()
        .is_ok_and(|o| o.status.success() && !o.stdout.is_empty())
}

/// Answers the shell's native file dialog titled `title` with `path`: the
/// save dialog's name field takes a full path; the open dialog's location
/// field (Ctrl+L) does too. Keys typed before GTK has focused the dialog
/// are lost, so the answer is typed again until the dialog closes.
pub fn answer_file_dialog(title: &str, path: &str) -> Result<()> {
    xdotool(&["search", "--sync", "--onlyvisible", "--name", title])?;
    for _ in 0..3 {
        std::thread::sleep(Duration::from_millis(700));
        let _ = xdotool(&[
            "search",
            "--onlyvisible",
            "--name",
            title,
            "windowfocus",
            "--sync",
        ]);
        if title_is_open_dialog(title) {
            xdotool(&["key", "ctrl+l"])?;
        }
        xdotool(&["key", "ctrl+a"])?;
        xdotool(&["type", "--delay", "15", path])?;
        xdotool(&["key", "Return"])?;
        for _ in 0..40 {
            std::thread::sleep(Duration::from_millis(100));
            if !window_open(title) {
                return Ok(());
            }
        }
    }
    bail!("the dialog {title:?} did not take {path}")
}

/// The open dialogs the shell shows, by title (the others save).
fn title_is_open_dialog(title: &str) -> bool {
    title.starts_with("Gendan") || title.starts_with("Vælg")
}

/// Runs the `feltbog` command line on the profile in `dir`; answers stdout.
pub fn cli(dir: &Path, pass: &str, args: &[&str]) -> Result<String> {
    let out = Command::new(target_dir().join("debug/feltbog"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("FELTBOG_PASSPHRASE", pass)
        .env("FELTBOG_TEST_TODAY", TODAY)
        .output()
        .context("target/debug/feltbog is missing: run through `cargo xtask test`")?;
    if !out.status.success() {
        bail!("feltbog {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Runs the `feltbog` command line with `json` as its `--input -` (a case's
/// sensitive values never go in the arguments); answers stdout.
pub fn cli_in(dir: &Path, pass: &str, args: &[&str], json: &str) -> Result<String> {
    cli_stdin(dir, pass, &[args, &["--input", "-"]].concat(), json)
}

/// Runs the `feltbog` command line with `input` on its standard input (a
/// code given as `-`); answers stdout.
pub fn cli_stdin(dir: &Path, pass: &str, args: &[&str], input: &str) -> Result<String> {
    use std::io::Write;
    let mut child = Command::new(target_dir().join("debug/feltbog"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("FELTBOG_PASSPHRASE", pass)
        .env("FELTBOG_TEST_TODAY", TODAY)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("target/debug/feltbog is missing: run through `cargo xtask test`")?;
    child
        .stdin
        .take()
        .context("stdin")?
        .write_all(input.as_bytes())?;
    let out = child.wait_with_output()?;
    if !out.status.success() {
        bail!("feltbog {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Runs the `feltbog` command line; answers its exit code, stdout and stderr
/// (for the tests of failures).
pub fn cli_status(dir: &Path, pass: &str, args: &[&str]) -> Result<(i32, String, String)> {
    let out = Command::new(target_dir().join("debug/feltbog"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("FELTBOG_PASSPHRASE", pass)
        .env("FELTBOG_TEST_TODAY", TODAY)
        .output()
        .context("target/debug/feltbog is missing: run through `cargo xtask test`")?;
    Ok((
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

/// One running app, with its own tauri-driver.
pub struct App {
    pub client: Client,
    driver: Child,
    shots: PathBuf,
    prefix: &'static str,
    /// What the app was started with, for [`App::reopen`].
    data_dir: PathBuf,
    webkit: PathBuf,
    env: Vec<(String, String)>,
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

impl App {
    /// Starts the app with its profile in `data_dir`. Screenshots are named
    /// `<prefix>-<name>.png`.
    pub async fn start(data_dir: &Path, prefix: &'static str) -> Result<App> {
        Self::start_with(data_dir, prefix, &[]).await
    }

    /// [`App::start`] with more environment for the app, e.g. a test hook
    /// (`FELTBOG_TEST_FAIL_READ`).
    pub async fn start_with(
        data_dir: &Path,
        prefix: &'static str,
        env: &[(&str, &str)],
    ) -> Result<App> {
        let port = free_port()?;
        let webkit = std::env::temp_dir().join(format!(
            "feltbog-e2e-webkit-{prefix}-{}-{port}",
            std::process::id()
        ));
        let env = env.iter().map(|(k, v)| (k.to_string(), v.to_string()));
        Self::launch(data_dir, prefix, webkit, env.collect(), port).await
    }

    /// Closes the app and opens it again on the same profile and the same
    /// webview storage, as a user who quits and starts Feltbog again.
    pub async fn reopen(self) -> Result<App> {
        let (data_dir, prefix, webkit, env) = (
            self.data_dir.clone(),
            self.prefix,
            self.webkit.clone(),
            self.env.clone(),
        );
        self.quit().await?;
        Self::launch(&data_dir, prefix, webkit, env, free_port()?).await
    }

    async fn launch(
        data_dir: &Path,
        prefix: &'static str,
        webkit: PathBuf,
        env: Vec<(String, String)>,
        port: u16,
    ) -> Result<App> {
        // `cargo xtask test-dist` points this at the installed app.
        let app = match std::env::var_os("FELTBOG_E2E_APP") {
            Some(path) => PathBuf::from(path),
            None => target_dir().join("debug/feltbog-desk"),
        }
        .canonicalize()
        .context(
            "target/debug/feltbog-desk is missing: run the tests through `cargo xtask test`",
        )?;
        if std::env::var_os("DISPLAY").is_none() {
            bail!("no DISPLAY: run the tests through `cargo xtask test` (it provides Xvfb)");
        }
        let caps: serde_json::Map<String, serde_json::Value> =
            serde_json::from_value(serde_json::json!({
                "browserName": "wry",
                "tauri:options": { "application": app },
            }))?;
        // Once, in a fresh-clone run, nothing answered on tauri-driver's
        // port for 30 s; why is not known (a port picked free and taken
        // before tauri-driver bound it would do it). Then tauri-driver
        // starts again on other ports, and its output is kept to tell.
        let logs = target_dir().join("e2e-logs");
        std::fs::create_dir_all(&logs)?;
        let mut port = port;
        let mut failed = Vec::new();
        let (client, driver) = loop {
            let log = logs.join(format!("{prefix}-tauri-driver-{port}.log"));
            let mut driver = spawn_driver(data_dir, &webkit, &env, port, &log)?;
            match connect(&mut driver, &caps, port).await {
                Ok(client) => break (client, driver),
                Err(e) => {
                    stop(&mut driver);
                    failed.push(format!("{e} (its output: {})", log.display()));
                }
            }
            if failed.len() == 3 {
                bail!("could not connect to tauri-driver, three times: {failed:#?}");
            }
            port = free_port()?;
        };
        let shots = target_dir().join("e2e-screens");
        std::fs::create_dir_all(&shots)?;
        Ok(App {
            client,
            driver,
            shots,
            prefix,
            data_dir: data_dir.to_path_buf(),
            webkit,
            env,
        })
    }

    /// Saves a screenshot of the window as
    /// `target/e2e-screens/<prefix>-<name>.png`, then checks the screen's
    /// accessibility ([`a11y::check`]; after the picture, so nothing axe
    /// does shows in it).
    pub async fn shot(&self, name: &str) -> Result<()> {
        self.screenshot(name).await?;
        a11y::check(&self.client, &format!("{}-{name}", self.prefix)).await
    }

    /// Saves a screenshot only (a failure's picture: the failure is the
    /// news, not the screen's accessibility).
    async fn screenshot(&self, name: &str) -> Result<()> {
        // Let transitions and fonts settle so the picture shows the real state.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let png = self.client.screenshot().await?;
        std::fs::write(self.shots.join(format!("{}-{name}.png", self.prefix)), png)?;
        Ok(())
    }

    /// Waits up to [`PATIENCE`] for an element matching the CSS selector.
    pub async fn wait(&self, css: &str) -> Result<Element> {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("waiting for {css}"))
    }

    /// Waits until the element's text contains `needle`; returns the text.
    pub async fn wait_text(&self, css: &str, needle: &str) -> Result<String> {
        let started = Instant::now();
        loop {
            if let Ok(e) = self.client.find(Locator::Css(css)).await {
                if let Ok(text) = e.text().await {
                    if text.contains(needle) {
                        return Ok(text);
                    }
                    if started.elapsed() > PATIENCE {
                        self.screenshot("FAILED").await?;
                        bail!("{css} never contained {needle:?}; it says {text:?}");
                    }
                }
            }
            if started.elapsed() > PATIENCE {
                // What the screen showed instead, to see why.
                self.screenshot("FAILED").await?;
                bail!("{css} never appeared (waiting for {needle:?}); see the FAILED screenshot");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Finds an element with `find` and does `act` on it. When the page
    /// replaced the element between finding and acting (a sync that lands
    /// re-renders a list), finds it again, for up to [`PATIENCE`], as a
    /// person would look again.
    async fn on_fresh<T>(
        &self,
        what: impl Fn() -> String,
        find: impl AsyncFn() -> Result<Element>,
        act: impl AsyncFn(Element) -> Result<T, fantoccini::error::CmdError>,
    ) -> Result<T> {
        let started = Instant::now();
        loop {
            match act(find().await?).await {
                Err(e) if replaced(&e) && started.elapsed() < PATIENCE => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                done => return done.with_context(what),
            }
        }
    }

    /// [`Self::on_fresh`] for the element matching `css`.
    async fn on<T>(
        &self,
        css: &str,
        what: &str,
        act: impl AsyncFn(Element) -> Result<T, fantoccini::error::CmdError>,
    ) -> Result<T> {
        self.on_fresh(
            || format!("{what} {css}"),
            async || self.wait(css).await,
            act,
        )
        .await
    }

    pub async fn click(&self, css: &str) -> Result<()> {
        self.on(css, "clicking", async |e| {
            self.after_next_frames().await?;
            e.click().await
        })
        .await
    }

    /// Returns once the page has drawn two more frames (or after 200 ms,
    /// should it draw none). What the last action asked for at the next
    /// frame has then happened: a confirmation that focuses its cancel
    /// button does so then, and the focus scrolls it into view. A click
    /// WebDriver placed before that scroll lands where the button was and
    /// does nothing (the team test's intermittent "never contained
    /// Fjernet"); a person never clicks within a frame of the last one.
    async fn after_next_frames(&self) -> Result<(), fantoccini::error::CmdError> {
        const SCRIPT: &str = "const done = arguments[arguments.length - 1];
            let called = false;
            const once = () => { if (!called) { called = true; done(null); } };
            requestAnimationFrame(() => requestAnimationFrame(once));
            setTimeout(once, 200);";
        self.client.execute_async(SCRIPT, vec![]).await.map(|_| ())
    }

    /// Replaces the content of an input with `text`, as typing would.
    pub async fn fill(&self, css: &str, text: &str) -> Result<()> {
        self.on(css, "typing into", async |e| {
            e.clear().await?;
            e.send_keys(text).await
        })
        .await
    }

    pub async fn select(&self, css: &str, value: &str) -> Result<()> {
        self.on(css, "selecting in", async |e| {
            e.select_by_value(value).await
        })
        .await
    }

    pub async fn select_label(&self, css: &str, label: &str) -> Result<()> {
        self.on(css, "selecting in", async |e| {
            e.select_by_label(label).await
        })
        .await
    }

    /// The element's text as it is now.
    pub async fn text(&self, css: &str) -> Result<String> {
        self.on(css, "reading", async |e| e.text().await).await
    }

    /// Whether the element can be used (not disabled).
    pub async fn enabled(&self, css: &str) -> Result<bool> {
        self.on(css, "reading", async |e| e.is_enabled().await)
            .await
    }

    /// The element's DOM property `name` (an input's current `value`).
    pub async fn prop(&self, css: &str, name: &str) -> Result<Option<String>> {
        self.on(css, "reading", async |e| e.prop(name).await).await
    }

    /// Waits until the text of `css` no longer contains `needle` (a row
    /// deleted, a message gone).
    pub async fn wait_text_gone(&self, css: &str, needle: &str) -> Result<()> {
        let started = Instant::now();
        loop {
            let text = self.text(css).await?;
            if !text.contains(needle) {
                return Ok(());
            }
            if started.elapsed() > PATIENCE {
                self.screenshot("FAILED").await?;
                bail!("{css} still contains {needle:?}: {text:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks the first element matching `css` whose text contains `text`.
    pub async fn click_text(&self, css: &str, text: &str) -> Result<()> {
        let find = async || {
            self.wait(css).await?;
            for e in self.client.find_all(Locator::Css(css)).await? {
                if e.text().await.is_ok_and(|t| t.contains(text)) {
                    return Ok(e);
                }
            }
            bail!("no {css} says {text:?}")
        };
        self.on_fresh(
            || format!("clicking {css} with {text:?}"),
            find,
            async |e| {
                self.after_next_frames().await?;
                e.click().await
            },
        )
        .await
    }

    /// Scrolls the element into view at the top, for a screenshot.
    pub async fn scroll_to(&self, css: &str) -> Result<()> {
        self.wait(css).await?;
        let script = format!("document.querySelector({css:?}).scrollIntoView({{block: 'start'}})");
        self.client
            .execute(&script, vec![])
            .await
            .with_context(|| format!("scrolling to {css}"))?;
        Ok(())
    }

    /// The page's width in CSS pixels (the window's, divided by the zoom).
    pub async fn page_width(&self) -> Result<f64> {
        let w = self
            .client
            .execute("return document.documentElement.clientWidth", vec![])
            .await?;
        Ok(w.as_f64().unwrap_or(0.0))
    }

    /// Resizes the window, e.g. to a tablet's 1024×768.
    pub async fn resize(&self, width: u32, height: u32) -> Result<()> {
        self.client
            .set_window_size(width, height)
            .await
            .context("resizing the window")?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        Ok(())
    }

    /// Switches the app's language on the settings page, and waits for the
    /// page's heading, `title`, in that language.
    pub async fn set_language(&self, lang: &str, title: &str) -> Result<()> {
        self.click("#nav-settings").await?;
        self.select("#language", lang).await?;
        self.click("#save-settings").await?;
        self.wait_text("h1", title).await?;
        Ok(())
    }

    /// Closes the window (the app exits) and stops tauri-driver politely, so
    /// it stops WebKitWebDriver too.
    pub async fn quit(mut self) -> Result<()> {
        let _ = self.client.clone().close().await;
        stop(&mut self.driver);
        Ok(())
    }
}

impl Drop for App {
    fn drop(&mut self) {
        stop(&mut self.driver);
    }
}

/// How long a test waits for the page to show what it expects.
const PATIENCE: Duration = Duration::from_secs(15);

/// The element found is no longer in the page: it was re-rendered between
/// finding it and acting on it. WebKitWebDriver says "stale element
/// reference" ("Node with identifier … was not found"), measured by
/// replacing a button with its clone before clicking it.
fn replaced(e: &fantoccini::error::CmdError) -> bool {
    e.is_stale_element_reference()
}

/// Starts tauri-driver on `port` (and a free port for WebKitWebDriver),
/// for the app on the profile in `data_dir`; its output goes to `log`.
fn spawn_driver(
    data_dir: &Path,
    webkit: &Path,
    env: &[(String, String)],
    port: u16,
    log: &Path,
) -> Result<Child> {
    let native = free_port()?;
    let out = std::fs::File::create(log)?;
    Command::new("tauri-driver")
        .args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native.to_string(),
        ])
        .env("FELTBOG_DATA_DIR", data_dir)
        .env("FELTBOG_TEST_TODAY", TODAY)
        // WebKit's cache and storage of this run only: the app's assets
        // have the same URLs in every build, and a cached UI from another
        // checkout's build (a second clone testing at the same time) would
        // not match this binary.
        .env("XDG_CACHE_HOME", webkit.join("cache"))
        .env("XDG_DATA_HOME", webkit.join("data"))
        // No desktop's notifications: the reminder's test gives its own bus
        // (`notifications.rs`), and no other test puts one on a developer's
        // screen.
        .env("DBUS_SESSION_BUS_ADDRESS", "disabled:")
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdout(out.try_clone()?)
        .stderr(out)
        .spawn()
        .context("could not start tauri-driver: run `cargo xtask setup`")
}

/// A WebDriver session with the app through tauri-driver on `port`, tried
/// for 30 s, or until tauri-driver has exited.
async fn connect(
    driver: &mut Child,
    caps: &serde_json::Map<String, serde_json::Value>,
    port: u16,
) -> Result<Client> {
    let url = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    loop {
        match ClientBuilder::native()
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(c) => return Ok(c),
            Err(e) => {
                if let Some(status) = driver.try_wait()? {
                    bail!("tauri-driver on port {port} exited ({status}): {e}");
                }
                if started.elapsed() > Duration::from_secs(30) {
                    bail!("nothing answered on port {port} for 30 s: {e}");
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// SIGTERM, not SIGKILL: a killed tauri-driver leaves WebKitWebDriver running.
fn stop(child: &mut Child) {
    if let Ok(None) = child.try_wait() {
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
}
