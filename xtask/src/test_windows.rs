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
//!   the PDF is read back with `pdftotext`; a backup beside it is restored
//!   into a second folder that shows the visit; no file of either profile,
//!   and not the backup, holds the school's name in clear;
//! - the desktop app on a computer without Microsoft's WebView2 runtime
//!   (Wine has none): it must say so in a native message box, in Danish
//!   with the English below, and exit with status 1, not panic. The box is
//!   saved as `target/e2e-screens/windows-webview-missing.png`.
//!
//! and then, as IT and a consultant would install it (`cargo xtask dist
//! --windows` makes both installers):
//! - the MSI: the properties and tables IT relies on (read with
//!   `msiinfo`); refused with the runtime missing; installed silently
//!   (`msiexec /i … /qn`); the round trip above run from Program Files,
//!   and `feltbog` found on the machine's PATH; an upgrade in place by a
//!   newer MSI; a silent uninstall that removes the program and leaves the
//!   profile;
//! - signing, as a municipality would with its own certificate (a
//!   self-signed one made for the test): both installers signed and the
//!   signatures verified;
//! - the per-user installer as a consultant on a Danish Windows sees it:
//!   the language question, the WebView2 question, the welcome page and
//!   the question on cancelling, photographed
//!   (`target/e2e-screens/windows-setup-*.png`); cancelled, it leaves
//!   nothing;
//! - the per-user installer, the signed one: installed silently (`/S`) without
//!   administrator rights into the user's local programs folder, the round
//!   trip from there, and a silent uninstall that leaves the profile.
//!
//! The app's window itself cannot be tried: WebView2 does not run under
//! Wine. Wine 8.0 lacks `bcryptprimitives.dll`, which Rust's standard
//! library imports; a stand-in (`xtask/wine/bcryptprimitives.c`) goes into
//! the test's Wine prefix only.

use crate::dist_windows::{build_msi, dist_windows, Installers, Signer, FILES, UPGRADE_CODE};
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
    let mut installers = dist_windows(root)?;
    msi(root, &wine, &installers)?;
    installers.setup = signed(root, &installers)?;
    setup_screens(root, &wine, &installers.setup)?;
    per_user(&wine, &installers)?;
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

    /// A Unix path as Windows programs in the prefix see it (Wine's `Z:`
    /// is the Unix root).
    fn windows_path(path: &Path) -> String {
        format!("Z:{}", path.display()).replace('/', "\\")
    }

    /// Runs a Windows program and waits for every program it started
    /// (an uninstaller copies itself away and runs the copy).
    fn run(&self, program: &str, args: &[&str]) -> Result<Output> {
        eprintln!("xtask: wine {program} {}", args.join(" "));
        let out = self.command(program).args(args).output()?;
        let _ = self
            .environment(&mut Command::new("wineserver"))
            .arg("-w")
            .status();
        Ok(out)
    }

    /// `reg query <args>`: the lines Windows' reg prints, or none when
    /// the key or value is missing.
    fn reg(&self, args: &[&str]) -> Result<String> {
        let out = self.command("reg").arg("query").args(args).output()?;
        Ok(if out.status.success() {
            text(&out).0
        } else {
            String::new()
        })
    }
}

/// Core's and the command line's own test suites, built for Windows and
/// run by Wine (cargo's runner for the target). A test that is genuinely
/// Unix-only is marked `#[cfg(unix)]` and has its Windows counterpart
/// beside it (a terminal by `script` ↔ a ConPTY console).
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

