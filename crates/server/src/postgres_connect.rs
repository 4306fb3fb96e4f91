//! How the server reaches PostgreSQL: over TLS (rustls), or through a Unix
//! socket on the same machine. The database holds the teams' ciphertext
//! and, more to the point, the hashes of every device's token: a plain TCP
//! connection across a network would hand both to anyone on the path.
//!
//! - A host starting with `/` (`?host=/run/postgresql`) is a Unix socket.
//! - Any other host is reached over TLS, verified against the CA in
//!   `sslrootcert=FILE` (PEM; libpq's name for it) or, without it, the
//!   public web roots. `sslmode=disable` is accepted only for a loopback
//!   address (a database on the same machine, as the tests run one).

use crate::storage::{Result, StoreError};
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use std::net::IpAddr;
use std::sync::Arc;
use tokio_postgres::config::{Host, SslMode};

fn bad(message: impl Into<String>) -> StoreError {
    StoreError::Db(message.into())
}

/// The URL without `sslrootcert`, and that file, if given.
fn split_root_cert(url: &str) -> (String, Option<String>) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_string(), None);
    };
    let mut root = None;
    let mut kept = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        if k == "sslrootcert" {
            root = Some(v.into_owned());
        } else {
            kept.append_pair(&k, &v);
        }
    }
    let kept = kept.finish();
    if kept.is_empty() {
        (base.to_string(), root)
    } else {
        (format!("{base}?{kept}"), root)
    }
}

fn loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .trim_matches(['[', ']'])
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// What the connection needs: TLS (with its roots), or nothing.
enum Transport {
    Plain,
    Tls(Option<String>),
}

fn transport(config: &mut tokio_postgres::Config, root: Option<String>) -> Result<Transport> {
    let tcp: Vec<String> = config
        .get_hosts()
        .iter()
        .filter_map(|h| match h {
            Host::Tcp(name) => Some(name.clone()),
            #[cfg(unix)]
            Host::Unix(_) => None,
        })
        .collect();
    if tcp.is_empty() {
        return Ok(Transport::Plain); // Unix sockets only
    }
    if config.get_ssl_mode() == SslMode::Disable {
        if let Some(far) = tcp.iter().find(|h| !loopback(h)) {
            return Err(bad(format!(
                "PostgreSQL at {far} must be reached over TLS (leave out sslmode=disable) or a \
                 Unix socket (host=/run/postgresql)"
            )));
        }
        return Ok(Transport::Plain);
    }
    // TLS or nothing: `prefer` would fall back to plain text unnoticed.
    config.ssl_mode(SslMode::Require);
    Ok(Transport::Tls(root))
}

fn tls_config(root: Option<&str>) -> Result<rustls::ClientConfig> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::CertificateDer;
    let mut roots = rustls::RootCertStore::empty();
    match root {
        Some(path) => {
            for cert in CertificateDer::pem_file_iter(path)
                .map_err(|e| bad(format!("sslrootcert={path}: {e}")))?
            {
                let cert = cert.map_err(|e| bad(format!("sslrootcert={path}: {e}")))?;
                roots
                    .add(cert)
                    .map_err(|e| bad(format!("sslrootcert={path}: {e}")))?;
            }
        }
        None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| bad(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// A pool of connections to the database at `url`.
pub(super) fn pool(url: &str) -> Result<Pool> {
    let (url, root) = split_root_cert(url);
    let mut config: tokio_postgres::Config = url
        .parse()
        .map_err(|e| bad(format!("the database address: {e}")))?;
    let manager_config = ManagerConfig {
        recycling_method: RecyclingMethod::Fast,
    };
    let manager = match transport(&mut config, root)? {
        Transport::Plain => Manager::from_config(config, tokio_postgres::NoTls, manager_config),
        Transport::Tls(root) => Manager::from_config(
            config,
            tokio_postgres_rustls::MakeRustlsConnect::new(tls_config(root.as_deref())?),
            manager_config,
        ),
    };
    Pool::builder(manager)
        .max_size(16)
        .build()
        .map_err(|e| bad(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(url: &str) -> Result<&'static str> {
        let (url, root) = split_root_cert(url);
        let mut c: tokio_postgres::Config = url.parse().map_err(|_| bad("parse"))?;
        Ok(match transport(&mut c, root)? {
            Transport::Plain => "plain",
            Transport::Tls(Some(_)) => "tls+ca",
            Transport::Tls(None) => "tls",
        })
    }

    #[test]
    fn a_database_elsewhere_is_reached_over_tls_only() {
        assert_eq!(
            plan("postgres://feltbog@db.egeby.dk/feltbog").unwrap(),
            "tls"
        );
        assert_eq!(
            plan("postgres://feltbog@db.egeby.dk/feltbog?sslmode=prefer").unwrap(),
            "tls"
        );
        assert_eq!(
            plan("postgres://feltbog@db.egeby.dk/feltbog?sslrootcert=/etc/ca.pem").unwrap(),
            "tls+ca"
        );
        let refused = plan("postgres://feltbog@db.egeby.dk/feltbog?sslmode=disable");
        assert!(
            matches!(&refused, Err(StoreError::Db(m)) if m.contains("TLS")),
            "{refused:?}"
        );
    }

    #[test]
    fn a_socket_or_this_machine_may_go_without_tls() {
        assert_eq!(
            plan("postgres://feltbog@/feltbog?host=/run/postgresql").unwrap(),
            "plain"
        );
        assert_eq!(
            plan("postgres://feltbog@127.0.0.1:5432/feltbog?sslmode=disable").unwrap(),
            "plain"
        );
        assert_eq!(plan("postgres://feltbog@127.0.0.1/feltbog").unwrap(), "tls");
    }
}
