//! `cargo xtask dist`: the installable packages, in release mode, into
//! `target/dist/`: `feltbog_<version>-1_amd64.deb` (the desktop app, the
//! `feltbog` command line, the manual pages, the desktop entry, the
//! AppStream metadata and the icons), `feltbog-server_<version>-1_amd64.deb`
//! (the server under systemd as its own user) and `SHA256SUMS`.
//!
//! Why cargo-deb and not the Tauri bundler (`cargo tauri build --bundles
//! deb`): one tool makes both packages from `[package.metadata.deb]` in the
//! crates' manifests, the server's included (the Tauri bundler packages only
//! the app), and it handles a systemd unit and maintainer scripts the way
//! debhelper does. Its `$auto` dependencies come from `dpkg-shlibdeps`,
//! which is what pulls WebKitGTK on Debian 12 and Ubuntu 24.04. No
//! AppImage: building one downloads tools these machines cannot reach.

use crate::setup::{apt, cargo_tool};
use crate::{cargo, sh, sh_env, BINARIES};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// cargo-deb and cargo-about at the versions this packaging was made with.
const CARGO_DEB_VERSION: &str = "3.8.0";
pub const CARGO_ABOUT_VERSION: &str = "0.9.3";

/// What the packaging needs besides `cargo xtask setup`: dpkg-shlibdeps
/// (dpkg-dev) for the dependencies, binutils to strip.
const DIST_PACKAGES: &[&str] = &["dpkg-dev", "binutils"];

/// The packages made, in `target/dist/`.
pub struct Packages {
    pub app: PathBuf,
    pub server: PathBuf,
}

pub fn dist(root: &Path) -> Result<Packages> {
    crate::setup::all(root)?;
    apt(DIST_PACKAGES)?;
    cargo_tool(root, "cargo-deb", CARGO_DEB_VERSION, &[])?;
    cargo_tool(root, "cargo-about", CARGO_ABOUT_VERSION, &["cli"])?;
    crate::ui::build(root)?;
    let dist = root.join("target/dist");
    let stage = dist.join("stage");
    std::fs::create_dir_all(&stage)?;
    for old in std::fs::read_dir(&dist)? {
        let path = old?.path();
        if path.extension().is_some_and(|e| e == "deb") || path.ends_with("SHA256SUMS") {
            std::fs::remove_file(&path)?;
        }
    }
    // The licences first: the app builds its listing in (About page).
    let listing = licences(root, &stage)?;
    release_build(root, &listing)?;
    man_pages(root, &stage)?;
    let out = dist.to_string_lossy().into_owned();
    for package in ["feltbog-desk", "feltbog-server"] {
        sh(
            root,
            &cargo(),
            &["deb", "-p", package, "--no-build", "--output", &out],
        )?;
    }
    let packages = Packages {
        app: find(&dist, "feltbog_")?,
        server: find(&dist, "feltbog-server_")?,
    };
    checksums(&dist)?;
    for p in [&packages.app, &packages.server] {
        let bytes = std::fs::metadata(p)?.len();
        eprintln!(
            "xtask: {} {:.1} MB",
            p.display(),
            bytes as f64 / 1_000_000.0
        );
    }
    Ok(packages)
}

/// The manual pages: `feltbog(1)` and `feltbog-server(1)` from their
/// command-line grammars (a hidden `man-page` command), `feltbog-desk(1)`
/// as written; each compressed as Debian wants it (no timestamp inside).
fn man_pages(root: &Path, stage: &Path) -> Result<()> {
    for program in ["feltbog", "feltbog-server"] {
        let roff = Command::new(root.join("target/release").join(program))
            .arg("man-page")
            .output()
            .with_context(|| format!("target/release/{program} man-page"))?;
        if !roff.status.success() {
            bail!("{program} man-page failed");
        }
        let page = stage.join(format!("{program}.1"));
        std::fs::write(&page, &roff.stdout)?;
        gzip(&page)?;
    }
    let desk = stage.join("feltbog-desk.1");
    std::fs::copy(root.join("assets/packaging/desktop/feltbog-desk.1"), &desk)?;
    gzip(&desk)
}

