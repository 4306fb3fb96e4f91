//! The dated rows a record keeps: a visit's follow-ups, a café's
//! agreements, an activity's follow-ups. Each is a text and a day on or
//! after the record's own; a record holds at most [`FOLLOW_UPS_MAX`].
//! One rule for all three, so they cannot drift.

use super::text::{clean, FOLLOW_UPS_MAX, FOLLOW_UP_MAX};
use super::visits::check_date;
use crate::{Error, Result};
use chrono::NaiveDate;
use feltbog_api::activities::ActivityFollowUpInput;
use feltbog_api::cafes::AgreementInput;
use feltbog_api::visits::FollowUpInput;
use feltbog_api::Problem;

/// What one record calls its rows, for the errors: the list's field
/// ("follow_ups"), the day's ("due"), the problem a day before the record
/// is, and the words of the two messages.
pub struct RowRules {
    pub field: &'static str,
    pub date_field: &'static str,
    pub early: Problem,
    pub too_many: &'static str,
    pub too_early: &'static str,
}

/// A row as typed: which stored row it edits, its text, day and mark.
pub trait DatedRow: Sized {
    /// The stored row it edits; `None` for a new one.
    fn id(&self) -> Option<uuid::Uuid>;
    fn text(&self) -> &str;
    fn day(&self) -> NaiveDate;
    fn done(&self) -> bool;
    /// The same row with its text tidied.
    fn with_text(&self, text: String) -> Self;
}

/// [`DatedRow`] for an input whose day is its field `$day`.
macro_rules! dated_row {
    ($t:ty, $day:ident) => {
        impl DatedRow for $t {
            fn id(&self) -> Option<uuid::Uuid> {
                self.id.map(|i| i.0)
            }
            fn text(&self) -> &str {
                &self.text
            }
            fn day(&self) -> NaiveDate {
                self.$day
            }
            fn done(&self) -> bool {
                self.done
            }
            fn with_text(&self, text: String) -> Self {
                Self {
                    text,
                    ..self.clone()
                }
            }
        }
    };
}

dated_row!(FollowUpInput, due);
dated_row!(AgreementInput, revisit);
dated_row!(ActivityFollowUpInput, due);

/// Checks and tidies the rows of a record dated `start`; an error names
/// the row's field (`follow_ups.2.due`).
pub fn clean_rows<T: DatedRow>(items: &[T], start: NaiveDate, r: &RowRules) -> Result<Vec<T>> {
    if items.len() > FOLLOW_UPS_MAX {
        return Err(Error::invalid(
            r.field,
            Problem::OutOfRange {
                min: 0,
                max: FOLLOW_UPS_MAX as i64,
            },
            format!("at most {FOLLOW_UPS_MAX} {}", r.too_many),
        ));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let date_field = format!("{}.{i}.{}", r.field, r.date_field);
            check_date(&date_field, row.day())?;
            if row.day() < start {
                return Err(Error::invalid(&date_field, r.early.clone(), r.too_early));
            }
            let text_field = format!("{}.{i}.text", r.field);
            Ok(row.with_text(clean(&text_field, row.text(), true, FOLLOW_UP_MAX)?))
        })
        .collect()
}
