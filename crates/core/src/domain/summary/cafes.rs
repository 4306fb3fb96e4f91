//! Parent cafés in the summary, per school (or area): held in the week and
//! in the school year so far, parents who came and were invited (the share
//! only over cafés where the invited count is known), the themes, and the
//! agreements due for a revisit by the end of the week.

use super::{danish_key, Facts, Place, Span};
use feltbog_api::cafes::{CafeStatus, CafeTheme};
use feltbog_api::summary::{
    Cell, Column, Measure, Row, RowLabel, Section, Table, TableKind, Value,
};
use std::collections::BTreeMap;

#[derive(Default, Clone)]
struct PlaceFigures {
    week: u32,
    year: u32,
    parents: u32,
    parents_with_invited: u32,
    invited: u32,
    themes: Vec<CafeTheme>,
    agreements_due: u32,
}

impl PlaceFigures {
    fn shows(&self) -> bool {
        self.week > 0 || self.agreements_due > 0
    }

    fn add(&mut self, o: &PlaceFigures) {
        self.week += o.week;
        self.year += o.year;
        self.parents += o.parents;
        self.parents_with_invited += o.parents_with_invited;
        self.invited += o.invited;
        self.agreements_due += o.agreements_due;
        for t in &o.themes {
            if !self.themes.contains(t) {
                self.themes.push(*t);
            }
        }
    }

    fn cells(&self) -> Vec<Cell> {
        let share = (self.invited > 0).then(|| {
            Value::Percent(100.0 * f64::from(self.parents_with_invited) / f64::from(self.invited))
        });
        let mut themes = self.themes.clone();
        themes.sort_by_key(|t| CafeTheme::ALL.iter().position(|a| a == t));
        vec![
            Cell::count(self.week),
            Cell::count(self.year),
            Cell::count(self.parents),
            Cell::count(self.invited),
            Cell::new(share.unwrap_or(Value::Empty)),
            Cell::new(Value::Themes(themes)),
            Cell::count(self.agreements_due),
        ]
    }
}

type Places = BTreeMap<(String, Place), PlaceFigures>;

fn entry<'a>(places: &'a mut Places, place: &Place) -> &'a mut PlaceFigures {
    places
        .entry((danish_key(place.name()), place.clone()))
        .or_default()
}

pub fn table(f: &Facts, p: &Span) -> Table {
    let mut places: Places = BTreeMap::new();
    for c in f.cafes.iter().filter(|c| c.status == CafeStatus::Held) {
        let e = entry(&mut places, &c.place);
        if (p.school_year_start..=p.to).contains(&c.date) {
            e.year += 1;
        }
        if p.within(c.date) {
            e.week += 1;
            e.parents += c.parents;
            if let Some(inv) = c.invited {
                e.invited += inv;
                e.parents_with_invited += c.parents;
            }
            if !e.themes.contains(&c.theme) {
                e.themes.push(c.theme);
            }
        }
    }
    for a in &f.agreements {
        if !a.done && a.revisit <= p.as_of {
            entry(&mut places, &a.place).agreements_due += 1;
        }
    }
    let mut total = PlaceFigures::default();
    for v in places.values() {
        total.add(v);
    }
    Table {
        kind: TableKind::Cafes,
        section: Section::Cafes,
        round: None,
        columns: [
            Measure::CafesHeld,
            Measure::CafesSchoolYear,
            Measure::Parents,
            Measure::Invited,
            Measure::Share,
            Measure::Themes,
            Measure::AgreementsDue,
        ]
        .map(Column::Measure)
        .to_vec(),
        rows: places
            .into_iter()
            .filter(|(_, v)| v.shows())
            .map(|((_, place), v)| Row {
                label: place.label(),
                cells: v.cells(),
            })
            .collect(),
        total: Some(Row {
            label: RowLabel::Total,
            cells: total.cells(),
        }),
    }
}
