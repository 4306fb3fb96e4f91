//! `cargo xtask <setup | run | test | bench | build-ui | dist [--windows] |
//! test-dist | test-windows>`.
//!
//! The project's only entry points besides plain cargo. `run` and `test`
//! first install whatever this machine is missing (Debian packages, the wasm
//! target, wasm-bindgen-cli at the version Cargo.lock pins, tauri-driver), so
//! a fresh Debian 12 machine needs nothing but Rust and this repository.
#![forbid(unsafe_code)]

mod bench;
mod clean_debian;
mod disk;
mod dist;
mod dist_windows;
mod postgres;
mod setup;
mod test_dist;
mod test_windows;
mod ui;
mod windows;

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() -> Result<()> {
    let task = std::env::args().nth(1).unwrap_or_default();
    let root = root()?;
    match task.as_str() {
        "setup" => setup::all(&root),
        "build-ui" => ui::build(&root),
        "run" => run(&root),
        "test" => test(&root),
        "bench" => bench::bench(&root),
        "dist" => match std::env::args().nth(2).as_deref() {
            None => dist::dist(&root).map(|_| ()),
            Some("--windows") => dist_windows::dist_windows(&root).map(|_| ()),
            Some(other) => bail!("cargo xtask dist: unknown option '{other}' (only --windows)"),
        },
        "test-dist" => test_dist::test_dist(&root),
        "test-windows" => test_windows::test_windows(&root),
        _ => {
            eprintln!(
                "usage: cargo xtask <setup | run | test | bench | build-ui | dist [--windows] | test-dist | test-windows>"
            );
            eprintln!("  setup     install what is missing (system packages, wasm target, tools)");
            eprintln!("  run       setup, build, and open the desktop app");
            eprintln!("  test      setup, build, and run every test (end-to-end under Xvfb too)");
            eprintln!("  bench     print benchmark figures (release build)");
            eprintln!("  build-ui  build the Leptos UI into ui/dist");
            eprintln!("  dist      build the .deb packages and SHA256SUMS into target/dist");
            eprintln!("  dist --windows  the MSI, the per-user setup.exe and SHA256SUMS into target/dist/windows");
            eprintln!("  test-dist build, lint, install, try and remove the packages (root)");
            eprintln!("  test-windows  cross-build for Windows and run the programs under Wine");
            bail!("unknown task '{task}'")
        }
    }
}

/// The workspace root (xtask lives one level below it).
fn root() -> Result<PathBuf> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .map(Path::to_path_buf)
        .context("xtask has no parent directory")
}

/// Runs a command in the workspace root; fails if it fails.
pub fn sh(root: &Path, program: &str, args: &[&str]) -> Result<()> {
    sh_env(root, program, args, &[])
}

/// [`sh`] with more environment for the command (paths or words).
pub fn sh_env(
    root: &Path,
    program: &str,
    args: &[&str],
    env: &[(&str, &std::ffi::OsStr)],
) -> Result<()> {
    eprintln!("xtask: {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root)
        .status()
        .with_context(|| format!("could not start {program}"))?;
    if !status.success() {
        bail!("{program} {} failed with {status}", args.join(" "));
    }
    Ok(())
}

/// The packages of the three programs Feltbog ships, as cargo's `-p`
/// arguments: the app, the command line and the sync server.
pub const BINARIES: &[&str] = &[
    "-p",
    "feltbog-desk",
    "-p",
    "feltbog-cli",
    "-p",
    "feltbog-server",
];

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn run(root: &Path) -> Result<()> {
    setup::all(root)?;
    ui::build(root)?;
    sh(root, &cargo(), &["build", "-p", "feltbog-desk"])?;
    sh(
        root,
        &root.join("target/debug/feltbog-desk").to_string_lossy(),
        &[],
    )
}

/// What a test build from clean leaves in target/, with room to spare:
/// `du -sh target` after a fresh clone's `cargo xtask test` said 8.3G
/// (20G before dependencies lost their debug info).
const TEST_BUILD_BYTES: u64 = 12_000_000_000;

fn test(root: &Path) -> Result<()> {
    let started = std::time::Instant::now();
    disk::report(root, TEST_BUILD_BYTES, "cargo xtask test");
    setup::all(root)?;
    ui::build(root)?;
    // The sync server's tests run on SQLite and on this PostgreSQL.
    let pg = postgres::Cluster::start()?;
    std::env::set_var("FELTBOG_TEST_POSTGRES", &pg.url);
    std::env::set_var("FELTBOG_TEST_POSTGRES_DATA", &pg.data);
    std::env::set_var("FELTBOG_REQUIRE_POSTGRES", "1");
    let xvfb = |args: &[&str]| {
        let mut all = vec!["-a", "-s", "-screen 0 1366x768x24"];
        let cargo = cargo();
        all.push(&cargo);
        all.extend(args);
        sh(root, "xvfb-run", &all)
    };
    // Everything but the end-to-end tests first: the command line's own
    // tests run its ordinary build.
    let unit = xvfb(&[
        "test",
        "--workspace",
        "--exclude",
        "feltbog-ui",
        "--exclude",
        "feltbog-e2e",
        "--no-fail-fast",
    ]);
    // The end-to-end tests drive the real binaries, built with the test
    // clock (a fixed date from FELTBOG_TEST_TODAY), which no other build
    // has. Cargo keeps both builds, so switching costs a copy. Last run's
    // accessibility reports go first: each one left is this run's.
    let _ = std::fs::remove_dir_all(root.join("target/a11y"));
    let e2e = sh(
        root,
        &cargo(),
        &[
            &["build"],
            BINARIES,
            &[
                "--features",
                "feltbog-desk/test-hooks,feltbog-cli/test-hooks",
            ],
        ]
        .concat(),
    )
    .and_then(|()| xvfb(&["test", "-p", "feltbog-e2e", "--no-fail-fast"]));
    drop(pg);
    unit?;
    e2e?;
    windows::check(root)?;
    sh(root, &cargo(), &["test", "-p", "feltbog-ui", "--lib"])?;
    eprintln!("xtask: all tests passed in {:.0?}", started.elapsed());
    eprintln!(
        "xtask: screenshots are in target/e2e-screens/, accessibility reports in target/a11y/"
    );
    Ok(())
}
