//! A sync server with the municipality's own certificate: its CA is not
//! one the world trusts, but IT has put it in the computer's trust store
//! (Windows' certificate store; on Linux the system's bundle, which
//! `SSL_CERT_FILE` replaces). The device trusts what the computer trusts,
//! and a certificate the computer does not trust is refused in words that
//! say what IT can do. The real server binary serves TLS as IT runs it;
//! the device's side runs in a process of its own (this test binary again,
//! `device_side`), since a process reads its trust store from its
//! environment. Linux only: `SSL_CERT_FILE` is how a test gives a process
//! a trust store there; the Windows store is not played here (Wine has no
//! certificate store a test can fill). Fictitious data only.
#![cfg(target_os = "linux")]

use crate::common::*;
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Set only in the device's process: the server's address and the setup
/// code.
const SERVER: &str = "FELTBOG_TEST_TLS_SERVER";
const CODE: &str = "FELTBOG_TEST_TLS_CODE";

#[test]
fn the_municipalitys_own_certificate_is_trusted_as_the_computer_trusts_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    certificates(d);
    let db = format!("sqlite:{}", d.join("server.db").display());
    let server = env!("CARGO_BIN_EXE_feltbog-server");
    let made = Command::new(server)
        .args(["setup-code", "--db", &db])
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    let code = String::from_utf8(made.stdout).unwrap().trim().to_owned();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _serving = Serving(
        Command::new(server)
            .args([
                "serve",
                "--db",
                &db,
                "--listen",
                &format!("127.0.0.1:{port}"),
            ])
            .arg("--tls-cert")
            .arg(d.join("server.crt"))
            .arg("--tls-key")
            .arg(d.join("server.key"))
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let until = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < until, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let url = format!("https://localhost:{port}");

    // The computer's own bundle does not hold the municipality's CA.
    let refused = device(&url, &code, None);
    let said = String::from_utf8_lossy(&refused.stdout);
    assert!(!refused.status.success(), "{said}");
    assert!(
        said.contains("does not accept the sync server's certificate")
            && said.contains("Never install a certificate from anyone else")
            && said.contains("UnknownIssuer"),
        "{said}"
    );

    // IT's bundle with the municipality's CA: the team is created, and the
    // setup code was not spent by the refused try.
    let trusted = device(&url, &code, Some(&d.join("ca.pem")));
    let said = String::from_utf8_lossy(&trusted.stdout);
    assert!(trusted.status.success(), "{said}");
    assert!(said.contains("team created"), "{said}");
}

/// The device's side, in its own process: creates a team on the server in
/// `FELTBOG_TEST_TLS_SERVER`. Run only by the test above.
#[test]
#[ignore = "the device's side of the test above, run by it in a process of its own"]
fn device_side() {
    let (Ok(url), Ok(code)) = (std::env::var(SERVER), std::env::var(CODE)) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = create(dir.path());
    match s.create_team(&url, "SSP Egeby", &code, Some("Anne")) {
        Ok(_) => println!("team created"),
        Err(e) => panic!("refused: {e}"),
    }
}

/// This test binary again, running only `device_side`, with the trust
/// store `ca` (as `SSL_CERT_FILE`) or the computer's own.
fn device(url: &str, code: &str, ca: Option<&Path>) -> Output {
    let mut c = Command::new(std::env::current_exe().unwrap());
    c.args([
        "--exact",
        "certificates::device_side",
        "--include-ignored",
        "--nocapture",
        "--test-threads=1",
    ])
    .env(SERVER, url)
    .env(CODE, code)
    .env_remove("SSL_CERT_FILE")
    .env_remove("SSL_CERT_DIR");
    if let Some(ca) = ca {
        c.env("SSL_CERT_FILE", ca);
    }
    let mut out = c.output().unwrap();
    // A panic's message goes to stderr; both are read as one.
    out.stdout.extend_from_slice(&out.stderr);
    out
}

/// Stops the server when the test ends, passed or not.
struct Serving(Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A CA of the municipality's own and a certificate it signed for
/// `localhost`, made with openssl (`cargo xtask setup` installs it).
fn certificates(d: &Path) {
    std::fs::write(
        d.join("ext.cnf"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    let at = |f: &str| d.join(f).to_string_lossy().into_owned();
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    let steps: [Vec<String>; 3] = [
        ["req", "-x509"]
            .into_iter()
            .chain(ec)
            .chain(["-days", "2", "-subj", "/CN=Egeby Kommune test CA"])
            .chain(["-addext", "basicConstraints=critical,CA:TRUE"])
            .chain(["-addext", "keyUsage=critical,keyCertSign"])
            .map(String::from)
            .chain(["-keyout".into(), at("ca.key"), "-out".into(), at("ca.pem")])
            .collect(),
        ["req"]
            .into_iter()
            .chain(ec)
            .chain(["-subj", "/CN=localhost"])
            .map(String::from)
            .chain([
                "-keyout".into(),
                at("server.key"),
                "-out".into(),
                at("server.csr"),
            ])
            .collect(),
        ["x509", "-req", "-days", "2", "-in"]
            .into_iter()
            .map(String::from)
            .chain([at("server.csr"), "-CA".into(), at("ca.pem")])
            .chain(["-CAkey".into(), at("ca.key"), "-CAcreateserial".into()])
            .chain([
                "-extfile".into(),
                at("ext.cnf"),
                "-out".into(),
                at("server.crt"),
            ])
            .collect(),
    ];
    for args in steps {
        let out = Command::new("openssl").args(&args).output().unwrap();
        assert!(out.status.success(), "openssl {args:?}: {out:?}");
    }
}
