//! The words and number forms of an export, from the app's one catalogue,
//! and how a cell reads once it has left the app: a hidden cell is "<5" or
//! "x", never its number.

use chrono::{DateTime, Local};
use feltbog_api::catalogue::fill;
use feltbog_api::catalogue::{self, Texts};
use feltbog_api::dates::{format_long, format_range};
use feltbog_api::period::PeriodKind;
use feltbog_api::profile::Language;
use feltbog_api::summary::{
    Cell, Column, Hide, RoundFacts, RowLabel, Section, Summary, Table, TableKind, Value,
};

fn texts() -> &'static Texts {
    catalogue::builtin()
}

/// The catalogue's text for `key` in `lang`, for exports without a
/// summary (the calendar).
pub fn word(key: &str, lang: Language) -> String {
    catalogue::text(texts(), key, lang)
}

/// The words of one export: its language, its threshold and the kind of
/// period it covers (a week's measures say "next week", a month's "the
/// next period").
#[derive(Debug, Clone, Copy)]
pub struct Labels {
    pub lang: Language,
    pub threshold: u32,
    pub kind: PeriodKind,
}

impl Labels {
    pub fn of(s: &Summary, lang: Language) -> Self {
        Self {
            lang,
            threshold: s.threshold,
            kind: s.period.kind(),
        }
    }

    /// "Ugerapport" for a week, "Rapport" for any other period, with the
    /// team's name after it where there is one.
    pub fn title(&self, s: &Summary) -> String {
        let what = match (&s.school, self.kind) {
            (Some(school), _) => self.tf("summary.title_school", &[("school", school)]),
            (None, PeriodKind::Week) => self.t("summary.title"),
            (None, _) => self.t("summary.title_period"),
        };
        if s.team.is_empty() {
            what
        } else {
            format!("{what} · {}", s.team)
        }
    }

    /// The period as the screen names it: "Uge 48, 2026", "November 2026",
    /// "Skoleåret 2026/27".
    pub fn period_name(&self, s: &Summary) -> String {
        let (key, args) = s.period.label(self.lang);
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        fill(self.t(&key), &args)
    }

    pub fn t(&self, key: &str) -> String {
        catalogue::text(texts(), key, self.lang)
    }

    pub fn tf(&self, key: &str, args: &[(&str, &str)]) -> String {
        catalogue::fill(self.t(key), args)
    }

    pub fn section(&self, s: Section) -> String {
        self.t(&format!("summary.section.{s}"))
    }

    /// A worksheet's name (at most 31 characters, as Excel requires).
    pub fn sheet(&self, s: Section) -> String {
        self.t(&format!("summary.sheet.{s}"))
            .chars()
            .take(31)
            .collect()
    }

    pub fn table(&self, k: TableKind) -> String {
        self.t(&format!("summary.table.{k}"))
    }

    pub fn column(&self, c: &Column) -> String {
        match c.key(self.kind) {
            (key, Some(n)) => self.tf(&key, &[("n", &n)]),
            (key, None) => self.t(&key),
        }
    }

    /// The first column's heading: schools, or measures for the cases.
    pub fn row_heading(&self, t: &Table) -> String {
        if t.kind == TableKind::Cases {
            self.t("summary.col.measure")
        } else {
            self.t("summary.col.school")
        }
    }

    pub fn row(&self, r: &RowLabel) -> String {
        match r.key(self.kind) {
            (Some(key), name) => self.tf(&key, &[("name", &name)]),
            (None, name) => name,
        }
    }

    /// "Uge 48 · 23.–29. nov. 2026", "November 2026 · 1.–30. nov. 2026";
    /// a from–to period is only its days.
    pub fn period_line(&self, s: &Summary) -> String {
        let days = format_range(s.from, s.to, self.lang);
        match (self.kind, s.week) {
            (PeriodKind::Week, Some(w)) => format!(
                "{} · {days}",
                self.tf("summary.week", &[("n", &w.week.to_string())])
            ),
            (PeriodKind::Range, _) => days,
            _ => format!("{} · {days}", self.period_name(s)),
        }
    }

    /// "Intet i denne uge." on a week's summary, "Intet i perioden." on
    /// any other.
    pub fn nothing(&self) -> String {
        match self.kind {
            PeriodKind::Week => self.t("summary.nothing"),
            _ => self.t("summary.nothing_period"),
        }
    }

    /// What "the next period" means on a report over anything but a week
    /// ("Næste periode: 1.–31. dec. 2026."), or nothing for a week.
    pub fn next_line(&self, s: &Summary) -> Option<String> {
        (self.kind != PeriodKind::Week).then(|| {
            self.tf(
                "summary.next_period",
                &[("days", &format_range(s.next_from, s.next_to, self.lang))],
            )
        })
    }

    /// "Lavet af Mette 27. nov. 2026 kl. 12.00", in local time.
    pub fn made_line(&self, s: &Summary) -> String {
        self.made(&s.made_by, &s.made_at)
    }

