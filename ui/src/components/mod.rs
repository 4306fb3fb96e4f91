//! Pieces shared by several pages.

pub mod draft;
mod field;
mod list;

pub use field::{ErrorBanner, Field, FormErrors};
pub use list::list_view;
