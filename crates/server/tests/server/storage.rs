//! The server's storage, run against both implementations with the same
//! requests (SQLite always; PostgreSQL where `cargo xtask test` provides
//! one): the plans in `rules.rs` must come out the same on each. Grants
//! stored whole or not at all and never replaced, invites gone once used,
//! expired or made before a removal, a team's quota, deletions emptying
//! entries and giving their bytes back, pages cut by bytes, held logs left
//! out, and the head's signature. Fictitious data only.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::{block, postgres_url};
use feltbog_server::postgres::Postgres;
use feltbog_server::rules;
use feltbog_server::sqlite::Sqlite;
use feltbog_server::storage::{InviteRow, NewDevice, PullRequest, Storage, StoreError};
use feltbog_wire::{DeviceKeys, Entry, Grant, JoinInfo, MemberRole};
use std::collections::BTreeMap;

macro_rules! on_both {
    ($(#[$doc:meta])* async fn $name:ident($s:ident) $body:block) => {
        $(#[$doc])*
        mod $name {
            use super::*;
            async fn run<S: Storage>($s: &S) $body
            #[test]
            fn sqlite() {
                let dir = tempfile::tempdir().unwrap();
                let s = Sqlite::open(&dir.path().join("server.db")).unwrap();
                block(run(&s));
            }
            #[test]
            fn postgres() {
                if let Some(url) = postgres_url() {
                    block(async { run(&Postgres::connect(&url).await.unwrap()).await });
                }
            }
        }
    };
}

fn uuid() -> String {
    uuid::Uuid::now_v7().to_string()
}

fn device(join: Option<&str>) -> NewDevice {
    NewDevice {
        keys: DeviceKeys {
            device: uuid(),
            sign_key: "c2lnbg==".into(),
            box_key: "Ym94".into(),
        },
        token_hash: rules::hash(uuid().as_bytes()),
        join: join.map(|h| JoinInfo {
            invite_hash: h.into(),
            sealed: "proof".into(),
        }),
    }
}

/// A team with its coordinator; returns (team, coordinator's device).
async fn team<S: Storage>(s: &S) -> (String, String) {
    let (code, hash) = rules::new_setup_code();
    let _ = code;
    s.add_setup_code(hash.clone(), rules::now() + 60)
        .await
        .unwrap();
    let team = uuid();
    let first = device(None);
    let id = first.keys.device.clone();
    s.create_team(hash, team.clone(), first, rules::now())
        .await
        .unwrap();
    (team, id)
}

fn invite(secret: &[u8], cases: bool, expires_at: i64) -> InviteRow {
    InviteRow {
        id_hash: rules::hash(secret),
        role: MemberRole::Consultant,
        cases,
        expires_at,
        bundle: "sealed bundle".into(),
    }
}

/// A member joined with a fresh invite; returns its device id.
async fn member<S: Storage>(s: &S, team: &str, cases: bool) -> String {
    let secret = uuid();
    s.add_invite(
        team.into(),
        invite(secret.as_bytes(), cases, rules::now() + 60),
        rules::now(),
    )
    .await
    .unwrap();
    let d = device(Some("h"));
    let id = d.keys.device.clone();
    s.join(rules::hash(secret.as_bytes()), d, rules::now())
        .await
        .unwrap();
    id
}

fn grant(scope: &str, epoch: u32, to: &str, sealed: &str) -> Grant {
    Grant {
        scope: scope.into(),
        epoch,
        key_id: format!("{scope} {epoch}"),
        device: to.into(),
        granter: "coordinator".into(),
        sealed: sealed.into(),
        signature: "sig".into(),
    }
}

fn code<T: std::fmt::Debug>(r: Result<T, StoreError>) -> &'static str {
    match r {
        Err(StoreError::Refused { code, .. }) => code,
        other => panic!("not refused: {other:?}"),
    }
}

fn entry(device: &str, seq: i64, tag: &str, text: &str) -> Entry {
    Entry {
        v: 2,
        scope: "team".into(),
        device: device.into(),
        seq,
        epoch: 1,
        tag: tag.into(),
        nonce: "nonce".into(),
        ciphertext: text.into(),
        signature: format!("sig-{seq}-{text}"),
        kills: vec![],
    }
}

on_both! {
    /// A set of grants is stored whole or not at all; a grant once stored
    /// is never replaced; an epoch has one key; case keys go only to
    /// members with case access, and nothing to a removed device.
    async fn grants_are_stored_whole_and_never_replaced(s) {
        let (team, _) = team(s).await;
        let plain = member(s, &team, false).await;
        let cases = member(s, &team, true).await;
        s.put_grants(team.clone(), vec![grant("team", 2, &plain, "a"), grant("cases", 2, &cases, "b")])
            .await
            .unwrap();
        // The same again is a no-op; another at a taken place is refused,
        // and with it the whole set.
        s.put_grants(team.clone(), vec![grant("team", 2, &plain, "a")]).await.unwrap();
        let r = s
            .put_grants(team.clone(), vec![grant("team", 3, &cases, "c"), grant("team", 2, &plain, "x")])
            .await;
        assert_eq!(code(r), "grant_exists");
        assert_eq!(code(s.put_grants(team.clone(), vec![grant("cases", 3, &plain, "d")]).await), "grant_target");
        // An epoch has one key: another key for it, to any device, is refused.
        let mut other_key = grant("team", 2, &cases, "f");
        other_key.key_id = "another key".into();
        assert_eq!(code(s.put_grants(team.clone(), vec![other_key]).await), "grant_exists");
        let mine = s
            .grants_for(team.clone(), cases.clone(), vec!["team".into(), "cases".into()])
            .await
            .unwrap();
        assert_eq!(mine.len(), 1, "the refused set stored nothing: {mine:?}");
        assert_eq!(mine[0].sealed, "b");
        let only_team = s.grants_for(team.clone(), cases.clone(), vec!["team".into()]).await.unwrap();
        assert!(only_team.is_empty());
        let devices = s.devices(team.clone()).await.unwrap();
        let p = devices.iter().find(|d| d.keys.device == plain).unwrap();
        assert_eq!(p.grants.get("team"), Some(&vec![2]));
        assert!(s.revoke(team.clone(), plain.clone()).await.unwrap());
        assert_eq!(code(s.put_grants(team.clone(), vec![grant("team", 3, &plain, "e")]).await), "grant_target");
    }
}

on_both! {
    /// An invite works once and is gone after (its bundle with it); one
    /// past its date goes when the next is made; a removal deletes every
    /// invite not used yet.
    async fn invites_go_when_used_expired_or_a_member_is_removed(s) {
        let (team, _) = team(s).await;
        let used = b"brugt";
        s.add_invite(team.clone(), invite(used, false, rules::now() + 60), rules::now()).await.unwrap();
        s.join(rules::hash(used), device(Some("h")), rules::now()).await.unwrap();
        assert_eq!(code(s.join(rules::hash(used), device(Some("h")), rules::now()).await), "invite");
        let old = b"gammel";
        s.add_invite(team.clone(), invite(old, false, rules::now() + 1), rules::now()).await.unwrap();
        // The next invite, made after the first expired, clears it away.
        s.add_invite(team.clone(), invite(b"ny", false, rules::now() + 60), rules::now() + 5).await.unwrap();
        assert_eq!(code(s.join(rules::hash(old), device(Some("h")), rules::now()).await), "invite");
        let gone = member(s, &team, false).await;
        let before = "før fjernelsen".as_bytes();
        s.add_invite(team.clone(), invite(before, true, rules::now() + 60), rules::now()).await.unwrap();
        assert!(s.revoke(team.clone(), gone).await.unwrap());
        assert_eq!(
            code(s.join(rules::hash(before), device(Some("h")), rules::now()).await),
            "invite",
            "an invite made before a removal must not hand out the keys from before it"
        );
    }
}

on_both! {
    /// A team stores up to its quota and is refused past it, saying so; a
    /// deletion gives its bytes back.
    async fn a_team_over_its_quota_is_refused_and_deletions_free_room(s) {
        let (team, dev) = team(s).await;
        let quota = 30;
        s.push(team.clone(), vec![entry(&dev, 1, "t1", &"x".repeat(20))], quota).await.unwrap();
        let r = s.push(team.clone(), vec![entry(&dev, 2, "t2", &"y".repeat(20))], quota).await;
        assert_eq!(code(r), "quota");
        let mut kill = entry(&dev, 2, "t9", "z");
        kill.kills = vec!["t1".into()];
        s.push(team.clone(), vec![kill], quota).await.unwrap();
        s.push(team.clone(), vec![entry(&dev, 3, "t3", &"w".repeat(20))], quota).await.unwrap();
    }
}

on_both! {
    /// A push of many entries keeps count as it goes (`rules::PushMemo`):
    /// its own entries count towards the quota, a push refused half-way
    /// keeps nothing, the same entry twice is stored once, and a deletion
    /// frees what an entry before it in the same push stored. Pinned to the
    /// byte by the quota's edge.
    async fn a_long_push_counts_its_own_entries(s) {
        let (team, dev) = team(s).await;
        let quota = 50;
        let e1 = entry(&dev, 1, "t1", &"x".repeat(20));
        let e2 = entry(&dev, 2, "t2", &"y".repeat(20));
        let too_much = entry(&dev, 3, "t3", &"w".repeat(20));
        let r = s.push(team.clone(), vec![e1.clone(), e2.clone(), too_much], quota).await;
        assert_eq!(code(r), "quota");
        let mut kill = entry(&dev, 3, "t9", "z");
        kill.kills = vec!["t1".into()];
        // Nothing of the refused push counts: 20 + 20, then 20 freed, + 1.
        s.push(team.clone(), vec![e1.clone(), e2, e1, kill], quota).await.unwrap();
        let up_to_the_edge = entry(&dev, 4, "t4", &"v".repeat(29));
        s.push(team.clone(), vec![up_to_the_edge], quota).await.unwrap();
        let r = s.push(team.clone(), vec![entry(&dev, 5, "t5", "u")], quota).await;
        assert_eq!(code(r), "quota", "21 + 29 bytes stored: the quota is reached");
    }
}

on_both! {
    /// The logs a push meets are kept apart in its memo: each scope's log
    /// goes on from its own last seq, and an entry at a place this same
    /// push took, with other content, is refused as at a place taken
    /// before (and the whole push with it).
    async fn a_push_keeps_each_logs_place_apart(s) {
        let (team, dev) = team(s).await;
        let in_cases = |seq: i64, tag: &str| Entry {
            scope: "cases".into(),
            ..entry(&dev, seq, tag, "c")
        };
        let push = vec![
            entry(&dev, 1, "t1", "a"),
            in_cases(1, "c1"),
            entry(&dev, 2, "t2", "b"),
            in_cases(2, "c2"),
        ];
        s.push(team.clone(), push, 1_000).await.unwrap();
        let taken = vec![entry(&dev, 3, "t3", "c"), entry(&dev, 3, "t3", "other")];
        assert_eq!(code(s.push(team.clone(), taken, 1_000).await), "seq_taken");
        let gap = vec![in_cases(3, "c3"), entry(&dev, 4, "t4", "d")];
        assert_eq!(code(s.push(team.clone(), gap, 1_000).await), "seq_gap", "team's 3 was not kept");
        s.push(team.clone(), vec![in_cases(3, "c3"), entry(&dev, 3, "t3", "c")], 1_000)
            .await
            .unwrap();
    }
}

on_both! {
    /// A deletion empties its record's entries; an entry of it that comes
    /// later keeps only its place; the emptied places name their tag; the
    /// head carries the signature of the entry there.
    async fn deletions_empty_entries_and_places_name_their_tag(s) {
        let (team, dev) = team(s).await;
        let mut del = entry(&dev, 2, "k", "del");
        del.kills = vec!["r".into()];
        s.push(
            team.clone(),
            vec![entry(&dev, 1, "r", "first"), del, entry(&dev, 3, "r", "late")],
            rules::TEAM_BYTES_DEFAULT,
        )
        .await
        .unwrap();
        let page = s.pull(team.clone(), request(&[])).await.unwrap();
        let slots: Vec<_> = page
            .slots
            .iter()
            .map(|s| (s.seq, s.entry.is_some(), s.emptied.as_ref().map(|h| h.tag.clone())))
            .collect();
        assert_eq!(
            slots,
            [(1, false, Some("r".to_string())), (2, true, None), (3, false, Some("r".to_string()))]
        );
        // What is left of an emptied entry is its signed header, the hash of
        // its ciphertext in place of the ciphertext.
        let head = page.slots[0].emptied.clone().unwrap();
        assert_eq!(head.signature.as_deref(), Some("sig-1-first"));
        assert_eq!(head.ciphertext_hash, Some(feltbog_wire::ciphertext_hash("first")));
        let heads = s.heads(team.clone(), dev.clone()).await.unwrap();
        assert_eq!(heads.heads["team"], 3);
        assert_eq!(heads.tops["team"], "sig-3-late", "an emptied head keeps its signature");
        s.push(team.clone(), vec![entry(&dev, 4, "q", "next")], rules::TEAM_BYTES_DEFAULT).await.unwrap();
        let heads = s.heads(team.clone(), dev.clone()).await.unwrap();
        assert_eq!(heads.tops["team"], "sig-4-next");
    }
}

fn request(hold: &[(String, String)]) -> PullRequest {
    PullRequest {
        scopes: vec!["team".into()],
        cursors: BTreeMap::new(),
        hold: hold.to_vec(),
        limit: 2000,
    }
}

on_both! {
    /// A page carries at most `PAGE_BYTES_MAX` of ciphertext (but always
    /// one entry), and leaves out the logs the device holds.
    async fn pages_are_cut_by_bytes_and_held_logs_are_left_out(s) {
        let (team, dev) = team(s).await;
        let big = "b".repeat(rules::CIPHERTEXT_MAX - 1000);
        let n = rules::PAGE_BYTES_MAX / big.len() + 2;
        let entries: Vec<Entry> = (1..=n as i64).map(|i| entry(&dev, i, "t", &big)).collect();
        s.push(team.clone(), entries, rules::TEAM_BYTES_DEFAULT).await.unwrap();
        let first = s.pull(team.clone(), request(&[])).await.unwrap();
        assert!(first.more);
        let bytes: usize = first.slots.iter().filter_map(|s| s.entry.as_ref()).map(|e| e.ciphertext.len()).sum();
        assert!(bytes <= rules::PAGE_BYTES_MAX && first.slots.len() < n, "{} of {n}", first.slots.len());
        let held = s.pull(team.clone(), request(&[("team".into(), dev.clone())])).await.unwrap();
        assert!(held.slots.is_empty() && !held.more);
    }
}

on_both! {
    /// A page takes the logs in order and each from its cursor, up to the
    /// limit, and says whether more is left: the same pages on both
    /// storages (PostgreSQL plans a page's reads and sends them together).
    async fn pages_span_the_logs_in_order_and_say_when_more_is_left(s) {
        let (team, first) = team(s).await;
        let mut devices = vec![first, member(s, &team, false).await, member(s, &team, false).await];
        for d in &devices {
            let entries: Vec<Entry> = (1..=5).map(|i| entry(d, i, "t", "x")).collect();
            s.push(team.clone(), entries, rules::TEAM_BYTES_DEFAULT).await.unwrap();
        }
        devices.sort();
        let devices = &devices;
        let page = |cursors: &[(usize, i64)], limit: u32| {
            let mut req = request(&[]);
            req.limit = limit;
            req.cursors.insert(
                "team".into(),
                cursors.iter().map(|(d, c)| (devices[*d].clone(), *c)).collect(),
            );
            let team = team.clone();
            async move {
                let p = s.pull(team, req).await.unwrap();
                let got: Vec<(usize, i64)> = p
                    .slots
                    .iter()
                    .map(|x| (devices.iter().position(|d| *d == x.device).unwrap(), x.seq))
                    .collect();
                (got, p.more)
            }
        };
        let seq = |d: usize, r: std::ops::RangeInclusive<i64>| r.map(move |i| (d, i));
        let want: Vec<_> = seq(0, 1..=5).chain(seq(1, 1..=2)).collect();
        assert_eq!(page(&[], 7).await, (want, true));
        // A cursor below zero (a client's mistake, or malice) reads from
        // the start.
        let want: Vec<_> = seq(0, 1..=5).chain(seq(1, 1..=2)).collect();
        assert_eq!(page(&[(0, i64::MIN)], 7).await, (want, true));
        let want: Vec<_> = seq(1, 3..=5).chain(seq(2, 1..=4)).collect();
        assert_eq!(page(&[(0, 5), (1, 2)], 7).await, (want, true));
        assert_eq!(page(&[(0, 5), (1, 5), (2, 4)], 7).await, (seq(2, 5..=5).collect(), false));
        // A limit that ends exactly at a log's end, with another log left.
        assert_eq!(page(&[(1, 5), (2, 5)], 5).await, (seq(0, 1..=5).collect(), true));
        // Everything read: an empty page, nothing more.
        assert_eq!(page(&[(0, 5), (1, 5), (2, 5)], 7).await, (vec![], false));
        // A scope the caller does not read is left out; one it reads comes
        // in the logs' order ("cases" before "team"), from its cursor.
        let cases: Vec<Entry> = (1..=3)
            .map(|i| Entry { scope: "cases".into(), ..entry(&devices[1], i, "c", "y") })
            .collect();
        s.push(team.clone(), cases, rules::TEAM_BYTES_DEFAULT).await.unwrap();
        assert_eq!(page(&[(0, 5), (1, 5), (2, 5)], 7).await, (vec![], false));
        let mut req = request(&[]);
        req.scopes = vec!["cases".into(), "team".into()];
        req.limit = 3;
        req.cursors.insert("cases".into(), [(devices[1].clone(), 1)].into());
        let p = s.pull(team.clone(), req).await.unwrap();
        let got: Vec<(&str, i64)> = p.slots.iter().map(|x| (x.scope.as_str(), x.seq)).collect();
        assert_eq!(got, [("cases", 2), ("cases", 3), ("team", 1)]);
        assert!(p.more);
        // Names no log has (a NUL among them: PostgreSQL refuses it in a
        // text parameter) change nothing and fail nothing.
        let mut req = request(&[("team".into(), "\0".into()), ("nope\0".into(), "x".into())]);
        req.limit = 2;
        req.cursors.insert("team".into(), [("\0".to_string(), 3), (devices[0].clone(), 4)].into());
        req.cursors.insert("\0".into(), [("\0".to_string(), 1)].into());
        let p = s.pull(team.clone(), req).await.unwrap();
        let got: Vec<(usize, i64)> = p
            .slots
            .iter()
            .map(|x| (devices.iter().position(|d| *d == x.device).unwrap(), x.seq))
            .collect();
        assert_eq!((got, p.more), (vec![(0, 5), (1, 1)], true));
    }
}

#[test]
fn postgres_is_reached_over_tls_and_a_certificate_of_no_trusted_ca_is_refused() {
    let Some(url) = postgres_url() else { return };
    block(async {
        let pg = Postgres::connect(&url).await.unwrap();
        assert!(
            pg.transport().await.unwrap().starts_with("TLS"),
            "{}",
            pg.transport().await.unwrap()
        );
        // The same server, checked against the public web roots instead of
        // the CA that signed it: refused.
        let untrusted = url.split('?').next().unwrap().to_string();
        assert!(Postgres::connect(&untrusted).await.is_err());
    });
}

on_both! {
    /// A device's "last seen" is written once it is a minute old, not on
    /// every request (every open app pulls about once a minute), and at
    /// once when the server's clock went back.
    async fn last_seen_is_written_once_a_minute(s) {
        let (_code, hash) = rules::new_setup_code();
        s.add_setup_code(hash.clone(), rules::now() + 60).await.unwrap();
        let team = uuid();
        let first = device(None);
        let (token, id) = (first.token_hash.clone(), first.keys.device.clone());
        let t0 = rules::now();
        s.create_team(hash, team.clone(), first, t0).await.unwrap();
        for (now, want) in [
            (t0 + 30, t0),
            (t0 + 59, t0),
            (t0 + 60, t0 + 60),
            (t0 + 100, t0 + 60),
            (t0 - 5, t0 - 5),
        ] {
            let c = s.caller(token.clone(), now).await.unwrap().unwrap();
            assert_eq!(c.device, id);
            let seen = s
                .devices(team.clone())
                .await
                .unwrap()
                .into_iter()
                .find(|d| d.keys.device == id)
                .unwrap()
                .last_seen;
            assert_eq!(seen, want, "asked at {now}");
        }
    }
}
