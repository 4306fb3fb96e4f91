//! Builds the Leptos UI into `ui/dist` without trunk: cargo for wasm32,
//! wasm-bindgen for the JS glue, then the static files beside it.

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
            "--release",
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
            "target/wasm32-unknown-unknown/release/feltbog_ui.wasm",
        ],
    )?;
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
