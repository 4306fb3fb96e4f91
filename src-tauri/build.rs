//! The shell's build: the link flag that keeps SQLCipher's symbols private,
//! the third-party licence listing for *Om Feltbog*, and Tauri's own step.

use std::error::Error;
use std::path::PathBuf;

/// Set by `cargo xtask dist` to the listing cargo-about made from
/// Cargo.lock; a build without it (a developer's) embeds an empty listing
/// and the About page says the packaged program has it.
const LISTING_VAR: &str = "FELTBOG_THIRD_PARTY_LICENCES";

fn main() -> Result<(), Box<dyn Error>> {
    // The bundled SQLCipher's sqlite3_* symbols must not be exported from the
    // app binary: they would override the system libsqlite3 that WebKitGTK
    // loads into the same process (another Tauri app crashed from it; check
    // with `nm -D --defined-only target/debug/feltbog-desk | grep -c sqlite3_`,
    // which must be 0).
    println!("cargo:rustc-link-arg-bins=-Wl,--exclude-libs,ALL");
    embed_licence_listing()?;
    tauri_build::build();
    Ok(())
}

/// Copies the listing into OUT_DIR, where `about.rs` includes it: built
/// in, it travels with the binary on every platform, not only in a .deb.
fn embed_licence_listing() -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-env-changed={LISTING_VAR}");
    let listing = match std::env::var_os(LISTING_VAR) {
        Some(path) => {
            println!("cargo:rerun-if-changed={}", PathBuf::from(&path).display());
            std::fs::read_to_string(&path)
                .map_err(|e| format!("{LISTING_VAR}={}: {e}", path.to_string_lossy()))?
        }
        None => String::new(),
    };
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    std::fs::write(out.join("third-party-licences.json"), listing)?;
    Ok(())
}
