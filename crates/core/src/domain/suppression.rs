//! Small numbers hidden in what leaves the app (docs/DOMAIN.md, "Small numbers"):
//! a count of pupils or parents from 1 up to the threshold is hidden
//! (primary suppression), and further cells are hidden wherever a row,
//! column or grand total would let someone work a hidden cell out
//! (secondary suppression, as Statistics Denmark does it). Zero is shown:
//! it tells nothing about a person.
//!
//! The method: a table whose rows and columns add up to totals is a set of
//! linear relations. Draw one node per relation (each row and column that
//! sums to a total) and one "free" node for lines without one, and each cell
//! as an edge between its row's node and its column's node. The hidden
//! cells can then change together along any cycle of hidden edges without
//! changing a visible figure, so a hidden cell can be worked out exactly
//! when, and only when, it is a *bridge* of the hidden edges. While one is,
//! hide the cheapest path of further cells that closes a cycle through it
//! (the smallest counts, never a zero, totals last). Pure and deterministic.

use feltbog_api::summary::{Cell, Column, Hide, Measure, Summary, Table, TableKind, Value};
use feltbog_api::trends::{TrendMeasure, Trends};
use std::collections::{BTreeSet, BinaryHeap};

/// A table of counts with its totals: when `col_sums`, the last row holds
/// each column's sum of the rows above; when `row_sums`, the last column
/// holds each row's sum of the columns before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    pub values: Vec<Vec<u32>>,
    pub hide: Vec<Vec<Option<Hide>>>,
    pub row_sums: bool,
    pub col_sums: bool,
}

impl Grid {
    /// A grid with nothing hidden yet.
    pub fn new(values: Vec<Vec<u32>>, row_sums: bool, col_sums: bool) -> Self {
        let hide = values.iter().map(|r| vec![None; r.len()]).collect();
        Self {
            values,
            hide,
            row_sums,
            col_sums,
        }
    }

    fn rows(&self) -> usize {
        self.values.len()
    }

    fn cols(&self) -> usize {
        self.values.first().map_or(0, Vec::len)
    }

    /// The relation node of row `r` and of column `c`; node 0 is "free".
    fn nodes(&self, r: usize, c: usize) -> (usize, usize) {
        let row = if self.row_sums { 1 + r } else { 0 };
        let col = if self.col_sums {
            1 + self.rows() + c
        } else {
            0
        };
        (row, col)
    }

    fn node_count(&self) -> usize {
        1 + self.rows() + self.cols()
    }

    fn is_total(&self, r: usize, c: usize) -> bool {
        (self.col_sums && r + 1 == self.rows()) || (self.row_sums && c + 1 == self.cols())
    }

    fn cells(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        (0..self.rows()).flat_map(move |r| (0..self.cols()).map(move |c| (r, c)))
    }

    fn hidden(&self) -> Vec<(usize, usize)> {
        self.cells()
            .filter(|&(r, c)| self.hide[r][c].is_some())
            .collect()
    }
}

/// Hides the small counts of `g` and every cell needed to protect them.
pub fn suppress(g: &mut Grid, threshold: u32) {
    for (r, c) in g.cells().collect::<Vec<_>>() {
        let v = g.values[r][c];
        if g.hide[r][c].is_none() && v > 0 && v < threshold {
            g.hide[r][c] = Some(Hide::Small);
        }
    }
    let mut unprotectable: BTreeSet<(usize, usize)> = BTreeSet::new();
    while let Some(bridge) = g
        .hidden()
        .into_iter()
        .find(|e| !unprotectable.contains(e) && is_bridge(g, *e))
    {
        match cheapest_path(g, bridge) {
            Some(path) => {
                for (r, c) in path {
                    g.hide[r][c].get_or_insert(Hide::Secondary);
                }
            }
            // No other cell links its row and column: nothing can hide it.
            None => {
                unprotectable.insert(bridge);
            }
        }
    }
}

