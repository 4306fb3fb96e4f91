//! `cargo xtask bench [sync | server | summary | reads | cases | ui]`:
//! figures, never assertions. Without an argument, everything.
//!
//! Most figures come from `feltbog-bench` (release build). The UI's come
//! from here: the wasm's size as shipped (raw and gzipped) and, through
//! the end-to-end harness, how long the release app takes from start to
//! its unlock screen and from unlocking to the first page painted
//! (`tests/tests/startup.rs`).

use crate::{cargo, postgres, setup, sh, sh_env, ui};
use anyhow::{Context, Result};
use std::path::Path;
use std::process::{Command, Stdio};

pub fn bench(root: &Path) -> Result<()> {
    setup::all(root)?;
    ui::build(root)?;
    let args: Vec<String> = std::env::args().skip(2).collect();
    let only_ui = args.first().is_some_and(|a| a == "ui");
    if !only_ui {
        // The server's figures on PostgreSQL too, on a throwaway cluster.
        let pg = postgres::Cluster::start()?;
        std::env::set_var("FELTBOG_BENCH_POSTGRES", &pg.url);
        let mut cmd = vec!["run", "--release", "-p", "feltbog-bench", "--"];
        cmd.extend(args.iter().map(String::as_str));
        let out = sh(root, &cargo(), &cmd);
        drop(pg);
        out?;
    }
    if only_ui || args.is_empty() {
        ui_figures(root)?;
    }
    Ok(())
}

/// The UI's size and start-up, on the release build of the app.
fn ui_figures(root: &Path) -> Result<()> {
    let dist = root.join("ui/dist");
    let wasm = dist.join("ui_bg.wasm");
    let raw = std::fs::metadata(&wasm)
        .with_context(|| format!("{}", wasm.display()))?
        .len();
    let gz = gzipped_len(&wasm)?;
    println!("\nThe UI's main module, what loads before the unlock screen (ui/dist/ui_bg.wasm after wasm-opt; goal < 900 KB raw, < 300 KB gzipped):");
    println!(
        "  raw {raw} bytes ({} KB), gzip -9 {gz} bytes ({} KB)",
        raw / 1024,
        gz / 1024
    );
    let (mut parts, mut parts_raw, mut parts_gz) = (0, 0, 0);
    for entry in std::fs::read_dir(&dist)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with("split_desk_") {
            println!(
                "  the Overblik's part (loaded while the unlock screen shows): raw {} bytes, gzip -9 {} bytes",
                std::fs::metadata(&path)?.len(),
                gzipped_len(&path)?
            );
        }
        if name.ends_with(".wasm") && name != "ui_bg.wasm" {
            parts += 1;
            parts_raw += std::fs::metadata(&path)?.len();
            parts_gz += gzipped_len(&path)?;
        }
    }
    println!(
        "  and {parts} parts loaded when a page is first opened: raw {parts_raw} bytes ({} KB), gzip -9 {parts_gz} bytes ({} KB)",
        parts_raw / 1024,
        parts_gz / 1024
    );
    for (what, file) in [
        (
            "the split's loader (JS, also loaded at start)",
            "__wasm_split.js",
        ),
        (
            "the text catalogue (read at start beside the wasm, not compiled in)",
            "catalogue.tsv",
        ),
    ] {
        let path = dist.join(file);
        let raw = std::fs::metadata(&path)
            .with_context(|| format!("{}", path.display()))?
            .len();
        println!(
            "  {what}: raw {raw} bytes, gzip -9 {} bytes",
            gzipped_len(&path)?
        );
    }
    sh(
        root,
        &cargo(),
        &["build", "--release", "-p", "feltbog-desk"],
    )?;
    let app = root.join("target/release/feltbog-desk");
    sh_env(
        root,
        "xvfb-run",
        &[
            "-a",
            "-s",
            "-screen 0 1366x768x24",
            &cargo(),
            "test",
            "-p",
            "feltbog-e2e",
            "--test",
            "startup",
            "--",
            "--ignored",
            "--nocapture",
        ],
        &[("FELTBOG_E2E_APP", app.as_os_str())],
    )
}

/// The file's size through `gzip -9`, as a web server would send it.
fn gzipped_len(path: &Path) -> Result<u64> {
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .stderr(Stdio::inherit())
        .output()
        .context("running gzip")?;
    anyhow::ensure!(out.status.success(), "gzip failed on {}", path.display());
    Ok(out.stdout.len() as u64)
}
