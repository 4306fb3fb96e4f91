//! `feltbog-server`: the sync server's command line.
//!
//! - `feltbog-server serve --db sqlite:PATH|postgres://… --listen ADDR
//!   [--tls-cert FILE --tls-key FILE] [--insecure-http]
//!   [--trusted-proxy ADDR [--client-ip-header NAME]] [--team-quota-mb N]`
//! - `feltbog-server setup-code --db …`: a one-time code that lets one
//!   coordinator create one team.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use feltbog_server::limit::{Limits, TrustedProxy};
use feltbog_server::postgres::Postgres;
use feltbog_server::routes::{router, App};
use feltbog_server::rules;
use feltbog_server::sqlite::Sqlite;
use feltbog_server::storage::Storage;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// `feltbog-server --version`: the version, the licence and where the
/// installed package keeps the third-party licences.
const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "\nLicence: EUPL-1.2 (European Union Public Licence v. 1.2)",
    "\nThird-party licences: /usr/share/doc/feltbog-server/third-party-licences.html"
);

#[derive(Parser)]
#[command(
    name = "feltbog-server",
    version,
    long_version = LONG_VERSION,
    about = "Feltbog's sync server: keeps a team's encrypted entries; cannot read a record."
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Serve the sync API
    Serve {
        /// sqlite:PATH (one municipality) or postgres://USER@HOST/DB (TLS;
        /// sslrootcert=FILE for a private CA; ?host=/run/postgresql for a
        /// Unix socket)
        #[arg(long, env = "FELTBOG_SERVER_DB")]
        db: String,
        /// Address and port to listen on
        #[arg(long, default_value = "127.0.0.1:8787", env = "FELTBOG_SERVER_LISTEN")]
        listen: SocketAddr,
        /// TLS certificate chain (PEM)
        #[arg(long, requires = "tls_key", env = "FELTBOG_SERVER_TLS_CERT")]
        tls_cert: Option<PathBuf>,
        /// TLS private key (PEM)
        #[arg(long, requires = "tls_cert", env = "FELTBOG_SERVER_TLS_KEY")]
        tls_key: Option<PathBuf>,
        /// Allow plain HTTP on an address other than loopback (only behind
        /// a reverse proxy that terminates TLS)
        #[arg(long, env = "FELTBOG_SERVER_INSECURE_HTTP")]
        insecure_http: bool,
        /// The reverse proxy in front of the server: for connections from
        /// this address the client's address is read from its header, so
        /// the rate limits count each client, not the proxy
        #[arg(long, env = "FELTBOG_SERVER_TRUSTED_PROXY")]
        trusted_proxy: Option<std::net::IpAddr>,
        /// The header the trusted proxy writes the client's address in
        #[arg(
            long,
            default_value = "X-Forwarded-For",
            env = "FELTBOG_SERVER_CLIENT_IP_HEADER"
        )]
        client_ip_header: String,
        /// What one team may store, in MiB of ciphertext
        #[arg(long, default_value_t = 1024, env = "FELTBOG_SERVER_TEAM_QUOTA_MB")]
        team_quota_mb: i64,
    },
    /// Print a one-time code that lets one coordinator create one team
    SetupCode {
        #[arg(long, env = "FELTBOG_SERVER_DB")]
        db: String,
    },
    /// Print the manual page (roff) for the package (`cargo xtask dist`)
    #[command(hide = true)]
    ManPage,
}

enum Db {
    Sqlite(Sqlite),
    Postgres(Postgres),
}

async fn open(url: &str) -> Result<Db> {
    if let Some(path) = url.strip_prefix("sqlite:") {
        let path = path.strip_prefix("//").unwrap_or(path);
        return Ok(Db::Sqlite(
            Sqlite::open(std::path::Path::new(path))
                .with_context(|| format!("--db: cannot open {path}"))?,
        ));
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let pg = Postgres::connect(url)
            .await
            .context("--db: cannot reach PostgreSQL")?;
        eprintln!(
            "feltbog-server: PostgreSQL reached over {}",
            pg.transport().await?
        );
        return Ok(Db::Postgres(pg));
    }
    bail!("--db: give sqlite:PATH or postgres://USER@HOST/DATABASE")
}

