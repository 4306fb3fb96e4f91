//! Part of `cargo xtask test-dist`: the packages on a *clean* Debian 12.
//! This machine has every -dev package the build needs, so installing here
//! cannot show a missing dependency. A minimal Debian 12 made with
//! debootstrap (from the mirror this machine's apt already uses) can:
//! `apt-get install ./feltbog_….deb` must pull WebKitGTK and everything
//! else by itself, the programs must find every library, and the desktop
//! app must start and keep running under Xvfb.

use crate::dist::Packages;
use crate::setup::apt;
use anyhow::{bail, ensure, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const SUITE: &str = "bookworm";

pub fn check(root: &Path, p: &Packages) -> Result<()> {
    apt(&["debootstrap"])?;
    let started = Instant::now();
    let dir = root.join("target/dist/clean-debian");
    remove(&dir)?;
    debootstrap(&dir)?;
    let mounted = Mounts::new(&dir)?;
    let result = install_and_try(&dir, p);
    drop(mounted);
    remove(&dir)?;
    result?;
    eprintln!(
        "xtask: clean Debian 12: installed and started in {:.0?}",
        started.elapsed()
    );
    Ok(())
}

/// The Debian mirror this machine's apt reads from, so the check uses the
/// same one.
fn mirror() -> Result<String> {
    let deb822 = std::fs::read_to_string("/etc/apt/sources.list.d/debian.sources");
    let list = std::fs::read_to_string("/etc/apt/sources.list").unwrap_or_default();
    first_mirror(deb822.as_deref().unwrap_or(""), &list)
        .context("no Debian mirror in /etc/apt/sources.list(.d)")
}

/// The first archive (not security) URI of a deb822 `.sources` file, else
/// of a one-line `sources.list`.
fn first_mirror(deb822: &str, list: &str) -> Option<String> {
    let from_deb822 = deb822
        .lines()
        .filter_map(|l| l.strip_prefix("URIs:"))
        .flat_map(str::split_whitespace);
    let from_list = list
        .lines()
        .map(str::split_whitespace)
        .filter_map(|mut w| (w.next() == Some("deb")).then(|| w.next()).flatten());
    from_deb822
        .chain(from_list)
        .find(|u| !u.contains("security"))
        .map(str::to_owned)
}

fn debootstrap(dir: &Path) -> Result<()> {
    let mirror = mirror()?;
    run(Command::new("debootstrap")
        .args(["--variant=minbase", SUITE])
        .arg(dir)
        .arg(&mirror))
    .context("debootstrap of a minimal Debian 12")?;
    // Name resolution inside, as the machine has it.
    std::fs::copy("/etc/resolv.conf", dir.join("etc/resolv.conf"))?;
    Ok(())
}

fn install_and_try(dir: &Path, p: &Packages) -> Result<()> {
    let mut inside = Vec::new();
    for deb in [&p.app, &p.server] {
        let name = deb.file_name().context("package without a name")?;
        std::fs::copy(deb, dir.join("tmp").join(name))?;
        inside.push(format!("/tmp/{}", name.to_string_lossy()));
    }
    chroot(dir, &["apt-get", "update", "-q"])?;
    let mut install = vec!["apt-get", "install", "-y", "-q", "--no-install-recommends"];
    install.extend(inside.iter().map(String::as_str));
    chroot(dir, &install)?;
    for program in ["feltbog", "feltbog-server"] {
        let out = chroot_output(dir, &[program, "--version"])?;
        ensure!(out.contains("EUPL-1.2"), "{program} --version said {out:?}");
    }
    for binary in ["feltbog-desk", "feltbog", "feltbog-server"] {
        let out = chroot_output(dir, &["ldd", &format!("/usr/bin/{binary}")])?;
        ensure!(
            !out.contains("not found"),
            "{binary} lacks libraries:\n{out}"
        );
    }
    ensure!(
        dir.join("usr/share/applications/dk.feltbog.desk.desktop")
            .exists(),
        "no desktop entry in the menu"
    );
    starts_and_stays(dir)
}

/// The desktop app under Xvfb inside the clean system: it must still be
/// running after ten seconds (a missing library or a WebKit that cannot
/// start ends it at once).
fn starts_and_stays(dir: &Path) -> Result<()> {
    chroot(
        dir,
        &[
            "apt-get",
            "install",
            "-y",
            "-q",
            "--no-install-recommends",
            "xvfb",
            "xauth",
        ],
    )?;
    let script = "export HOME=/root FELTBOG_DATA_DIR=/tmp/feltbog-profile; \
        xvfb-run -a -s '-screen 0 1366x768x24' timeout 10 feltbog-desk; \
        test $? -eq 124";
    chroot(dir, &["sh", "-c", script]).context("feltbog-desk did not keep running for 10 s")
}

fn chroot(dir: &Path, args: &[&str]) -> Result<()> {
    run(Command::new("chroot")
        .arg(dir)
        .args(args)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

fn chroot_output(dir: &Path, args: &[&str]) -> Result<String> {
    let out = Command::new("chroot").arg(dir).args(args).output()?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    ensure!(
        out.status.success(),
        "{args:?} failed in the clean system: {text}"
    );
    Ok(text)
}

fn run(cmd: &mut Command) -> Result<()> {
    eprintln!("xtask: {cmd:?}");
    let status = cmd.status()?;
    if !status.success() {
        bail!("{cmd:?} failed with {status}");
    }
    Ok(())
}

/// Removes the clean system, after unmounting whatever is still mounted
/// inside it (a run that was killed): removing through a mount would reach
/// the machine's own files.
fn remove(dir: &Path) -> Result<()> {
    for at in mounts_under(dir).iter().rev() {
        let _ = Command::new("umount").arg("-l").arg(at).status();
    }
    let left = mounts_under(dir);
    ensure!(left.is_empty(), "still mounted, not removing: {left:?}");
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    Ok(())
}

fn mounts_under(dir: &Path) -> Vec<String> {
    let prefix = format!("{}/", dir.display());
    std::fs::read_to_string("/proc/mounts")
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_whitespace().nth(1))
        .filter(|at| at.starts_with(&prefix))
        .map(str::to_owned)
        .collect()
}

/// /proc, /sys and a /dev/shm of its own inside the clean system while it
/// is tried (WebKit needs them; debootstrap made the device nodes). The
/// machine's /dev is never bound in. Unmounted when dropped.
struct Mounts(Vec<PathBuf>);

impl Mounts {
    fn new(dir: &Path) -> Result<Mounts> {
        let mut done = Mounts(Vec::new());
        for (at, kind) in [("proc", "proc"), ("sys", "sysfs"), ("dev/shm", "tmpfs")] {
            let at = dir.join(at);
            std::fs::create_dir_all(&at)?;
            run(Command::new("mount").args(["-t", kind, kind]).arg(&at))?;
            done.0.push(at);
        }
        Ok(done)
    }
}

impl Drop for Mounts {
    fn drop(&mut self) {
        if let Some(dir) = self.0.first().and_then(|p| p.parent()) {
            end_processes_inside(dir);
        }
        for at in self.0.iter().rev() {
            let _ = Command::new("umount").arg(at).status();
        }
    }
}

/// Ends what the app left running inside (a D-Bus daemon, WebKit's helper
/// processes), found by their root folder, so /proc can be unmounted.
fn end_processes_inside(dir: &Path) {
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return;
    };
    for entry in procs.flatten() {
        let pid = entry.file_name().to_string_lossy().into_owned();
        if !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if std::fs::read_link(entry.path().join("root")).is_ok_and(|root| root == dir) {
            let _ = Command::new("kill").args(["-KILL", &pid]).status();
        }
    }
    // Let the killed processes go before their mounts are released.
    std::thread::sleep(std::time::Duration::from_millis(500));
}

#[cfg(test)]
mod tests {
    use super::first_mirror;

    #[test]
    fn the_mirror_is_read_from_either_format_security_skipped() {
        let deb822 = "Types: deb\nURIs: http://mirror.example/debian-security\n\
                      Suites: bookworm-security\n\nTypes: deb\n\
                      URIs: http://mirror.example/debian\nSuites: bookworm\n";
        assert_eq!(
            first_mirror(deb822, "").as_deref(),
            Some("http://mirror.example/debian")
        );
        let list = "# comment\ndeb-src http://src.example/debian bookworm main\n\
                    deb http://one.example/debian bookworm main\n";
        assert_eq!(
            first_mirror("", list).as_deref(),
            Some("http://one.example/debian")
        );
        assert_eq!(first_mirror("", ""), None);
    }
}
