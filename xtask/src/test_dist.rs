//! `cargo xtask test-dist`: proves the packages by installing them on this
//! machine. Builds them (`dist`), checks them with lintian (no errors),
//! installs them on a clean Debian 12 (`clean_debian`), installs both here
//! with apt, runs both programs' `--version` from the
//! installed paths, starts the installed server (under systemd where it is
//! PID 1, else directly as its user) and asks it for its health, starts the
//! installed app under Xvfb through the end-to-end harness (a screenshot of
//! its first screen, and its start time beside the debug build's), then
//! removes the packages and checks that nothing is left but the data.
//! Not part of `cargo xtask test`: it takes a release build and root.

use crate::dist::{dist, Packages};
use crate::setup::{apt, as_root};
use crate::{cargo, sh};
use anyhow::{bail, ensure, Context, Result};
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// What must be gone after `apt-get purge` (the data may stay).
const INSTALLED: &[&str] = &[
    "/usr/bin/feltbog",
    "/usr/bin/feltbog-desk",
    "/usr/bin/feltbog-server",
    "/usr/share/applications/dk.feltbog.desk.desktop",
    "/usr/share/metainfo/dk.feltbog.desk.metainfo.xml",
    "/usr/share/man/man1/feltbog.1.gz",
    "/usr/share/man/man1/feltbog-desk.1.gz",
    "/usr/share/man/man1/feltbog-server.1.gz",
    "/usr/share/doc/feltbog/third-party-licences.html",
    "/etc/feltbog-server",
];

pub fn test_dist(root: &Path) -> Result<()> {
    let started = Instant::now();
    let packages = dist(root)?;
    apt(&["lintian"])?;
    lintian(root, &packages)?;
    crate::clean_debian::check(root, &packages)?;
    let (app, server) = (
        packages.app.to_string_lossy().into_owned(),
        packages.server.to_string_lossy().into_owned(),
    );
    as_root(&["apt-get", "install", "-y", "-q", &app, &server])?;
    let result = installed(root);
    as_root(&["apt-get", "purge", "-y", "-q", "feltbog", "feltbog-server"])?;
    result?;
    let left: Vec<&&str> = INSTALLED.iter().filter(|p| Path::new(p).exists()).collect();
    ensure!(left.is_empty(), "left after removal: {left:?}");
    eprintln!(
        "xtask: removed; nothing left but the data in /var/lib/feltbog-server: {}",
        Path::new("/var/lib/feltbog-server").exists()
    );
    eprintln!("xtask: test-dist passed in {:.0?}", started.elapsed());
    Ok(())
}

fn lintian(root: &Path, p: &Packages) -> Result<()> {
    let out = Command::new("lintian")
        .args([
            "--fail-on",
            "error",
            "--info",
            "--display-level",
            ">=warning",
        ])
        .arg(&p.app)
        .arg(&p.server)
        .current_dir(root)
        .output()
        .context("lintian")?;
    eprintln!("xtask: lintian:\n{}", String::from_utf8_lossy(&out.stdout));
    ensure!(out.status.success(), "lintian found errors");
    Ok(())
}

/// Everything that runs from the installed paths.
fn installed(root: &Path) -> Result<()> {
    let version = env!("CARGO_PKG_VERSION");
    for program in ["/usr/bin/feltbog", "/usr/bin/feltbog-server"] {
        let out = Command::new(program).arg("--version").output()?;
        let text = String::from_utf8_lossy(&out.stdout);
        eprintln!("xtask: {program} --version:\n{text}");
        ensure!(
            text.contains(version) && text.contains("EUPL-1.2"),
            "{program}"
        );
    }
    for package in ["feltbog", "feltbog-server"] {
        let out = Command::new("dpkg-query")
            .args(["-W", "-f=${Installed-Size}", package])
            .output()?;
        let kib: f64 = String::from_utf8_lossy(&out.stdout).trim().parse()?;
        eprintln!("xtask: {package} installed: {:.1} MB", kib * 1024.0 / 1e6);
    }
    server()?;
    // The app: its first screen, and the time to it, installed and debug.
    sh(root, &cargo(), &["build", "-p", "feltbog-desk"])?;
    for (binary, prefix) in [
        ("/usr/bin/feltbog-desk", "installed"),
        ("target/debug/feltbog-desk", "debug"),
    ] {
        let path = root.join(binary);
        let status = Command::new("xvfb-run")
            .args(["-a", "-s", "-screen 0 1366x768x24"])
            .arg(cargo())
            .args([
                "test",
                "-p",
                "feltbog-e2e",
                "--test",
                "installed",
                "--",
                "--ignored",
                "--nocapture",
            ])
            .env("FELTBOG_E2E_APP", &path)
            .env("FELTBOG_E2E_PREFIX", prefix)
            .current_dir(root)
            .status()?;
        ensure!(status.success(), "the app from {binary} did not start");
    }
    Ok(())
}

/// The installed server answers its health check: under systemd where it
/// runs the machine, else started by hand as its user with its settings.
fn server() -> Result<()> {
    if Path::new("/run/systemd/system").exists() {
        as_root(&["systemctl", "is-active", "feltbog-server"])?;
        return health("127.0.0.1:8787");
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let listen = format!("127.0.0.1:{port}");
    let mut child = spawn_as_server_user(&listen)?;
    let result = health(&listen);
    let _ = child.kill();
    let _ = child.wait();
    result?;
    ensure!(
        Path::new("/var/lib/feltbog-server/feltbog-server.db").exists(),
        "the server's database is not under /var/lib/feltbog-server"
    );
    Ok(())
}

fn spawn_as_server_user(listen: &str) -> Result<Child> {
    let script = format!(
        "set -a; . /etc/feltbog-server/feltbog-server.conf; \
         FELTBOG_SERVER_LISTEN={listen}; exec /usr/bin/feltbog-server serve"
    );
    let is_root = Command::new("id").arg("-u").output()?.stdout == b"0\n";
    let mut cmd = if is_root {
        Command::new("runuser")
    } else {
        let mut c = Command::new("sudo");
        c.arg("runuser");
        c
    };
    cmd.args(["-u", "feltbog-server", "--", "sh", "-c", &script])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    cmd.spawn()
        .context("starting the installed server as its user")
}

/// GET /v1/health until it answers "ok" (10 seconds at most).
fn health(addr: &str) -> Result<()> {
    let started = Instant::now();
    loop {
        match get(addr, "/v1/health") {
            Ok(body) if body.ends_with("ok") => {
                eprintln!("xtask: the installed server at {addr} answers: ok");
                return Ok(());
            }
            Ok(body) => bail!("the server answered {body:?}"),
            Err(_) if started.elapsed() < Duration::from_secs(10) => {
                std::thread::sleep(Duration::from_millis(200));
            }
            Err(e) => return Err(e).context("the installed server does not answer"),
        }
    }
}

fn get(addr: &str, path: &str) -> Result<String> {
    let mut stream = std::net::TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    ensure!(response.starts_with("HTTP/1.1 200"), "{response}");
    Ok(response.trim_end().to_owned())
}