    /// Who made a paper and when (`made_at` UTC, RFC 3339), in local time.
    pub fn made(&self, made_by: &str, made_at: &str) -> String {
        let when = DateTime::parse_from_rfc3339(made_at)
            .map(|t| {
                let t = t.with_timezone(&Local);
                let at = if self.lang == Language::Da {
                    "kl."
                } else {
                    "at"
                };
                format!(
                    "{} {at} {}",
                    format_long(t.date_naive(), self.lang),
                    t.format("%H.%M")
                )
            })
            .unwrap_or_default();
        if made_by.trim().is_empty() {
            self.tf("summary.made_anonymous", &[("when", &when)])
        } else {
            self.tf("summary.made", &[("who", made_by), ("when", &when)])
        }
    }

    pub fn legend(&self) -> String {
        self.tf("summary.legend", &[("t", &self.threshold.to_string())])
    }

    /// "2. nov. – 18. dec. 2026 · mål 85 % · 20 dage tilbage".
    pub fn round_line(&self, r: &RoundFacts) -> String {
        let state = match r.state_key() {
            (key, Some(n)) => self.tf(key, &[("n", &n.to_string())]),
            (key, None) => self.t(key),
        };
        self.tf(
            "summary.round_facts",
            &[
                (
                    "window",
                    &format_range(r.window_from, r.window_to, self.lang),
                ),
                ("target", &r.target_percent.to_string()),
                ("state", &state),
            ],
        )
    }

    /// What a hidden cell shows in place of its number.
    pub fn hidden(&self, h: Hide) -> String {
        match h {
            Hide::Small => format!("<{}", self.threshold),
            Hide::Secondary | Hide::Combined | Hide::Derived => "x".to_owned(),
        }
    }

    /// A cell as text: the number the Danish way ("56,3 %"), or the mark.
    pub fn cell(&self, c: &Cell) -> String {
        if let Some(h) = c.hide {
            return self.hidden(h);
        }
        match &c.value {
            Value::Count(n) => n.to_string(),
            Value::Percent(p) => format!("{} %", self.decimal(*p)),
            Value::Days(d) => self.decimal(*d),
            Value::Themes(themes) => themes
                .iter()
                .map(|t| self.t(&format!("theme.{t}")))
                .collect::<Vec<_>>()
                .join(", "),
            Value::Empty => "–".to_owned(),
        }
    }

    /// One decimal, with a decimal comma in Danish.
    pub fn decimal(&self, x: f64) -> String {
        feltbog_api::summary::decimal(x, self.lang)
    }
}

/// A text cell made safe for a spreadsheet: one that starts like a formula
/// (`=`, `+`, `-`, `@`) or with a tab or carriage return gets a leading
/// apostrophe, so Excel and LibreOffice show it as text and never run it
/// (CSV injection, OWASP).
pub fn neutralise(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_has_every_word_an_export_uses() {
        let texts = catalogue::parse(catalogue::CATALOGUE).unwrap();
        let mut keys: Vec<String> = Vec::new();
        for s in Section::ALL {
            keys.push(format!("summary.section.{s}"));
            keys.push(format!("summary.sheet.{s}"));
        }
        for k in TableKind::ALL {
            keys.push(format!("summary.table.{k}"));
        }
        for m in feltbog_api::summary::Measure::ALL {
            for kind in PeriodKind::ALL {
                keys.push(m.key(*kind));
            }
        }
        for kind in PeriodKind::ALL {
            let period = feltbog_api::period::ReportPeriod::containing(
                *kind,
                chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            );
            keys.push(period.label(Language::Da).0);
        }
        for month in 1..=12 {
            keys.push(format!("period.label.month.{month}"));
        }
        for p in feltbog_api::visits::VisitPurpose::ALL {
            keys.push(format!("purpose.{p}"));
        }
        for t in feltbog_api::cafes::CafeTheme::ALL {
            keys.push(format!("theme.{t}"));
        }
        let missing: Vec<_> = keys
            .iter()
            .filter(|k| !texts.contains_key(k.as_str()))
            .collect();
        assert!(missing.is_empty(), "{missing:?}");
        let l = Labels {
            lang: Language::Da,
            threshold: 5,
            kind: PeriodKind::Week,
        };
        for s in Section::ALL {
            assert!(l.sheet(*s).chars().count() <= 31);
        }
    }

    #[test]
    fn formulas_are_neutralised_and_other_text_kept() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        for s in ["+1", "-1", "@SUM", "\tx", "\rx"] {
            assert!(neutralise(s).starts_with('\''), "{s}");
        }
        assert_eq!(neutralise("Æblehaveskolen"), "Æblehaveskolen");
    }

    #[test]
    fn hidden_cells_never_show_their_number() {
        let l = Labels {
            lang: Language::Da,
            threshold: 5,
            kind: PeriodKind::Month,
        };
        let mut c = Cell::count(3);
        c.hide = Some(Hide::Small);
        assert_eq!(l.cell(&c), "<5");
        c.hide = Some(Hide::Secondary);
        assert_eq!(l.cell(&c), "x");
        assert_eq!(l.cell(&Cell::new(Value::Percent(56.34))), "56,3 %");
    }
}