/// Whether the hidden cell `e` is the only hidden link between its row's
/// and its column's node (so its value follows from the visible ones).
fn is_bridge(g: &Grid, e: (usize, usize)) -> bool {
    let (from, to) = g.nodes(e.0, e.1);
    if from == to {
        // Both lines are free: no relation involves the cell at all.
        return false;
    }
    let edges: Vec<(usize, usize)> = g
        .hidden()
        .into_iter()
        .filter(|x| *x != e)
        .map(|(r, c)| g.nodes(r, c))
        .collect();
    let mut seen = vec![false; g.node_count()];
    let mut stack = vec![from];
    seen[from] = true;
    while let Some(n) = stack.pop() {
        for &(a, b) in &edges {
            let next = if a == n {
                b
            } else if b == n {
                a
            } else {
                continue;
            };
            if !seen[next] {
                seen[next] = true;
                stack.push(next);
            }
        }
    }
    !seen[to]
}

/// What hiding a cell costs: nothing when hidden already, its count
/// otherwise; a zero protects nothing and a total is what readers need.
fn cost(g: &Grid, r: usize, c: usize) -> u64 {
    if g.hide[r][c].is_some() {
        return 0;
    }
    let v = u64::from(g.values[r][c]);
    let zero = if v == 0 { 1_000_000 } else { 0 };
    let total = if g.is_total(r, c) { 10_000 } else { 0 };
    1 + v + zero + total
}

/// The cheapest set of cells, other than `e`, linking `e`'s row node to its
/// column node (Dijkstra over the cells as edges).
fn cheapest_path(g: &Grid, e: (usize, usize)) -> Option<Vec<(usize, usize)>> {
    let (from, to) = g.nodes(e.0, e.1);
    let n = g.node_count();
    let mut dist = vec![u64::MAX; n];
    let mut via: Vec<Option<((usize, usize), usize)>> = vec![None; n];
    let mut heap = BinaryHeap::new();
    dist[from] = 0;
    heap.push(std::cmp::Reverse((0u64, from)));
    let cells: Vec<(usize, usize)> = g.cells().filter(|x| *x != e).collect();
    while let Some(std::cmp::Reverse((d, node))) = heap.pop() {
        if d > dist[node] {
            continue;
        }
        for &(r, c) in &cells {
            let (a, b) = g.nodes(r, c);
            let next = match (a == node, b == node) {
                (true, _) => b,
                (_, true) => a,
                _ => continue,
            };
            let nd = d + cost(g, r, c);
            if nd < dist[next] {
                dist[next] = nd;
                via[next] = Some(((r, c), node));
                heap.push(std::cmp::Reverse((nd, next)));
            }
        }
    }
    let mut path = Vec::new();
    let mut at = to;
    while at != from {
        let (cell, prev) = via[at]?;
        path.push(cell);
        at = prev;
    }
    Some(path)
}

/// Marks every cell of `s` an export must hide. The summary's numbers stay
/// as they are: the screen shows them, with the marks.
pub fn suppress_summary(mut s: Summary) -> Summary {
    let t = s.threshold;
    for i in 0..s.tables.len() {
        match s.tables[i].kind {
            TableKind::SurveyGrades => {
                let hidden_totals = suppress_table(&mut s.tables[i], t, true, None);
                // The per-school table's answered column is this table's
                // last column: the same cells, hidden alike.
                if let Some(per_school) = i.checked_sub(1).and_then(|j| s.tables.get_mut(j)) {
                    protect_per_school(per_school, &hidden_totals, t);
                }
            }
            TableKind::Cafes => {
                for m in [Measure::Parents, Measure::Invited] {
                    suppress_column(&mut s.tables[i], m, t);
                }
                derive(
                    &mut s.tables[i],
                    Measure::Share,
                    &[Measure::Parents, Measure::Invited],
                );
            }
            TableKind::Activities => {
                for m in [Measure::YoungReached, Measure::AdultsReached] {
                    suppress_column(&mut s.tables[i], m, t);
                }
            }
            _ => {}
        }
    }
    s
}

