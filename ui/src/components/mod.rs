//! Pieces shared by several pages.

pub mod draft;
mod field;
mod list;
mod time;

pub use field::{read_date, ErrorBanner, Field, FormErrors};
pub use list::list_view;
pub use time::{local_clock, local_time};
