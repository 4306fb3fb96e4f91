//! Builds the Leptos UI into `ui/dist` without trunk: cargo for wasm32 (the
//! size-tuned `wasm-release` profile), wasm-bindgen for the JS glue,
//! binaryen's wasm-opt to shrink it, then the static files beside it.

use crate::sh;
use anyhow::{Context, Result};
use std::path::Path;

pub fn build(root: &Path) -> Result<()> {
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
        ],
    )?;
    let dist = root.join("ui/dist");
    std::fs::create_dir_all(&dist)?;
    sh(
        root,
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--no-typescript",
            "--out-dir",
            "ui/dist",
            "--out-name",
            "ui",
            "target/wasm32-unknown-unknown/wasm-release/feltbog_ui.wasm",
        ],
    )?;
    shrink(root, &dist.join("ui_bg.wasm"))?;
    for (from, to) in [
        ("ui/index.html", "index.html"),
        ("ui/start.js", "start.js"),
        ("assets/styles/feltbog.css", "feltbog.css"),
        ("icons/128x128.png", "icon.png"),
    ] {
        std::fs::copy(root.join(from), dist.join(to)).with_context(|| format!("copying {from}"))?;
    }
    let size = std::fs::metadata(dist.join("ui_bg.wasm"))?.len();
    eprintln!("xtask: ui/dist built; ui_bg.wasm is {} KB", size / 1024);
    Ok(())
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
