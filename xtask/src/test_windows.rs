//! `cargo xtask test-windows`: Feltbog's Windows programs, cross-built
//! here with MinGW, run under Wine. Not part of `cargo xtask test`: the
//! Windows build would double CI's build time.
//!
//! What it runs:
//! - core's and the command line's own test suites, as Windows programs
//!   (Wine is cargo's runner for the target);
//!
//! and then, as a consultant on a Windows laptop would:
//! - the command line: `--version`, a wrong passphrase, `init`, a school, a
//!   visit and the weekly summary as PDF, with the profile and the PDF in a
//!   user folder whose names hold æøå and spaces (`C:\users\Søren Ærø\…`);
//!   the PDF is read back with `pdftotext`, and no file of the profile holds
//!   the school's name in clear;
//! - the desktop app on a computer without Microsoft's WebView2 runtime
//!   (Wine has none): it must say so in a native message box, in Danish
//!   with the English below, and exit with status 1, not panic. The box is
//!   saved as `target/e2e-screens/windows-webview-missing.png`.
//!
//! The app's window itself cannot be tried: WebView2 does not run under
//! Wine. Wine 8.0 lacks `bcryptprimitives.dll`, which Rust's standard
//! library imports; a stand-in (`xtask/wine/bcryptprimitives.c`) goes into
//! the test's Wine prefix only.

