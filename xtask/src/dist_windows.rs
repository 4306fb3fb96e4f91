//! `cargo xtask dist --windows`: Feltbog for Windows laptops, cross-built
//! here with MinGW, into `target/dist/windows/`:
//!
//! - `Feltbog-<version>-x64.msi`: the per-machine installer IT deploys
//!   silently (`msiexec /i … /qn`), from `assets/packaging/windows/feltbog.wxs`
//!   built with msitools' `wixl`;
//! - `Feltbog-<version>-setup.exe`: the per-user installer for a
//!   consultant without administrator rights, from `feltbog.nsi` built
//!   with Debian's `makensis`;
//! - `files/`: what both install (the app, the command line,
//!   `WebView2Loader.dll`, the icon, the licence and the third-party
//!   licences), for IT that packages its own way;
//! - `SHA256SUMS` over all of it.
//!
//! Why not the Tauri bundler: its Windows path downloads WiX and NSIS
//! plugins at build time, which these machines cannot; the two scripts are
//! short and say exactly what is installed.
//!
//! Signing: set `FELTBOG_SIGN_PKCS12` (a PKCS#12 file with the
//! municipality's code-signing certificate and key) and
//! `FELTBOG_SIGN_PASSWORD_FILE` (a file holding its password), and the
//! programs and both installers are signed with `osslsigncode`, with a
//! timestamp from `FELTBOG_SIGN_TIMESTAMP_URL` when set. Unset, they are
//! left unsigned and the build says so.

use crate::dist::{about, write_checksums, CARGO_ABOUT_VERSION};
use crate::setup::{apt, cargo_tool};
use crate::windows::TARGET;
use crate::{cargo, sh, sh_env};
use anyhow::{bail, ensure, Context, Result};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The MSI, the NSIS compiler and the MinGW strip.
const PACKAGES: &[&str] = &["wixl", "msitools", "nsis", "binutils-mingw-w64-x86-64"];

/// Feltbog's MSI UpgradeCode (also in feltbog.wxs): the tests check the
/// built package carries it.
pub const UPGRADE_CODE: &str = "{31195BBD-2C69-40C6-BB7B-52BB2C7E8DA3}";

/// What both installers put in the program folder, from `files/`.
pub const FILES: &[&str] = &[
    "feltbog-desk.exe",
    "feltbog.exe",
    "WebView2Loader.dll",
    "feltbog.ico",
    "LICENCE-EUPL-1.2.txt",
    "third-party-licences.html",
];

/// The two installers made.
pub struct Installers {
    pub msi: PathBuf,
    pub setup: PathBuf,
    /// `files/`, what they install.
    pub files: PathBuf,
    pub version: String,
}

pub fn dist_windows(root: &Path) -> Result<Installers> {
    let started = Instant::now();
    crate::setup::all(root)?;
    apt(PACKAGES)?;
    cargo_tool(root, "cargo-about", CARGO_ABOUT_VERSION, &["cli"])?;
    crate::ui::build(root)?;
    let version = version(root)?;
    let dist = root.join("target/dist/windows");
    let _ = std::fs::remove_dir_all(&dist);
    let files = dist.join("files");
    let work = root.join("target/dist/windows-work");
    std::fs::create_dir_all(&files)?;
    std::fs::create_dir_all(&work)?;
    let listing = work.join("third-party-licences.json");
    let manifest = "src-tauri/Cargo.toml";
    // Made beside and moved over only when it changed: the app's build
    // reruns (a long link) when the listing's file is touched.
    let fresh = work.join("third-party-licences.json.new");
    about(root, manifest, &fresh, "about.json.hbs", Some(TARGET))?;
    if std::fs::read(&fresh).ok() != std::fs::read(&listing).ok() {
        std::fs::rename(&fresh, &listing)?;
    }
    about(
        root,
        manifest,
        &files.join("third-party-licences.html"),
        "about.hbs",
        Some(TARGET),
    )?;
    release_build(root, &listing)?;
    stage(root, &files)?;
    let signer = Signer::from_env()?;
    if let Some(s) = &signer {
        for exe in ["feltbog-desk.exe", "feltbog.exe"] {
            s.sign(root, &files.join(exe))?;
        }
    }
    let msi = dist.join(format!("Feltbog-{version}-x64.msi"));
    build_msi(root, &files, &version, &msi)?;
    let setup = dist.join(format!("Feltbog-{version}-setup.exe"));
    build_nsis(root, &files, &version, &setup)?;
    if let Some(s) = &signer {
        for installer in [&msi, &setup] {
            s.sign(root, installer)?;
        }
    }
    let mut sums = vec![name(&msi), name(&setup)];
    sums.extend(FILES.iter().map(|f| format!("files/{f}")));
    write_checksums(&dist, sums)?;
    for p in [&msi, &setup] {
        let bytes = std::fs::metadata(p)?.len();
        eprintln!(
            "xtask: {} {:.1} MB",
            p.display(),
            bytes as f64 / 1_000_000.0
        );
    }
    eprintln!(
        "xtask: the Windows packages are in {} ({}; {:.0?})",
        dist.display(),
        if signer.is_some() {
            "signed"
        } else {
            "unsigned: set FELTBOG_SIGN_PKCS12 to sign"
        },
        started.elapsed()
    );
    Ok(Installers {
        msi,
        setup,
        files,
        version,
    })
}