/// The command line's round trip in a folder named with æøå and spaces;
/// answers the profile's folder (a Unix path into the prefix).
fn command_line(wine: &Wine, exe: &Path) -> Result<PathBuf> {
    let home_win = r"C:\users\Søren Ærø";
    let home = wine.c_drive().join("users/Søren Ærø");
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home)?;
    let data_win = format!(r"{home_win}\Feltbøg data");
    let run_in = |data: &str, pass: &str, args: &[&str]| -> Result<Output> {
        eprintln!("xtask: wine feltbog.exe {}", args.join(" "));
        Ok(wine
            .command(exe)
            .arg("--data-dir")
            .arg(data)
            .args(args)
            .env("FELTBOG_PASSPHRASE", pass)
            .output()?)
    };
    let run = |pass: &str, args: &[&str]| run_in(&data_win, pass, args);
    let ok_in = |data: &str, args: &[&str]| -> Result<String> {
        let out = run_in(data, PASS, args)?;
        let (stdout, stderr) = text(&out);
        ensure!(
            out.status.success(),
            "feltbog.exe {args:?} under Wine failed ({}): {stderr}",
            out.status
        );
        Ok(stdout)
    };
    let ok = |args: &[&str]| ok_in(&data_win, args);
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
    // A backup beside it, restored into a second folder that then shows
    // the visit.
    let backup_win = format!(r"{home_win}\Sikkerhedskopi æøå.feltbog");
    ok(&["backup", "--out", &backup_win])?;
    let restored_win = format!(r"{home_win}\Gendannet data");
    ok_in(&restored_win, &["restore", &backup_win])?;
    let listed = ok_in(&restored_win, &["visit", "list"])?;
    ensure!(
        listed.contains("Æblehaveskolen"),
        "the restored profile does not show the visit:\n{listed}"
    );
    let backup = home.join("Sikkerhedskopi æøå.feltbog");
    for entry in std::fs::read_dir(home.join("Feltbøg data"))?
        .chain(std::fs::read_dir(home.join("Gendannet data"))?)
    {
        let path = entry?.path();
        if path.is_file() {
            let bytes = std::fs::read(&path)?;
            let name = "Æblehaveskolen".as_bytes();
            if bytes.windows(name.len()).any(|w| w == name) {
                bail!("{} holds the school's name in clear", path.display());
            }
        }
    }
    let bytes = std::fs::read(&backup)?;
    ensure!(
        !bytes
            .windows("Æblehaveskolen".len())
            .any(|w| w == "Æblehaveskolen".as_bytes()),
        "the backup holds the school's name in clear"
    );
    eprintln!("xtask: {} worked under Wine in {home_win}", exe.display());
    Ok(home.join("Feltbøg data"))
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

/// The rows of one table of an MSI, as `msiinfo export` prints them (tab
/// separated, after three header lines).
fn msi_table(msi: &Path, table: &str) -> Result<Vec<Vec<String>>> {
    let out = Command::new("msiinfo")
        .arg("export")
        .arg(msi)
        .arg(table)
        .output()
        .context("msiinfo")?;
    ensure!(out.status.success(), "msiinfo export {table} failed");
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(3)
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect())
}

/// Where Windows lists the programs a machine can uninstall.
const UNINSTALL: &str = r"HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall";
/// The machine's environment (its PATH).
const ENVIRONMENT: &str = r"HKLM\System\CurrentControlSet\Control\Session Manager\Environment";

