//! The packaging configuration is checked by the tools a distribution
//! uses, in every `cargo xtask test` (seconds; `cargo xtask test-dist`
//! builds and installs the packages themselves): the desktop entry with
//! `desktop-file-validate`, the AppStream metadata with `appstreamcli
//! validate`, the server's systemd unit with `systemd-analyze verify`, and
//! the unit's hardening with `systemd-analyze security`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use std::path::{Path, PathBuf};
use std::process::Command;

fn packaging() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../assets/packaging")
        .canonicalize()
        .unwrap()
}

/// Runs a checking tool; its own words are the failure message.
fn check(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e} (cargo xtask setup installs it)"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{program} {args:?}:\n{text}");
    text
}

#[test]
fn the_desktop_entry_is_valid_and_danish() {
    let file = packaging().join("desktop/dk.feltbog.desk.desktop");
    let text = check("desktop-file-validate", &[file.to_str().unwrap()]);
    assert!(!text.contains("warning"), "{text}");
    let entry = std::fs::read_to_string(&file).unwrap();
    for line in [
        "Name=Feltbog",
        "Exec=feltbog-desk",
        "Icon=feltbog",
        "Comment[da]=",
    ] {
        assert!(entry.contains(line), "{line} missing");
    }
}

#[test]
fn the_appstream_metadata_is_valid_and_names_the_desktop_entry() {
    let file = packaging().join("desktop/dk.feltbog.desk.metainfo.xml");
    let text = check(
        "appstreamcli",
        &["validate", "--no-net", file.to_str().unwrap()],
    );
    assert!(!text.contains("W:") && !text.contains("E:"), "{text}");
    let xml = std::fs::read_to_string(&file).unwrap();
    assert!(xml.contains("<launchable type=\"desktop-id\">dk.feltbog.desk.desktop</launchable>"));
    assert!(xml.contains("<summary xml:lang=\"da\">"));
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        xml.contains(&format!("<release version=\"{version}\"")),
        "the newest release in the metadata is the workspace version {version}"
    );
}

/// `verify` checks every directive; the binary is not installed here, so
/// the check runs on a copy whose ExecStart is a program that exists (the
/// installed path is proved by `cargo xtask test-dist`).
#[test]
fn the_server_unit_is_valid_and_hardened() {
    let unit = std::fs::read_to_string(packaging().join("server/feltbog-server.service")).unwrap();
    assert!(unit.contains("ExecStart=/usr/bin/feltbog-server serve"));
    for hardening in [
        "User=feltbog-server",
        "NoNewPrivileges=yes",
        "PrivateTmp=yes",
        "ProtectSystem=strict",
        "StateDirectory=feltbog-server",
    ] {
        assert!(unit.contains(hardening), "{hardening} missing");
    }
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("feltbog-server.service");
    std::fs::write(
        &copy,
        unit.replace("ExecStart=/usr/bin/feltbog-server", "ExecStart=/bin/true"),
    )
    .unwrap();
    let copy = copy.to_str().unwrap();
    let text = check("systemd-analyze", &["verify", "--man=no", copy]);
    assert!(text.trim().is_empty(), "{text}");
    // systemd's own exposure score, 0 (locked down) to 10 (exposed).
    let text = check("systemd-analyze", &["security", "--offline=true", copy]);
    let score: f32 = text
        .split("Overall exposure level for feltbog-server.service:")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no exposure level in:\n{text}"));
    assert!(score <= 2.0, "exposure {score}:\n{text}");
}
