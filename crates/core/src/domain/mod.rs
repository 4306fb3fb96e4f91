//! Pure domain rules: values in, values out, no I/O.

pub mod access_chain;
pub mod activities;
pub mod cafes;
pub mod calendar;
pub mod case_input;
pub mod cases;
pub mod compliance;
pub mod dated_rows;
pub mod desk;
pub mod hlc;
pub mod merge;
pub mod offer_letter;
pub mod period;
pub mod police_list;
pub mod retention;
pub mod school_report;
pub mod schools;
pub mod search;
pub mod summary;
pub mod suppression;
pub mod survey;
pub mod survey_import;
pub mod survey_overview;
pub mod tabular;
pub mod text;
pub mod trends;
pub mod visits;

/// A value that has passed its validation. Only this module's validators can
/// make one, and the store's write methods take only these, so nothing
/// unchecked reaches the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Valid<T>(T);

impl<T> std::ops::Deref for Valid<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> Valid<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}