/// The MSI as municipal IT deploys it.
fn msi(root: &Path, wine: &Wine, pkg: &Installers) -> Result<()> {
    let property = |rows: &[Vec<String>], name: &str| -> String {
        rows.iter()
            .find(|r| r.first().is_some_and(|c| c == name))
            .and_then(|r| r.get(1).cloned())
            .unwrap_or_default()
    };
    let props = msi_table(&pkg.msi, "Property")?;
    for (name, want) in [
        ("UpgradeCode", UPGRADE_CODE),
        ("ProductName", "Feltbog"),
        ("Manufacturer", "Feltbog"),
        ("ProductVersion", pkg.version.as_str()),
        ("ALLUSERS", "1"),
        ("ARPPRODUCTICON", "feltbog.ico"),
        ("ARPNOMODIFY", "1"),
        (
            "SecureCustomProperties",
            "WIX_DOWNGRADE_DETECTED;WIX_UPGRADE_DETECTED;SKIP_WEBVIEW2_CHECK",
        ),
    ] {
        let got = property(&props, name);
        ensure!(
            got.eq_ignore_ascii_case(want),
            "the MSI's {name} is '{got}', not '{want}'"
        );
    }
    ensure!(
        property(&props, "ARPCOMMENTS").contains("EUPL-1.2"),
        "the uninstall entry names no licence"
    );
    let product = property(&props, "ProductCode");
    ensure!(
        product.len() == 38 && product.starts_with('{'),
        "the MSI has no ProductCode: '{product}'"
    );
    let tables = [
        ("Environment", "=-*PATH"),
        ("LaunchCondition", "WebView2 Runtime"),
        ("Shortcut", "Feltbog"),
        ("CustomAction", "ARPINSTALLLOCATION"),
        ("Upgrade", "513"),
    ];
    for (table, holds) in tables {
        let rows = msi_table(&pkg.msi, table)?;
        ensure!(
            rows.iter().flatten().any(|c| c.contains(holds)),
            "the MSI's {table} table holds no '{holds}'"
        );
    }
    let msi = Wine::windows_path(&pkg.msi);
    let folder = wine.c_drive().join("Program Files/Feltbog");
    let _ = std::fs::remove_dir_all(&folder);
    let uninstall = format!(r"{UNINSTALL}\{product}");

    // Wine has no WebView2 runtime: the MSI must refuse, and leave nothing.
    let refused = wine.run("msiexec", &["/i", &msi, "/qn"])?;
    ensure!(
        !refused.status.success() && !folder.exists(),
        "the MSI installed without the WebView2 runtime ({})",
        refused.status
    );
    // As IT would where the runtime is deployed afterwards.
    let installed = wine.run("msiexec", &["/i", &msi, "/qn", "SKIP_WEBVIEW2_CHECK=1"])?;
    ensure!(
        installed.status.success(),
        "msiexec /i /qn failed: {}",
        installed.status
    );
    for f in FILES {
        ensure!(folder.join(f).is_file(), "the MSI installed no {f}");
    }
    let entry = wine.reg(&[&uninstall])?;
    for holds in ["Feltbog", pkg.version.as_str(), r"C:\Program Files\Feltbog"] {
        ensure!(
            entry.contains(holds),
            "the uninstall entry does not say {holds}:\n{entry}"
        );
    }
    let path = wine.reg(&[ENVIRONMENT, "/v", "PATH"])?;
    ensure!(
        path.contains(r"C:\Program Files\Feltbog"),
        "the MSI did not put Feltbog on the machine's PATH: {path}"
    );
    let profile = command_line(wine, Path::new(r"C:\Program Files\Feltbog\feltbog.exe"))?;

    // A newer MSI replaces the installed one in place (same UpgradeCode).
    let next = next_version(&pkg.version)?;
    let newer = root
        .join("target/dist/windows-work")
        .join(format!("Feltbog-{next}-x64.msi"));
    build_msi(root, &pkg.files, &next, &newer)?;
    let upgraded = wine.run(
        "msiexec",
        &[
            "/i",
            &Wine::windows_path(&newer),
            "/qn",
            "SKIP_WEBVIEW2_CHECK=1",
        ],
    )?;
    ensure!(
        upgraded.status.success(),
        "the upgrade failed: {}",
        upgraded.status
    );
    let all = wine.reg(&[UNINSTALL, "/s"])?;
    let listed = all
        .lines()
        .filter(|l| l.contains("DisplayName") && l.trim_end().ends_with("Feltbog"))
        .count();
    ensure!(
        listed == 1 && all.contains(&next),
        "after the upgrade, {listed} Feltbog entries are installed (want 1 at {next}):\n{all}"
    );

    let removed = wine.run("msiexec", &["/x", &Wine::windows_path(&newer), "/qn"])?;
    ensure!(
        removed.status.success(),
        "msiexec /x /qn failed: {}",
        removed.status
    );
    ensure!(
        !folder.exists(),
        "the program folder is left after uninstall"
    );
    let path = wine.reg(&[ENVIRONMENT, "/v", "PATH"])?;
    ensure!(
        !path.contains(r"Program Files\Feltbog"),
        "uninstall left Feltbog on the PATH: {path}"
    );
    ensure!(
        profile.read_dir()?.next().is_some(),
        "the uninstall touched the user's profile"
    );
    eprintln!("xtask: the MSI installed, upgraded and uninstalled silently; the profile stayed");
    Ok(())
}

