//! Pieces shared by several pages.

pub mod draft;
mod field;
mod list;

pub use field::{read_date, ErrorBanner, Field, FormErrors};
pub use list::list_view;
