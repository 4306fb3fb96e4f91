//! The real `feltbog-server` binary on a loopback port, for the tests that
//! sync CLI profiles and app instances through it.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct SyncServer {
    child: Child,
    pub url: String,
    pub port: u16,
    pub db: PathBuf,
}

fn binary() -> PathBuf {
    crate::target_dir().join("debug/feltbog-server")
}

impl SyncServer {
    /// Starts the server on SQLite in `dir` (on `port`, or a free one).
    pub fn start(dir: &Path, port: Option<u16>) -> Result<SyncServer> {
        let port = match port {
            Some(p) => p,
            None => std::net::TcpListener::bind("127.0.0.1:0")?
                .local_addr()?
                .port(),
        };
        let db = dir.join("server.db");
        let child = Command::new(binary())
            .args(["serve", "--db"])
            .arg(format!("sqlite:{}", db.display()))
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("target/debug/feltbog-server is missing: run through `cargo xtask test`")?;
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if started.elapsed() > Duration::from_secs(20) {
                bail!("feltbog-server did not start on port {port}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(SyncServer {
            child,
            url: format!("http://127.0.0.1:{port}"),
            port,
            db,
        })
    }

    /// A one-time setup code, made as an operator would.
    pub fn setup_code(&self) -> Result<String> {
        let out = Command::new(binary())
            .args(["setup-code", "--db"])
            .arg(format!("sqlite:{}", self.db.display()))
            .output()?;
        if !out.status.success() {
            bail!("setup-code: {}", String::from_utf8_lossy(&out.stderr));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// Kills the server at once, as a crash would.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for SyncServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
