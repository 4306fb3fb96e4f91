//! A throwaway PostgreSQL cluster on loopback for the sync server's tests:
//! made with Debian's `initdb` in a fresh folder, started with `pg_ctl` on
//! a free port, listening on 127.0.0.1 only, stopped and removed when the
//! tests end. PostgreSQL refuses to run as root, so as root it runs as the
//! `postgres` user the Debian package creates.
//!
//! It serves TLS, with a certificate from a CA made for this run (openssl),
//! and the URL names that CA (`sslrootcert=`): the sync server reaches a
//! database only over TLS or a Unix socket, and the tests go the way a
//! hosted service would.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Cluster {
    bin: PathBuf,
    pub data: PathBuf,
    pub url: String,
    as_postgres: bool,
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// The newest installed server's bin folder (`/usr/lib/postgresql/N/bin`).
fn bin_dir() -> Result<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .context("PostgreSQL is not installed (/usr/lib/postgresql is missing)")?
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_string_lossy().parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions
        .pop()
        .map(|(_, b)| b)
        .context("no PostgreSQL server with initdb found")
}

impl Cluster {
    fn run(&self, tool: &str, args: &[&str]) -> Result<()> {
        let exe = self.bin.join(tool);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        };
        let out = cmd
            .args(args)
            .current_dir("/")
            .output()
            .with_context(|| format!("could not start {tool}"))?;
        if !out.status.success() {
            bail!(
                "{tool} {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(())
    }

    pub fn start() -> Result<Cluster> {
        let bin = bin_dir()?;
        let as_postgres = is_root();
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let data = std::env::temp_dir().join(format!("feltbog-pg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data);
        std::fs::create_dir_all(&data)?;
        if as_postgres {
            let ok = Command::new("chown")
                .args(["postgres:postgres"])
                .arg(&data)
                .status()?
                .success();
            if !ok {
                bail!("could not give {} to the postgres user", data.display());
            }
        }
        let user = if as_postgres {
            "postgres".to_string()
        } else {
            whoami()
        };
        let cluster = Cluster {
            bin,
            data: data.clone(),
            url: format!(
                "postgres://{user}@127.0.0.1:{port}/postgres?sslrootcert={}/ca.pem",
                data.display()
            ),
            as_postgres,
        };
        let d = data.to_string_lossy().into_owned();
        eprintln!("xtask: PostgreSQL: a throwaway cluster in {d} on 127.0.0.1:{port}");
        cluster.run(
            "initdb",
            &["-D", &d, "-A", "trust", "-U", &user, "--no-sync"],
        )?;
        cluster.certificates()?;
        let opts = format!(
            "-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={d} \
             -c fsync=off -c ssl=on -c ssl_cert_file={d}/server.crt -c ssl_key_file={d}/server.key"
        );
        let log = format!("{d}/server.log");
        cluster.run(
            "pg_ctl",
            &["-D", &d, "-o", &opts, "-l", &log, "-w", "start"],
        )?;
        Ok(cluster)
    }
}

impl Cluster {
    /// A CA and a server certificate for 127.0.0.1 signed by it, valid two
    /// days, in the data folder; the key readable by the server only.
    fn certificates(&self) -> Result<()> {
        let d = &self.data;
        let ext = d.join("server.ext");
        std::fs::write(
            &ext,
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n\
             keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
        )?;
        let at = |f: &str| d.join(f).to_string_lossy().into_owned();
        let steps: [Vec<String>; 3] = [
            [
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=Feltbog test CA",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign",
                "-keyout",
            ]
            .iter()
            .map(|s| s.to_string())
            .chain([at("ca.key"), "-out".into(), at("ca.pem")])
            .collect(),
            [
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-subj",
                "/CN=127.0.0.1",
                "-keyout",
            ]
            .iter()
            .map(|s| s.to_string())
            .chain([at("server.key"), "-out".into(), at("server.csr")])
            .collect(),
            ["x509", "-req", "-days", "2", "-in"]
                .iter()
                .map(|s| s.to_string())
                .chain([
                    at("server.csr"),
                    "-CA".into(),
                    at("ca.pem"),
                    "-CAkey".into(),
                    at("ca.key"),
                    "-CAcreateserial".into(),
                    "-extfile".into(),
                    ext.to_string_lossy().into_owned(),
                    "-out".into(),
                    at("server.crt"),
                ])
                .collect(),
        ];
        for args in steps {
            let out = Command::new("openssl").args(&args).output()?;
            if !out.status.success() {
                bail!(
                    "openssl {} failed: {}",
                    args.join(" "),
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        }
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(d.join("server.key"), std::fs::Permissions::from_mode(0o600))?;
        if self.as_postgres {
            for f in ["server.key", "server.crt"] {
                let ok = Command::new("chown")
                    .args(["postgres:postgres"])
                    .arg(d.join(f))
                    .status()?
                    .success();
                if !ok {
                    bail!("could not give {f} to the postgres user");
                }
            }
        }
        Ok(())
    }
}

fn whoami() -> String {
    std::env::var("USER").unwrap_or_else(|_| "postgres".into())
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let d = self.data.to_string_lossy().into_owned();
        let _ = self.run("pg_ctl", &["-D", &d, "-m", "immediate", "stop"]);
        let _ = std::fs::remove_dir_all(Path::new(&d));
    }
}