async fn setup_code(store: impl Storage) -> Result<()> {
    let (code, hash) = rules::new_setup_code();
    store
        .add_setup_code(hash, rules::now() + rules::SETUP_CODE_HOURS * 3600)
        .await?;
    println!("{code}");
    eprintln!(
        "This code lets one coordinator create one team. It works once, within {} hours.",
        rules::SETUP_CODE_HOURS
    );
    Ok(())
}

/// How the server is run, apart from its storage.
struct Serve {
    listen: SocketAddr,
    tls: Option<(PathBuf, PathBuf)>,
    proxy: Option<TrustedProxy>,
    quota: i64,
}

async fn serve(store: impl Storage, how: Serve) -> Result<()> {
    let Serve {
        listen,
        tls,
        proxy,
        quota,
    } = how;
    let app = Arc::new(App {
        store,
        limits: Limits::per_minute(20),
        proxy,
        quota,
    });
    let service = router(app).into_make_service_with_connect_info::<SocketAddr>();
    let handle = axum_server::Handle::new();
    let stopper = handle.clone();
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        stopper.graceful_shutdown(Some(std::time::Duration::from_secs(5)));
    });
    #[cfg(unix)]
    {
        let stopper = handle.clone();
        tokio::spawn(async move {
            if let Ok(mut term) =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            {
                term.recv().await;
                stopper.graceful_shutdown(Some(std::time::Duration::from_secs(5)));
            }
        });
    }
    match tls {
        Some((cert, key)) => {
            let config = axum_server::tls_rustls::RustlsConfig::from_pem_file(&cert, &key)
                .await
                .context("--tls-cert/--tls-key: cannot read the certificate or key")?;
            eprintln!("feltbog-server: listening on https://{listen}");
            axum_server::bind_rustls(listen, config)
                .handle(handle)
                .serve(service)
                .await?;
        }
        None => {
            eprintln!("feltbog-server: listening on http://{listen}");
            axum_server::bind(listen)
                .handle(handle)
                .serve(service)
                .await?;
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() {
    if let Err(e) = run(Cli::parse()).await {
        eprintln!("feltbog-server: {e:#}");
        std::process::exit(2);
    }
}

async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        // `feltbog-server(1)` from the grammar itself, so it never drifts.
        Cmd::ManPage => {
            use clap::CommandFactory;
            clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
            Ok(())
        }
        Cmd::SetupCode { db } => match open(&db).await? {
            Db::Sqlite(s) => setup_code(s).await,
            Db::Postgres(p) => setup_code(p).await,
        },
        Cmd::Serve {
            db,
            listen,
            tls_cert,
            tls_key,
            insecure_http,
            trusted_proxy,
            client_ip_header,
            team_quota_mb,
        } => {
            let tls = tls_cert.zip(tls_key);
            if tls.is_none() && !listen.ip().is_loopback() && !insecure_http {
                bail!(
                    "--listen {listen}: plain HTTP is only allowed on loopback; give --tls-cert \
                     and --tls-key, or --insecure-http behind a reverse proxy that serves TLS"
                );
            }
            if !(1..=1_048_576).contains(&team_quota_mb) {
                bail!("--team-quota-mb: give a number of MiB from 1 to 1048576");
            }
            let how = Serve {
                listen,
                tls,
                proxy: trusted_proxy.map(|addr| TrustedProxy {
                    addr,
                    header: client_ip_header.to_ascii_lowercase(),
                }),
                quota: team_quota_mb * 1024 * 1024,
            };
            match open(&db).await? {
                Db::Sqlite(s) => serve(s, how).await,
                Db::Postgres(p) => serve(p, how).await,
            }
        }
    }
}
