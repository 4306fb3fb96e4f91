//! Pieces shared by several pages.

mod field;

pub use field::{ErrorBanner, Field, FormErrors};
