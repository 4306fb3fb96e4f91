//! Windows, built here with MinGW (issue: Windows installers). What
//! `cargo xtask test` checks on every run is cheap: the crates Feltbog
//! ships for Windows type-check for its target, so a Unix-only call cannot
//! land unnoticed. It builds SQLCipher and its OpenSSL for the target once
//! (about 5 min from clean on 2 cores) and then costs seconds.

use crate::{cargo, sh_env};
use anyhow::Result;
use std::path::Path;

/// The Windows target: MinGW's, which Debian's toolchain links for.
pub const TARGET: &str = "x86_64-pc-windows-gnu";

/// Debian's MinGW C compiler (SQLCipher and the vendored OpenSSL are C).
pub const APT_PACKAGES: &[&str] = &["gcc-mingw-w64-x86-64"];

/// The packages a Windows laptop runs: the app and the command line with
/// what they are built from. The sync server runs on a Linux host.
const SHIPPED: &[&str] = &[
    "-p",
    "feltbog-api",
    "-p",
    "feltbog-wire",
    "-p",
    "feltbog-core",
    "-p",
    "feltbog-export",
    "-p",
    "feltbog-cli",
    "-p",
    "feltbog-desk",
];

/// `cargo check` of the shipped crates for Windows, warnings as errors (a
/// function only a Unix branch uses is as much a slip as a call that does
/// not exist there).
pub fn check(root: &Path) -> Result<()> {
    let mut args = vec!["check", "--target", TARGET];
    args.extend(SHIPPED);
    sh_env(
        root,
        &cargo(),
        &args,
        &[(
            "CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS",
            std::ffi::OsStr::new("-Dwarnings"),
        )],
    )
}