fn name(p: &Path) -> String {
    p.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

/// The workspace's version (`[workspace.package]` in Cargo.toml), which
/// every shipped crate inherits.
pub fn version(root: &Path) -> Result<String> {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml"))?;
    let section = manifest
        .split("[workspace.package]")
        .nth(1)
        .context("Cargo.toml has no [workspace.package]")?;
    let line = section
        .lines()
        .find(|l| l.trim_start().starts_with("version"))
        .context("[workspace.package] has no version")?;
    let version = line
        .split('"')
        .nth(1)
        .context("the workspace version is not a quoted string")?;
    ensure!(
        version.split('.').count() == 3 && version.split('.').all(|n| n.parse::<u16>().is_ok()),
        "the workspace version {version} is not major.minor.patch (an MSI needs three numbers)"
    );
    Ok(version.to_string())
}

/// The app and the command line for Windows in release mode, the app with
/// the Windows licence listing built in (*Om Feltbog*).
fn release_build(root: &Path, listing: &Path) -> Result<()> {
    let started = Instant::now();
    sh_env(
        root,
        &cargo(),
        &[
            "build",
            "--release",
            "--locked",
            "--target",
            TARGET,
            "-p",
            "feltbog-desk",
            "-p",
            "feltbog-cli",
        ],
        &[("FELTBOG_THIRD_PARTY_LICENCES", listing.as_os_str())],
    )?;
    eprintln!("xtask: Windows release build in {:.0?}", started.elapsed());
    Ok(())
}

/// Copies what the installers ship into `files`, the programs stripped.
fn stage(root: &Path, files: &Path) -> Result<()> {
    let built = root.join("target").join(TARGET).join("release");
    for exe in ["feltbog-desk.exe", "feltbog.exe"] {
        let to = files.join(exe);
        std::fs::copy(built.join(exe), &to).with_context(|| format!("copying {exe}"))?;
        sh(
            root,
            "x86_64-w64-mingw32-strip",
            &["--strip-all", &to.to_string_lossy()],
        )?;
    }
    // webview2-com-sys's build puts Microsoft's loader beside the build;
    // the MinGW build of the app loads it from beside the exe.
    std::fs::copy(
        built.join("WebView2Loader.dll"),
        files.join("WebView2Loader.dll"),
    )
    .context("WebView2Loader.dll is not beside the release build")?;
    std::fs::copy(root.join("icons/icon.ico"), files.join("feltbog.ico"))?;
    std::fs::copy(
        root.join("assets/LICENSE-EUPL-1.2.txt"),
        files.join("LICENCE-EUPL-1.2.txt"),
    )?;
    for f in FILES {
        ensure!(files.join(f).is_file(), "{f} is missing from the stage");
    }
    Ok(())
}

/// The MSI from `feltbog.wxs` at `version`, and the machine PATH entry
/// (wixl 0.101 has no `Environment` element, so the table and its two
/// actions are added with msibuild; the install folder goes in the
/// uninstall entry the same way).
pub fn build_msi(root: &Path, files: &Path, version: &str, out: &Path) -> Result<()> {
    let wxs = root.join("assets/packaging/windows/feltbog.wxs");
    // wixl finds the files named in the source in the folder it runs in.
    sh(
        files,
        "wixl",
        &[
            "--arch",
            "x64",
            "--define",
            &format!("Version={version}"),
            "--output",
            &out.to_string_lossy(),
            &wxs.to_string_lossy(),
        ],
    )?;
    let same_version_too = format!(
        "INSERT INTO `Upgrade` (`UpgradeCode`, `VersionMax`, `Attributes`, `ActionProperty`) \
         VALUES ('{UPGRADE_CODE}', '{version}', 513, 'WIX_UPGRADE_DETECTED')"
    );
    let queries = [
        "CREATE TABLE `Environment` (`Environment` CHAR(72) NOT NULL, `Name` CHAR(255) NOT NULL LOCALIZABLE, `Value` CHAR(255) LOCALIZABLE, `Component_` CHAR(72) NOT NULL PRIMARY KEY `Environment`)",
        // `=` set, `-` removed on uninstall, `*` the machine's; `[~];`
        // appends to what is there.
        "INSERT INTO `Environment` (`Environment`, `Name`, `Value`, `Component_`) VALUES ('Path', '=-*PATH', '[~];[INSTALLDIR]', 'CommandLine')",
        "INSERT INTO `InstallExecuteSequence` (`Action`, `Sequence`) VALUES ('RemoveEnvironmentStrings', 3300)",
        "INSERT INTO `InstallExecuteSequence` (`Action`, `Sequence`) VALUES ('WriteEnvironmentStrings', 5200)",
        // Type 51 sets a property: the uninstall entry's install location.
        "INSERT INTO `CustomAction` (`Action`, `Type`, `Source`, `Target`) VALUES ('SetInstallLocation', 51, 'ARPINSTALLLOCATION', '[INSTALLDIR]')",
        "INSERT INTO `InstallExecuteSequence` (`Action`, `Sequence`) VALUES ('SetInstallLocation', 1001)",
        // A rebuild of the same version replaces the installed one too
        // (MigrateFeatures 1 + VersionMaxInclusive 512), not beside it;
        // Attributes is part of the row's key, so the row is replaced.
        "DELETE FROM `Upgrade` WHERE `ActionProperty` = 'WIX_UPGRADE_DETECTED'",
        &same_version_too,
        // IT's switch passes from the command line into the install.
        "UPDATE `Property` SET `Value` = 'WIX_DOWNGRADE_DETECTED;WIX_UPGRADE_DETECTED;SKIP_WEBVIEW2_CHECK' WHERE `Property` = 'SecureCustomProperties'",
    ];
    let mut args = vec![out.to_string_lossy().into_owned()];
    for q in queries {
        args.push("-q".into());
        args.push(q.into());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    sh(root, "msibuild", &args)
}

/// The per-user installer from `feltbog.nsi`.
fn build_nsis(root: &Path, files: &Path, version: &str, out: &Path) -> Result<()> {
    let nsi = root.join("assets/packaging/windows/feltbog.nsi");
    sh(
        root,
        "makensis",
        &[
            "-V2",
            "-WX",
            &format!("-DVERSION={version}"),
            &format!("-DSTAGE={}", files.display()),
            &format!("-DOUTFILE={}", out.display()),
            &nsi.to_string_lossy(),
        ],
    )
}

/// Authenticode signing with the municipality's certificate, when given.
pub struct Signer {
    pkcs12: PathBuf,
    password_file: PathBuf,
    timestamp: Option<String>,
}

impl Signer {
    /// A signer with `pkcs12` (certificate and key) and the file holding
    /// its password; installs osslsigncode when missing.
    pub fn new(
        pkcs12: PathBuf,
        password_file: PathBuf,
        timestamp: Option<String>,
    ) -> Result<Signer> {
        apt(&["osslsigncode"])?;
        Ok(Signer {
            pkcs12,
            password_file,
            timestamp,
        })
    }

    fn from_env() -> Result<Option<Signer>> {
        let Some(pkcs12) = std::env::var_os("FELTBOG_SIGN_PKCS12") else {
            return Ok(None);
        };
        let password_file = std::env::var_os("FELTBOG_SIGN_PASSWORD_FILE")
            .context("FELTBOG_SIGN_PKCS12 is set but FELTBOG_SIGN_PASSWORD_FILE is not")?;
        Signer::new(
            pkcs12.into(),
            password_file.into(),
            std::env::var("FELTBOG_SIGN_TIMESTAMP_URL").ok(),
        )
        .map(Some)
    }

    /// Signs `file` in place (osslsigncode writes a new file).
    pub fn sign(&self, root: &Path, file: &Path) -> Result<()> {
        let signed = file.with_extension("signed");
        let mut c = std::process::Command::new("osslsigncode");
        c.arg("sign")
            .arg("-pkcs12")
            .arg(&self.pkcs12)
            .arg("-readpass")
            .arg(&self.password_file)
            .args(["-n", "Feltbog", "-h", "sha256"]);
        if let Some(url) = &self.timestamp {
            c.args(["-ts", url]);
        }
        let status = c
            .arg("-in")
            .arg(file)
            .arg("-out")
            .arg(&signed)
            .current_dir(root)
            .status()
            .context("could not start osslsigncode")?;
        if !status.success() {
            bail!("signing {} failed", file.display());
        }
        std::fs::rename(&signed, file)?;
        Ok(())
    }
}
