//! The rate limits as a deployment behind a reverse proxy meets them: the
//! client's address is taken from the trusted proxy's header only, bad
//! tokens and code tries are counted apart, and a valid token is never
//! held back. (The review found 20 bad tokens a minute from anyone locked
//! every team out behind the proxy docs/INSTALL.md recommends.)
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;
use feltbog_server::limit::TrustedProxy;
use feltbog_server::local::LocalServer;
use feltbog_server::rules;
use feltbog_server::sqlite::Sqlite;

fn get(url: &str, token: &str, client: &str) -> u16 {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    agent
        .get(format!("{url}/v1/heads"))
        .header("Authorization", format!("Bearer {token}"))
        .header("X-Forwarded-For", format!("10.9.9.9, {client}"))
        .call()
        .unwrap()
        .status()
        .as_u16()
}

#[test]
fn bad_tokens_lock_out_their_own_client_only_and_never_a_valid_token() {
    let dir = tempfile::tempdir().unwrap();
    let store = Sqlite::open(&dir.path().join("server.db")).unwrap();
    let (code, hash) = rules::new_setup_code();
    block(feltbog_server::storage::Storage::add_setup_code(
        &store,
        hash,
        rules::now() + 60,
    ))
    .unwrap();
    let proxy = TrustedProxy {
        addr: [127, 0, 0, 1].into(),
        header: "x-forwarded-for".into(),
    };
    let server = LocalServer::start_limited(store, 5, Some(proxy)).unwrap();
    let url = server.url();
    let pdir = tempfile::tempdir().unwrap();
    let (mut anne, _) = create(pdir.path());
    anne.create_team(&url, "SSP Egeby", &code, Some("Anne"))
        .unwrap();
    let valid = token(&anne);
    // An attacker behind the same proxy tries tokens.
    let codes: Vec<u16> = (0..8).map(|_| get(&url, "guess", "203.0.113.7")).collect();
    assert_eq!(&codes[..5], [401; 5]);
    assert!(codes[5..].iter().all(|c| *c == 429), "{codes:?}");
    // Another client behind the proxy is not held back by it...
    assert_eq!(get(&url, "wrong", "198.51.100.4"), 401);
    // ...and a valid token passes, even from the locked-out address.
    assert_eq!(get(&url, &valid, "203.0.113.7"), 200);
    assert_eq!(get(&url, &valid, "198.51.100.4"), 200);
    // The bad tokens did not use up the tries of a code: a join from the
    // attacker's address is still answered (refused for its code).
    let invite = anne
        .invite(feltbog_api::team::MemberRole::Consultant, false)
        .unwrap();
    let (mut bo, _) = create(&pdir.path().join("bo"));
    bo.join_team(&url, &invite.code, Some("Bo")).unwrap();
}

#[test]
fn a_forged_header_from_anyone_but_the_proxy_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let store = Sqlite::open(&dir.path().join("server.db")).unwrap();
    // The trusted proxy is elsewhere: this connection (from 127.0.0.1) is
    // not it, so its header is not believed and every try counts for
    // 127.0.0.1 itself.
    let proxy = TrustedProxy {
        addr: [10, 0, 0, 1].into(),
        header: "x-forwarded-for".into(),
    };
    let server = LocalServer::start_limited(store, 3, Some(proxy)).unwrap();
    let url = server.url();
    let codes: Vec<u16> = (0..5)
        .map(|i| get(&url, "guess", &format!("198.51.100.{i}")))
        .collect();
    assert_eq!(codes, [401, 401, 401, 429, 429]);
}