fn gzip(page: &Path) -> Result<()> {
    let mut gz = page.as_os_str().to_owned();
    gz.push(".gz");
    let status = Command::new("gzip")
        .args(["-9", "-n", "-c"])
        .arg(page)
        .stdout(std::fs::File::create(gz)?)
        .status()?;
    if !status.success() {
        bail!("gzip of {} failed", page.display());
    }
    Ok(())
}

/// The three binaries in release mode, the app with the licence listing
/// built in (`src-tauri/build.rs`).
fn release_build(root: &Path, listing: &Path) -> Result<()> {
    let started = Instant::now();
    sh_env(
        root,
        &cargo(),
        &[&["build", "--release", "--locked"], BINARIES].concat(),
        &[("FELTBOG_THIRD_PARTY_LICENCES", listing.as_os_str())],
    )?;
    eprintln!("xtask: release build in {:.0?}", started.elapsed());
    Ok(())
}

/// The third-party licences of everything the binaries link, from
/// Cargo.lock: one HTML page per package, and the app's as data for its
/// About page. Answers the data's path.
fn licences(root: &Path, stage: &Path) -> Result<PathBuf> {
    let listing = stage.join("third-party-licences.json");
    for (manifest, name, template) in [
        (
            "src-tauri/Cargo.toml",
            "third-party-licences.html",
            "about.hbs",
        ),
        (
            "src-tauri/Cargo.toml",
            "third-party-licences.json",
            "about.json.hbs",
        ),
        (
            "crates/server/Cargo.toml",
            "feltbog-server-third-party-licences.html",
            "about.hbs",
        ),
    ] {
        about(root, manifest, &stage.join(name), template, None)?;
    }
    Ok(listing)
}

/// One listing of `manifest`'s third-party licences through `template`,
/// for `target` (the config's Linux target when `None`).
pub fn about(
    root: &Path,
    manifest: &str,
    out: &Path,
    template: &str,
    target: Option<&str>,
) -> Result<()> {
    let dir = root.join("assets/packaging/licences");
    let target: &[&str] = match target {
        Some(t) => &["--target", t],
        None => &[],
    };
    sh(
        root,
        &cargo(),
        &[
            &[
                "about",
                "generate",
                "--locked",
                "--config",
                &dir.join("about.toml").to_string_lossy(),
                "--manifest-path",
                &root.join(manifest).to_string_lossy(),
                "--output-file",
                &out.to_string_lossy(),
                &dir.join(template).to_string_lossy(),
            ],
            target,
        ]
        .concat(),
    )
}

fn find(dir: &Path, prefix: &str) -> Result<PathBuf> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if name.starts_with(prefix) && name.ends_with("_amd64.deb") {
            return Ok(path);
        }
    }
    bail!("cargo deb made no {prefix}*_amd64.deb in {}", dir.display())
}

/// `SHA256SUMS` beside the packages, in the format `sha256sum -c` reads.
fn checksums(dist: &Path) -> Result<()> {
    let debs: Vec<String> = std::fs::read_dir(dist)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".deb"))
        .collect();
    write_checksums(dist, debs)
}

/// `SHA256SUMS` in `dir` for `files` (names relative to it), sorted.
pub fn write_checksums(dist: &Path, mut files: Vec<String>) -> Result<()> {
    files.sort();
    let out = Command::new("sha256sum")
        .args(&files)
        .current_dir(dist)
        .stderr(Stdio::inherit())
        .output()?;
    if !out.status.success() {
        bail!("sha256sum failed");
    }
    std::fs::write(dist.join("SHA256SUMS"), &out.stdout)?;
    eprint!("{}", String::from_utf8_lossy(&out.stdout));
    Ok(())
}
