//! *Om Feltbog*: the version, the licence and the third-party licences,
//! all built into the binary (see `build.rs`), so the About page needs no
//! file from the package and shows the same on every platform.

use feltbog_api::about::{AboutView, ThirdPartyLicence};
use feltbog_api::{ApiError, ErrorKind};
use serde::Deserialize;

/// The workspace's `license`, so the page and Cargo.toml cannot differ.
const LICENCE: &str = env!("CARGO_PKG_LICENSE");
const LICENCE_TEXT: &str = include_str!("../../assets/LICENSE-EUPL-1.2.txt");
/// cargo-about's listing (`assets/packaging/licences/about.json.hbs`), or
/// empty in a build made without it.
const LISTING: &str = include_str!(concat!(env!("OUT_DIR"), "/third-party-licences.json"));

/// The listing's shape, as the template writes it.
#[derive(Deserialize)]
struct Listing {
    licences: Vec<ThirdPartyLicence>,
}

pub fn view() -> Result<AboutView, ApiError> {
    Ok(AboutView {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        licence: LICENCE.to_owned(),
        licence_text: LICENCE_TEXT.to_owned(),
        third_party: third_party(LISTING)?,
    })
}

fn third_party(listing: &str) -> Result<Option<Vec<ThirdPartyLicence>>, ApiError> {
    if listing.trim().is_empty() {
        return Ok(None);
    }
    let listing: Listing = serde_json::from_str(listing).map_err(|e| ApiError {
        kind: ErrorKind::Internal,
        message: format!("the built-in licence listing does not read: {e}"),
    })?;
    Ok(Some(listing.licences))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_listing_reads_as_the_template_writes_it() {
        let listing = r#"{"licences":[
            {"id":"MIT","name":"MIT License","text":"Permission is hereby granted",
             "crates":[{"name":"serde","version":"1.0.229"},{"name":"uuid","version":"1.18.1"}]}
        ]}"#;
        let licences = third_party(listing).unwrap().unwrap();
        assert_eq!(licences[0].id, "MIT");
        assert_eq!(licences[0].crates[1].name, "uuid");
    }

    #[test]
    fn no_listing_is_none_and_a_broken_one_an_error() {
        assert_eq!(third_party("").unwrap(), None);
        assert_eq!(
            third_party("{\"licences\": [").unwrap_err().kind,
            ErrorKind::Internal
        );
    }

    #[test]
    fn the_licence_text_is_the_eupl() {
        let about = view().unwrap();
        assert!(about.licence_text.contains("EUPL"));
        assert_eq!(about.version, env!("CARGO_PKG_VERSION"));
    }
}
