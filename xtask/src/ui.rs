//! Builds the Leptos UI into `ui/dist` without trunk: cargo for wasm32 (the
//! size-tuned `wasm-release` profile), the split at the `#[lazy]` pages
//! (`ui/src/lazy_pages.rs`) into a main module and parts fetched on first
//! use, wasm-bindgen for the main module's JS glue, binaryen's wasm-opt to
//! shrink every part, then the static files beside them.

use crate::sh;
use anyhow::{Context, Result};
use std::path::Path;

pub fn build(root: &Path) -> Result<()> {
    let remap = remap_paths(root)?;
    sh(
        root,
        &crate::cargo(),
        &[
            "build",
            "-p",
            "feltbog-ui",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            "wasm-release",
            "--config",
            &remap,
        ],
    )?;
    let dist = root.join("ui/dist");
    std::fs::create_dir_all(&dist)?;
    remove_old_parts(&dist)?;
    let built = root.join("target/wasm32-unknown-unknown/wasm-release/feltbog_ui.wasm");
    let main = root.join("target/wasm32-unknown-unknown/wasm-release/feltbog_ui_main.wasm");
    let parts = split(&built, &main, &dist)?;
    sh(
        root,
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--no-typescript",
            // The parts call the main module's functions by these names.
            "--keep-lld-exports",
            "--out-dir",
            "ui/dist",
            "--out-name",
            "ui",
            &main.to_string_lossy(),
        ],
    )?;
    shrink(root, &dist.join("ui_bg.wasm"))?;
    shrink_parts(root, &parts)?;
    for (from, to) in [
        ("ui/index.html", "index.html"),
        ("ui/start.js", "start.js"),
        ("assets/styles/feltbog.css", "feltbog.css"),
        ("assets/i18n/catalogue.tsv", "catalogue.tsv"),
        ("icons/128x128.png", "icon.png"),
    ] {
        std::fs::copy(root.join(from), dist.join(to)).with_context(|| format!("copying {from}"))?;
    }
    let size = std::fs::metadata(dist.join("ui_bg.wasm"))?.len();
    let mut rest = 0;
    for part in &parts {
        rest += std::fs::metadata(part)?.len();
    }
    eprintln!(
        "xtask: ui/dist built; ui_bg.wasm is {} KB, its {} lazy parts {} KB",
        size / 1024,
        parts.len(),
        rest / 1024
    );
    Ok(())
}

/// Parts smaller than this are left as LLVM wrote them: a split writes
/// hundreds of small chunks, and wasm-opt's own start costs more time than
/// it takes off their few hundred bytes.
const SHRINK_FROM: u64 = 4096;

/// Runs wasm-opt on the parts worth it, on every core.
fn shrink_parts(root: &Path, parts: &[std::path::PathBuf]) -> Result<()> {
    if !crate::setup::wasm_opt_path(root).exists() {
        // `shrink` said so for the main module already.
        return Ok(());
    }
    let mut big = Vec::new();
    for part in parts {
        if std::fs::metadata(part)?.len() >= SHRINK_FROM {
            big.push(part);
        }
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..cores)
            .map(|_| {
                s.spawn(|| -> Result<()> {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(part) = big.get(i) else {
                            return Ok(());
                        };
                        shrink(root, part)?;
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .map_err(|_| anyhow::anyhow!("a wasm-opt worker panicked"))?
            })
            .collect::<Result<Vec<()>>>()
    })?;
    Ok(())
}

/// The parts a split writes beside the main module: `split_*.wasm` per
/// lazy function, `chunk_*.wasm` for code two of them share, and the loader.
fn is_part(name: &str) -> bool {
    (name.starts_with("split_") || name.starts_with("chunk_")) && name.ends_with(".wasm")
        || name.starts_with("__wasm_split")
}

/// Removes the parts of an earlier split: parts of two builds do not fit
/// together, and a page would load another build's code.
fn remove_old_parts(dist: &Path) -> Result<()> {
    for entry in std::fs::read_dir(dist)? {
        let path = entry?.path();
        if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(is_part)
        {
            std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        }
    }
    Ok(())
}

/// Cuts cargo's wasm at its `#[lazy]` functions: the main module goes to
/// `main` (for wasm-bindgen), the parts and their loader into `dist`. The
/// loader imports the main module's JS (`ui.js`) beside it. Needs the wasm
/// linked with `--emit-relocs` (`.cargo/config.toml`). Answers the parts.
fn split(built: &Path, main: &Path, dist: &Path) -> Result<Vec<std::path::PathBuf>> {
    let input = std::fs::read(built).with_context(|| format!("reading {}", built.display()))?;
    let mut opts = wasm_split_cli_support::Options::new(&input);
    opts.output_dir = dist;
    opts.main_out_path = main;
    opts.link_name = "./__wasm_split.js";
    opts.main_module = "./ui.js";
    let out = wasm_split_cli_support::transform(opts)
        .map_err(|e| anyhow::anyhow!("splitting the UI's wasm: {e:?}"))?;
    Ok(out.split_modules)
}

/// Runs wasm-opt -Oz from binaryen (installed by setup from npm, pinned:
/// Debian's older binaryen produces a module that loads to a blank page).
/// Without npm the step is skipped: the UI works, it is only larger.
fn shrink(root: &Path, wasm: &Path) -> Result<()> {
    let wasm_opt = crate::setup::wasm_opt_path(root);
    if !wasm_opt.exists() {
        eprintln!("xtask: wasm-opt not installed (needs npm); keeping the unoptimized UI");
        return Ok(());
    }
    let wasm = wasm.to_string_lossy();
    sh(
        root,
        &wasm_opt.to_string_lossy(),
        &[
            "-Oz",
            "--strip-debug",
            "--strip-producers",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
            &wasm,
            "-o",
            &wasm,
        ],
    )
}

/// A panic's location names its source file, and the module carries every
/// such name: with the checkout's and cargo's registry's absolute prefixes
/// cut (`--remap-path-prefix`), the main module is a few KB smaller, and
/// names no directory of the machine that built it. As a `--config`
/// value, which cargo adds to the target's rustflags in
/// `.cargo/config.toml` (a `RUSTFLAGS` variable would replace them).
fn remap_paths(root: &Path) -> Result<String> {
    let mut prefixes = vec![(root.to_path_buf(), "feltbog")];
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")));
    if let Some(src) = cargo_home.map(|h| h.join("registry/src")) {
        if let Ok(dirs) = std::fs::read_dir(&src) {
            // Sorted: the flags are part of cargo's fingerprint.
            let mut dirs = dirs
                .map(|d| d.map(|d| d.path()))
                .collect::<Result<Vec<_>, _>>()?;
            dirs.sort();
            prefixes.extend(dirs.into_iter().map(|d| (d, "crates")));
        }
    }
    let flags: Vec<String> = prefixes
        .iter()
        .map(|(from, to)| {
            let flag = format!("--remap-path-prefix={}={to}", from.display());
            format!("\"{}\"", flag.replace('\\', "\\\\").replace('"', "\\\""))
        })
        .collect();
    Ok(format!(
        "target.wasm32-unknown-unknown.rustflags=[{}]",
        flags.join(", ")
    ))
}
