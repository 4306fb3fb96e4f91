//! Pieces shared by several pages.

pub mod draft;
mod field;

pub use field::{ErrorBanner, Field, FormErrors};