/// `major.minor.patch` with the patch one higher.
fn next_version(version: &str) -> Result<String> {
    let (head, patch) = version.rsplit_once('.').context("no patch number")?;
    Ok(format!("{head}.{}", patch.parse::<u32>()? + 1))
}

/// The per-user installer as a consultant without administrator rights
/// runs it (silently here).
fn per_user(wine: &Wine, pkg: &Installers) -> Result<()> {
    let key = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Feltbog";
    let installed = wine.run(&pkg.setup.to_string_lossy(), &["/S"])?;
    ensure!(
        installed.status.success(),
        "setup.exe /S failed: {}",
        installed.status
    );
    let entry = wine.reg(&[key])?;
    let location = entry
        .lines()
        .find_map(|l| l.trim().strip_prefix("InstallLocation"))
        .map(|l| l.trim().trim_start_matches("REG_SZ").trim().to_string())
        .with_context(|| format!("the per-user install wrote no uninstall entry:\n{entry}"))?;
    ensure!(
        location.ends_with(r"\AppData\Local\Programs\Feltbog") && entry.contains(&pkg.version),
        "the per-user install is not in the user's local programs folder: {entry}"
    );
    let folder = wine
        .c_drive()
        .join(location.trim_start_matches("C:\\").replace('\\', "/"));
    for f in FILES.iter().chain(&["uninstall.exe"]) {
        ensure!(folder.join(f).is_file(), "the per-user install has no {f}");
    }
    let path = wine.reg(&[r"HKCU\Environment", "/v", "Path"])?;
    ensure!(
        path.contains(&location),
        "the per-user install did not put Feltbog on the user's PATH: {path}"
    );
    let exe = format!(r"{location}\feltbog.exe");
    let profile = command_line(wine, Path::new(&exe))?;
    let removed = wine.run(&format!(r"{location}\uninstall.exe"), &["/S"])?;
    ensure!(
        removed.status.success(),
        "uninstall.exe /S failed: {}",
        removed.status
    );
    ensure!(
        !folder.exists(),
        "the per-user program folder is left after uninstall"
    );
    ensure!(wine.reg(&[key])?.is_empty(), "the uninstall entry is left");
    ensure!(
        !wine
            .reg(&[r"HKCU\Environment", "/v", "Path"])?
            .contains(&location),
        "uninstall left Feltbog on the user's PATH"
    );
    ensure!(
        profile.read_dir()?.next().is_some(),
        "the uninstall touched the user's profile"
    );
    eprintln!(
        "xtask: the per-user installer installed and uninstalled silently; the profile stayed"
    );
    Ok(())
}