/// Marks every cell of the trends an export must hide: a count of pupils
/// or parents from 1 up to the threshold (as in the summary; visits, cafés
/// and the municipality's case counts are counts of events, shown as the
/// summary shows them), and the survey's rate where its count of pupils is
/// hidden. The trends have no totals and show no change between years, so
/// no further cell is needed to keep a hidden one hidden; what a year's own
/// report hides comes marked already ([`super::trends::compute`]).
pub fn suppress_trends(mut t: Trends) -> Trends {
    let threshold = t.threshold;
    let small = |c: &mut Cell| {
        if matches!(c.value, Value::Count(n) if n > 0 && n < threshold) && c.hide.is_none() {
            c.hide = Some(Hide::Small);
        }
    };
    for row in &mut t.rows {
        if matches!(
            row.measure,
            TrendMeasure::SurveyAnswered | TrendMeasure::Parents | TrendMeasure::YoungReached
        ) {
            row.cells.iter_mut().for_each(small);
        }
    }
    let answered: Vec<bool> = t
        .rows
        .iter()
        .find(|r| r.measure == TrendMeasure::SurveyAnswered)
        .map(|r| r.cells.iter().map(|c| c.hide.is_some()).collect())
        .unwrap_or_default();
    if let Some(rate) = t
        .rows
        .iter_mut()
        .find(|r| r.measure == TrendMeasure::SurveyRate)
    {
        for (cell, hidden) in rate.cells.iter_mut().zip(answered) {
            if hidden && cell.hide.is_none() && cell.value != Value::Empty {
                cell.hide = Some(Hide::Derived);
            }
        }
    }
    t
}

/// The per-school survey table, after its grade table: answered as there,
/// enrolled and answered-this-week on their own, the rate derived.
fn protect_per_school(t: &mut Table, answered: &[Option<Hide>], threshold: u32) {
    if t.kind != TableKind::Survey {
        return;
    }
    if let Some(a) = position(t, Measure::Answered) {
        for (row, hide) in t.rows.iter_mut().chain(t.total.as_mut()).zip(answered) {
            if let Some(cell) = row.cells.get_mut(a) {
                cell.hide = *hide;
            }
        }
    }
    suppress_column(t, Measure::Enrolled, threshold);
    suppress_column(t, Measure::AnsweredThisWeek, threshold);
    derive(t, Measure::Rate, &[Measure::Answered, Measure::Enrolled]);
}

fn position(t: &Table, m: Measure) -> Option<usize> {
    t.columns.iter().position(|c| *c == Column::Measure(m))
}

/// Suppresses one column of counts with its total row.
fn suppress_column(t: &mut Table, m: Measure, threshold: u32) {
    if let Some(c) = position(t, m) {
        suppress_table(t, threshold, false, Some(c));
    }
}

/// Runs [`suppress`] over the table's count cells (all columns, or only
/// `only`), writes the marks back and returns the last column's marks.
fn suppress_table(
    t: &mut Table,
    threshold: u32,
    row_sums: bool,
    only: Option<usize>,
) -> Vec<Option<Hide>> {
    let cols: Vec<usize> = match only {
        Some(c) => vec![c],
        None => (0..t.columns.len()).collect(),
    };
    let rows: Vec<&mut feltbog_api::summary::Row> =
        t.rows.iter_mut().chain(t.total.as_mut()).collect();
    let values = rows
        .iter()
        .map(|r| cols.iter().map(|&c| count_at(r, c)).collect())
        .collect();
    let mut g = Grid::new(values, row_sums, true);
    for (ri, r) in rows.iter().enumerate() {
        for (ci, &c) in cols.iter().enumerate() {
            g.hide[ri][ci] = r.cells.get(c).and_then(|x| x.hide);
        }
    }
    suppress(&mut g, threshold);
    let mut last = Vec::new();
    for (ri, r) in rows.into_iter().enumerate() {
        for (ci, &c) in cols.iter().enumerate() {
            if let Some(cell) = r.cells.get_mut(c) {
                cell.hide = g.hide[ri][ci];
            }
        }
        last.push(g.hide[ri].last().copied().flatten());
    }
    last
}

fn count_at(r: &feltbog_api::summary::Row, c: usize) -> u32 {
    r.cells.get(c).and_then(|x| x.value.count()).unwrap_or(0)
}

/// Hides `target` in every row where one of `from` is hidden.
fn derive(t: &mut Table, target: Measure, from: &[Measure]) {
    let (Some(at), from): (Option<usize>, Vec<usize>) = (
        position(t, target),
        from.iter().filter_map(|m| position(t, *m)).collect(),
    ) else {
        return;
    };
    for row in t.rows.iter_mut().chain(t.total.as_mut()) {
        let hidden = from
            .iter()
            .any(|&c| row.cells.get(c).is_some_and(|x| x.hide.is_some()));
        if let Some(cell) = row.cells.get_mut(at) {
            if hidden && cell.hide.is_none() {
                cell.hide = Some(Hide::Derived);
            }
        }
    }
}

#[cfg(test)]
#[path = "suppression_tests.rs"]
mod tests;
