//! Activities in the summary, per school (or area): how many were held in
//! the period (up to today: one dated ahead is planned), and the young
//! people and adults they reached.

use super::{danish_key, Facts, Place, Span};
use feltbog_api::summary::{Cell, Column, Measure, Row, RowLabel, Section, Table, TableKind};
use std::collections::BTreeMap;

#[derive(Default, Clone, Copy)]
struct Figures {
    held: u32,
    young: u32,
    adults: u32,
}

impl Figures {
    fn add(&mut self, o: &Figures) {
        self.held += o.held;
        self.young += o.young;
        self.adults += o.adults;
    }

    fn cells(&self) -> Vec<Cell> {
        [self.held, self.young, self.adults]
            .map(Cell::count)
            .to_vec()
    }
}

pub fn table(f: &Facts, p: &Span) -> Table {
    let mut places: BTreeMap<(String, Place), Figures> = BTreeMap::new();
    // An activity dated ahead holds what is expected: it counts once its
    // day has come (as a café counts once held).
    for a in f
        .activities
        .iter()
        .filter(|a| p.within(a.date) && a.date <= p.as_of)
    {
        let e = places
            .entry((danish_key(a.place.name()), a.place.clone()))
            .or_default();
        e.held += 1;
        e.young += a.young;
        e.adults += a.adults;
    }
    let mut total = Figures::default();
    for v in places.values() {
        total.add(v);
    }
    Table {
        kind: TableKind::Activities,
        section: Section::Activities,
        round: None,
        columns: [
            Measure::ActivitiesHeld,
            Measure::YoungReached,
            Measure::AdultsReached,
        ]
        .map(Column::Measure)
        .to_vec(),
        rows: places
            .into_iter()
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