/// Signs copies of both installers with a code-signing certificate made
/// for the test, as `cargo xtask dist --windows` does with the
/// municipality's, and verifies the signatures; answers the signed
/// per-user installer (the next step installs that one).
fn signed(root: &Path, pkg: &Installers) -> Result<PathBuf> {
    let dir = root.join("target/dist/windows-work/signing");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let (key, cert, p12, pass) = (
        dir.join("key.pem"),
        dir.join("cert.pem"),
        dir.join("testkommune.p12"),
        dir.join("password"),
    );
    std::fs::write(&pass, "kun til testen\n")?;
    let openssl = |args: &[&str]| -> Result<()> {
        let out = Command::new("openssl").args(args).output()?;
        ensure!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Ok(())
    };
    let s = |p: &Path| p.to_string_lossy().into_owned();
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=Testkommune kodesignering/O=Testkommune",
        "-addext",
        "extendedKeyUsage=codeSigning",
        "-keyout",
        &s(&key),
        "-out",
        &s(&cert),
    ])?;
    openssl(&[
        "pkcs12",
        "-export",
        "-inkey",
        &s(&key),
        "-in",
        &s(&cert),
        "-out",
        &s(&p12),
        "-passout",
        &format!("file:{}", s(&pass)),
    ])?;
    let signer = Signer::new(p12, pass, None)?;
    let mut setup = None;
    for installer in [&pkg.msi, &pkg.setup] {
        let copy = dir.join(installer.file_name().context("no file name")?);
        std::fs::copy(installer, &copy)?;
        signer.sign(root, &copy)?;
        let out = Command::new("osslsigncode")
            .args(["verify", "-CAfile", &s(&cert), "-in", &s(&copy)])
            .output()?;
        let said = String::from_utf8_lossy(&out.stdout);
        ensure!(
            out.status.success() && said.contains("Signature verification: ok"),
            "the signature on {} does not verify:\n{said}",
            copy.display()
        );
        setup = Some(copy);
    }
    eprintln!("xtask: both installers signed and their signatures verified");
    setup.context("no installer signed")
}

/// The per-user installer as a consultant on a Danish Windows sees it:
/// the language question (Danish first), the WebView2 question (Wine has
/// none; answered yes), the welcome page, and the question on cancelling,
/// each photographed; cancelled there, as a user who changes their mind,
/// which must leave nothing installed (exit status 1: cancelled).
fn setup_screens(root: &Path, wine: &Wine, setup: &Path) -> Result<()> {
    let shots = root.join("target/e2e-screens");
    std::fs::create_dir_all(&shots)?;
    let names = ["1-language", "2-webview2", "3-welcome", "4-cancel"];
    let paths: Vec<PathBuf> = names
        .iter()
        .map(|n| shots.join(format!("windows-setup-{n}.png")))
        .collect();
    for p in &paths {
        let _ = std::fs::remove_file(p);
    }
    wine.stop();
    // Each step: photograph, then the key a user would press.
    let script = r#"
        "$WINE" "$SETUP" & app=$!
        win=$(timeout 90 xdotool search --sync --name 'Feltbog: sprog' | head -n 1)
        if [ -z "$win" ]; then kill $app; wait $app; echo "no language question"; exit 3; fi
        sleep 1; import -window root "$SHOT1"; xdotool key Return
        sleep 3; import -window root "$SHOT2"; xdotool key Return
        sleep 3; import -window root "$SHOT3"; xdotool key Escape
        sleep 2; import -window root "$SHOT4"; xdotool key Return
        wait $app
        echo "exit=$?"
    "#;
    let out = wine
        .environment(&mut Command::new("xvfb-run"))
        .args(["-a", "-s", "-screen 0 1366x768x24", "sh", "-c", script])
        .env("WINE", &wine.exe)
        .env("SETUP", setup)
        // A Danish Windows: the installer offers Danish first.
        .env("LANG", "da_DK.UTF-8")
        .env("LC_ALL", "da_DK.UTF-8")
        .env("SHOT1", &paths[0])
        .env("SHOT2", &paths[1])
        .env("SHOT3", &paths[2])
        .env("SHOT4", &paths[3])
        .output()?;
    let (stdout, stderr) = text(&out);
    ensure!(
        stdout.contains("exit=1") && paths.iter().all(|p| p.exists()),
        "the per-user installer's screens were not shown and cancelled: {stdout}\n{stderr}"
    );
    wine.stop();
    let installed = wine
        .c_drive()
        .join("users")
        .read_dir()?
        .filter_map(|e| e.ok())
        .any(|e| e.path().join("AppData/Local/Programs/Feltbog").exists());
    ensure!(
        !installed,
        "cancelling the installer left Feltbog installed"
    );
    eprintln!(
        "xtask: the per-user installer spoke Danish and, cancelled, left nothing (target/e2e-screens/windows-setup-*.png)"
    );
    Ok(())
}
