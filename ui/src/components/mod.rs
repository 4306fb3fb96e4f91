//! Pieces shared by several pages.

mod busy;
mod confirm;
pub mod dated_rows;
pub mod draft;
mod field;
mod focus;
mod list;
mod partners;
mod place;
mod read_error;
pub mod scope;
mod table_scroll;
mod time;

pub use busy::{busy, DispatchIdle};
pub use confirm::Confirm;
pub use field::{read_date, read_grades, ErrorBanner, Field, FormErrors};
pub use focus::{focus_button_soon, focus_soon};
pub use list::{list_view, Loaded, Rows};
pub use partners::PartnersFieldset;
pub use place::SchoolOrArea;
pub use read_error::{
    schools_or_none, schools_resource, ReadFailed, SchoolSelect, SchoolsReadFailed,
};
pub use scope::{OwnerNote, ScopeSwitch};
pub use table_scroll::TableScroll;
pub use time::{local_clock, local_time};
