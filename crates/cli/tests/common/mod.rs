//! Helpers for the command-line scenario tests: run the real binary.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)] // test support

#[cfg(windows)]
pub mod console;

use std::path::Path;
use std::process::{Command, Output};

pub const PASS: &str = "en lang og hemmelig sætning";

pub fn feltbog(dir: &Path, pass: Option<&str>, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_feltbog"));
    c.arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("FELTBOG_DATA_DIR");
    match pass {
        Some(p) => c.env("FELTBOG_PASSPHRASE", p),
        None => c.env_remove("FELTBOG_PASSPHRASE"),
    };
    c.output().unwrap()
}

pub fn ok(dir: &Path, args: &[&str]) -> String {
    let out = feltbog(dir, Some(PASS), args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs a command that must fail; returns (exit code, stderr).
pub fn fails(dir: &Path, pass: &str, args: &[&str]) -> (i32, String) {
    let out = feltbog(dir, Some(pass), args);
    assert!(!out.status.success(), "{args:?} should fail");
    assert!(out.stdout.is_empty(), "a failing command prints no data");
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

pub fn profile_with_school() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let code = ok(dir.path(), &["init"]);
    assert_eq!(code.trim().len(), 29, "recovery code on stdout: {code}");
    ok(
        dir.path(),
        &[
            "school",
            "add",
            "--name",
            "Æblehaveskolen",
            "--kind",
            "folkeskole",
            "--town",
            "Søby",
            "--grades",
            "0-9",
        ],
    );
    dir
}

/// Runs a command with `stdin` on its standard input (for `--input -`).
pub fn feltbog_stdin(dir: &Path, args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_feltbog"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("FELTBOG_DATA_DIR")
        .env("FELTBOG_PASSPHRASE", PASS)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// A command that must succeed, given `json` with `--input -`.
pub fn ok_in(dir: &Path, args: &[&str], json: &str) -> String {
    let mut all = args.to_vec();
    all.extend(["--input", "-"]);
    let out = feltbog_stdin(dir, &all, json);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A command that must fail, given `stdin`; returns (exit code, stderr).
pub fn fails_in(dir: &Path, args: &[&str], stdin: &str) -> (i32, String) {
    let out = feltbog_stdin(dir, args, stdin);
    assert!(!out.status.success(), "{args:?} should fail");
    assert!(out.stdout.is_empty(), "a failing command prints no data");
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}
