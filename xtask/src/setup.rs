//! Installs what the project needs, at pinned versions, when it is missing.
//! Each step checks first, so a second run costs a few seconds.

use crate::sh;
use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::Command;

/// Debian 12 packages: WebKitGTK for the Tauri webview, the C toolchain for
/// SQLCipher and OpenSSL, Xvfb and WebKitWebDriver for end-to-end tests,
/// PostgreSQL for the sync server's tests on its second storage, poppler's
/// tools (pdftotext, pdffonts, pdftoppm) to read the weekly summary's PDF
/// back in its tests, xdotool to answer the native save dialog in the
/// end-to-end test, and dbus-daemon for the session bus on which the
/// reminder's test plays a desktop's notification service.
const APT_PACKAGES: &[&str] = &[
    "libwebkit2gtk-4.1-dev",
    "build-essential",
    "pkg-config",
    "libssl-dev",
    "perl",
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    "postgresql",
    // The tests' PostgreSQL serves TLS with a certificate made per run.
    "openssl",
    "poppler-utils",
    "xdotool",
    "dbus-daemon",
    // The packaging test (xtask/tests/packaging.rs) checks the desktop
    // entry, the AppStream metadata and the server's systemd unit.
    "desktop-file-utils",
    "appstream",
    "systemd",
];

const TAURI_DRIVER_VERSION: &str = "2.1.0";
const BINARYEN_VERSION: &str = "132.0.0";
/// axe-core, which the end-to-end tests run on every screen they visit.
const AXE_CORE_VERSION: &str = "4.10.3";

pub fn all(root: &Path) -> Result<()> {
    apt_packages()?;
    apt(crate::windows::APT_PACKAGES)?;
    wasm_target(root)?;
    rust_target(root, crate::windows::TARGET)?;
    wasm_bindgen(root)?;
    tauri_driver(root)?;
    binaryen(root)?;
    axe_core(root)
}

/// axe-core under `target/tools/axe` (its own prefix: `npm install
/// --no-save` into a shared one removes what an earlier one put there).
/// Unlike wasm-opt it is not optional: without npm, Debian's is installed.
fn axe_core(root: &Path) -> Result<()> {
    let prefix = root.join("target/tools/axe");
    let installed = prefix.join("node_modules/axe-core/package.json");
    let version = std::fs::read_to_string(&installed).unwrap_or_default();
    if version.contains(&format!("\"version\": \"{AXE_CORE_VERSION}\"")) {
        return Ok(());
    }
    if output("npm", &["--version"]).is_none() {
        apt(&["npm"])?;
    }
    npm_install(root, &prefix, &format!("axe-core@{AXE_CORE_VERSION}"))
}

/// Where setup puts binaryen's wasm-opt (inside target/, so `cargo clean`
/// removes it and nothing is installed system-wide).
pub fn wasm_opt_path(root: &Path) -> std::path::PathBuf {
    root.join("target/tools/node_modules/.bin/wasm-opt")
}

fn binaryen(root: &Path) -> Result<()> {
    let tools = root.join("target/tools");
    let installed = tools.join("node_modules/binaryen/package.json");
    let version = std::fs::read_to_string(&installed).unwrap_or_default();
    if version.contains(&format!("\"version\": \"{BINARYEN_VERSION}\"")) {
        return Ok(());
    }
    if output("npm", &["--version"]).is_none() {
        eprintln!(
            "xtask: npm not found; the UI will be built without wasm-opt (larger, same behaviour)"
        );
        return Ok(());
    }
    npm_install(root, &tools, &format!("binaryen@{BINARYEN_VERSION}"))
}

/// `npm install` of one pinned package under `prefix`.
fn npm_install(root: &Path, prefix: &Path, package: &str) -> Result<()> {
    std::fs::create_dir_all(prefix)?;
    let prefix = prefix.to_string_lossy();
    sh(
        root,
        "npm",
        &[
            "install",
            "--no-save",
            "--no-audit",
            "--no-fund",
            "--prefix",
            &prefix,
            package,
        ],
    )
}

fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn apt_packages() -> Result<()> {
    apt(APT_PACKAGES)
}

/// Installs the Debian packages of `list` that are missing (as root, or
/// through sudo).
pub fn apt(list: &[&str]) -> Result<()> {
    if output("dpkg-query", &["--version"]).is_none() {
        eprintln!(
            "xtask: not a Debian system; install the equivalents of: {}",
            list.join(" ")
        );
        return Ok(());
    }
    let missing: Vec<&str> = list
        .iter()
        .copied()
        .filter(|p| {
            output("dpkg-query", &["-W", "-f=${Status}", p])
                .is_none_or(|s| !s.contains("install ok installed"))
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    as_root(&["apt-get", "update", "-q"])?;
    let mut install = vec!["apt-get", "install", "-y", "-q", "--no-install-recommends"];
    install.extend(&missing);
    as_root(&install)
}

/// Runs `args` as root: directly when this is root, else through sudo.
pub fn as_root(args: &[&str]) -> Result<()> {
    let is_root = output("id", &["-u"]).is_some_and(|u| u.trim() == "0");
    std::env::set_var("DEBIAN_FRONTEND", "noninteractive");
    if is_root {
        return sh(Path::new("/"), args[0], &args[1..]);
    }
    if output("sudo", &["-n", "true"]).is_none() && output("sudo", &["--version"]).is_none() {
        bail!(
            "this needs root and there is no sudo; as root run: {}",
            args.join(" ")
        );
    }
    let mut with_sudo = vec!["DEBIAN_FRONTEND=noninteractive"];
    with_sudo.extend(args);
    sh(Path::new("/"), "sudo", &with_sudo)
}

/// Installs a cargo tool at the pinned `version` (with `--locked`) unless
/// it is there already.
pub fn cargo_tool(root: &Path, name: &str, version: &str, features: &[&str]) -> Result<()> {
    let list = output(&crate::cargo(), &["install", "--list"]).unwrap_or_default();
    let says = output(name, &["--version"]).unwrap_or_default();
    if list.contains(&format!("{name} v{version}:"))
        || says.split_whitespace().nth(1) == Some(version)
    {
        return Ok(());
    }
    let mut args = vec!["install", name, "--version", version, "--locked"];
    for f in features {
        args.extend(["--features", f]);
    }
    sh(root, &crate::cargo(), &args)
}

fn wasm_target(root: &Path) -> Result<()> {
    rust_target(root, "wasm32-unknown-unknown")
}

/// Adds the Rust standard library for `target` to the toolchain in use.
fn rust_target(root: &Path, target: &str) -> Result<()> {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == target) {
        return Ok(());
    }
    sh(root, "rustup", &["target", "add", target])
}

/// The wasm-bindgen version Cargo.lock pins; the CLI must match it exactly.
pub fn locked_wasm_bindgen_version(root: &Path) -> Result<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_owned());
            }
        }
    }
    bail!("Cargo.lock pins no wasm-bindgen")
}

fn wasm_bindgen(root: &Path) -> Result<()> {
    let want = locked_wasm_bindgen_version(root)?;
    let have = output("wasm-bindgen", &["--version"]).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(want.as_str()) {
        return Ok(());
    }
    // Not --locked: one of the CLI's locked dependencies is missing from the
    // registry mirror these machines use (measured: with --locked the
    // install fails on it).
    sh(
        root,
        &crate::cargo(),
        &["install", "wasm-bindgen-cli", "--version", &want],
    )
}

fn tauri_driver(root: &Path) -> Result<()> {
    cargo_tool(root, "tauri-driver", TAURI_DRIVER_VERSION, &[])
}