use crate::setup::apt;
use crate::windows::TARGET;
use crate::{cargo, setup, sh, sh_env, ui};
use anyhow::{bail, ensure, Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

/// Wine, a screenshot tool for the message box, and what the rest needs
/// (xdotool and poppler's pdftotext come with `cargo xtask setup`).
const PACKAGES: &[&str] = &["wine", "wine64", "imagemagick"];

const PASS: &str = "korrekt hest batteri hæfteklamme";

pub fn test_windows(root: &Path) -> Result<()> {
    let started = Instant::now();
    setup::all(root)?;
    apt(PACKAGES)?;
    ui::build(root)?;
    sh(
        root,
        &cargo(),
        &[
            "build",
            "--target",
            TARGET,
            "-p",
            "feltbog-cli",
            "-p",
            "feltbog-desk",
        ],
    )?;
    let bin = root.join("target").join(TARGET).join("debug");
    let wine = Wine::new(root)?;
    test_suites(root, &wine)?;
    command_line(&wine, &bin.join("feltbog.exe"))?;
    missing_webview(root, &wine, &bin.join("feltbog-desk.exe"))?;
    wine.stop();
    eprintln!(
        "xtask: the Windows programs ran under Wine as expected ({:.0?})",
        started.elapsed()
    );
    Ok(())
}

/// A Wine prefix of the test's own, under `target/wine`.
struct Wine {
    exe: PathBuf,
    prefix: PathBuf,
}

impl Wine {
    fn new(root: &Path) -> Result<Wine> {
        let exe = ["/usr/bin/wine64", "/usr/lib/wine/wine64", "/usr/bin/wine"]
            .iter()
            .map(PathBuf::from)
            .find(|p| p.exists())
            .context("no wine64 after installing Debian's wine64")?;
        let wine = Wine {
            exe,
            prefix: root.join("target/wine"),
        };
        // A session an earlier run left (with a screen long gone) would
        // serve this run's programs: start from none.
        wine.stop();
        if !wine.prefix.join("system.reg").exists() {
            let out = wine.command("wineboot").arg("--init").output()?;
            ensure!(
                out.status.success(),
                "wineboot --init: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let dll = wine
            .prefix
            .join("drive_c/windows/system32/bcryptprimitives.dll");
        let shim = root.join("xtask/wine/bcryptprimitives.c");
        sh(
            root,
            "x86_64-w64-mingw32-gcc",
            &[
                "-shared",
                "-O2",
                "-o",
                &dll.to_string_lossy(),
                &shim.to_string_lossy(),
                "-ladvapi32",
            ],
        )?;
        Ok(wine)
    }

    /// `program` (a path, or a Wine tool's name) run by Wine in the prefix.
    fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut c = Command::new(&self.exe);
        self.environment(&mut c).arg(program);
        c
    }

    /// What any command that starts Wine needs: the test's prefix, Wine
    /// quiet, and no offer to install Mono or Gecko (nothing needs them).
    fn variables(&self) -> [(&'static str, &std::ffi::OsStr); 3] {
        [
            ("WINEPREFIX", self.prefix.as_os_str()),
            ("WINEDEBUG", std::ffi::OsStr::new("-all")),
            (
                "WINEDLLOVERRIDES",
                std::ffi::OsStr::new("mscoree=d;mshtml=d"),
            ),
        ]
    }

    fn environment<'a>(&self, c: &'a mut Command) -> &'a mut Command {
        c.envs(self.variables())
    }

    /// Ends the prefix's Wine session (its wineserver and the programs it
    /// keeps), and waits until it is gone; nothing running is fine.
    fn stop(&self) {
        for arg in ["-k", "-w"] {
            let _ = self
                .environment(&mut Command::new("wineserver"))
                .arg(arg)
                .status();
        }
    }

    /// The Unix path of the prefix's `C:\`.
    fn c_drive(&self) -> PathBuf {
        self.prefix.join("drive_c")
    }
}

/// Core's and the command line's own test suites, built for Windows and
/// run by Wine (cargo's runner for the target). Only tests that are
/// genuinely Unix-only are left out, each marked `#[cfg(unix)]` with why.
fn test_suites(root: &Path, wine: &Wine) -> Result<()> {
    let mut env: Vec<(&str, &std::ffi::OsStr)> = vec![(
        "CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER",
        wine.exe.as_os_str(),
    )];
    env.extend(wine.variables());
    sh_env(
        root,
        &cargo(),
        &[
            "test",
            "--target",
            TARGET,
            "-p",
            "feltbog-core",
            "-p",
            "feltbog-cli",
            "--no-fail-fast",
        ],
        &env,
    )
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The command line's round trip in a folder named with æøå and spaces.
fn command_line(wine: &Wine, exe: &Path) -> Result<()> {
    let home_win = r"C:\users\Søren Ærø";
    let home = wine.c_drive().join("users/Søren Ærø");
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home)?;
    let data_win = format!(r"{home_win}\Feltbøg data");
    let run = |pass: &str, args: &[&str]| -> Result<Output> {
        eprintln!("xtask: wine feltbog.exe {}", args.join(" "));
        Ok(wine
            .command(exe)
            .arg("--data-dir")
            .arg(&data_win)
            .args(args)
            .env("FELTBOG_PASSPHRASE", pass)
            .output()?)
    };
    let ok = |args: &[&str]| -> Result<String> {
        let out = run(PASS, args)?;
        let (stdout, stderr) = text(&out);
        ensure!(
            out.status.success(),
            "feltbog.exe {args:?} under Wine failed ({}): {stderr}",
            out.status
        );
        Ok(stdout)
    };
    let version = ok(&["--version"])?;
    ensure!(
        version.contains("EUPL-1.2"),
        "--version says no licence: {version}"
    );
    ok(&["init"])?;
    let wrong = run("forkert kodeord", &["visit", "list"])?;
    let (_, said) = text(&wrong);
    ensure!(
        !wrong.status.success() && said.to_lowercase().contains("passphrase"),
        "a wrong passphrase was not refused in words: {said}"
    );
    ok(&[
        "school",
        "add",
        "--name",
        "Æblehaveskolen",
        "--kind",
        "folkeskole",
        "--town",
        "Egeby",
    ])?;
    ok(&[
        "visit",
        "add",
        "--school",
        "Æblehaveskolen",
        "--date",
        "2026-11-18",
        "--purpose",
        "class-talk",
        "--classes",
        "7a",
    ])?;
    let pdf_win = format!(r"{home_win}\Ugerapport uge 47.pdf");
    ok(&[
        "summary", "--week", "2026-W47", "--format", "pdf", "--out", &pdf_win,
    ])?;
    let pdf = home.join("Ugerapport uge 47.pdf");
    let out = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .with_context(|| format!("pdftotext {}", pdf.display()))?;
    let read = String::from_utf8_lossy(&out.stdout);
    ensure!(
        read.contains("Æblehaveskolen"),
        "the PDF written under Wine does not name the school:\n{read}"
    );
    for entry in std::fs::read_dir(home.join("Feltbøg data"))? {
        let path = entry?.path();
        if path.is_file() {
            let bytes = std::fs::read(&path)?;
            let name = "Æblehaveskolen".as_bytes();
            if bytes.windows(name.len()).any(|w| w == name) {
                bail!("{} holds the school's name in clear", path.display());
            }
        }
    }
    eprintln!("xtask: the command line worked under Wine in {home_win}");
    Ok(())
}

/// The app without WebView2: a native message box, then exit status 1.
fn missing_webview(root: &Path, wine: &Wine, exe: &Path) -> Result<()> {
    let shots = root.join("target/e2e-screens");
    std::fs::create_dir_all(&shots)?;
    let shot = shots.join("windows-webview-missing.png");
    let _ = std::fs::remove_file(&shot);
    // A Wine session the test suites left running has no screen: the app
    // must start a fresh one inside the virtual screen.
    wine.stop();
    // Started in the virtual screen; the box is found by its title,
    // photographed, and answered with Return, as a user would.
    let script = r#"
        "$WINE" "$APP" & app=$!
        win=$(timeout 90 xdotool search --sync --name 'Feltbog kan ikke starte' | head -n 1)
        if [ -z "$win" ]; then kill $app; wait $app; echo "no message box"; exit 3; fi
        sleep 1
        import -window root "$SHOT"
        xdotool windowactivate --sync "$win" key Return || xdotool key Return
        wait $app
        echo "exit=$?"
    "#;
    let out = wine
        .environment(&mut Command::new("xvfb-run"))
        .args(["-a", "-s", "-screen 0 1366x768x24", "sh", "-c", script])
        .env("WINE", &wine.exe)
        .env("APP", exe)
        .env("SHOT", &shot)
        .output()?;
    let (stdout, stderr) = text(&out);
    ensure!(
        stdout.contains("exit=1"),
        "the app without WebView2 did not say so and exit with 1: {stdout}\n{stderr}"
    );
    ensure!(shot.exists(), "no picture of the message box");
    eprintln!(
        "xtask: without WebView2 the app said so and exited with 1 ({})",
        shot.display()
    );
    Ok(())
}
