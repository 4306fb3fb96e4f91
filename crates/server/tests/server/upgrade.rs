//! A team as Feltbog 0.1.0 left it (`fixtures/team-v15`: profiles at schema
//! 15, a server database at layout 1, a member removed before key grants
//! existed), opened with today's code: every row survives, the coordinator
//! announces the team's epochs, the consultant's waiting visit goes out,
//! and a member who joins now (after the removal) reads the whole history
//! through signed grants. And PostgreSQL's layout 1, frozen as SQL, is
//! upgraded the same way. Fictitious data only.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use crate::common::*;
use feltbog_api::team::MemberRole;
use feltbog_core::sync::Scope;
use feltbog_core::Error;
use feltbog_server::local::LocalServer;
use feltbog_server::postgres::Postgres;
use feltbog_server::sqlite::Sqlite;
use std::path::Path;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/team-v15")
}

/// The profile in `dir`, pointed at this test's server.
fn open_at(dir: &Path, url: &str) -> feltbog_core::Session {
    let s = unlock(dir);
    s.store()
        .execute_for_tests(&format!("UPDATE team SET server = '{url}'"))
        .unwrap();
    s
}

#[test]
fn a_team_from_0_1_0_upgrades_and_a_member_joining_after_a_removal_reads_everything() {
    let root = tempfile::tempdir().unwrap();
    copy_dir(&fixture(), root.path());
    let db = root.path().join("server.db");
    let server = LocalServer::start(Sqlite::open(&db).unwrap(), 0).unwrap();
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        let layout: i64 = c
            .query_row("SELECT version FROM schema_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(layout, 2);
        let used: i64 = c
            .query_row("SELECT count(*) FROM invites WHERE used = 1", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(used, 0, "used invites and their bundles are gone");
        let kept: i64 = c
            .query_row("SELECT count(*) FROM entries", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, 22, "every entry survived");
    }
    let url = server.url();
    let mut anne = open_at(&root.path().join("anne"), &url);
    let mut bo = open_at(&root.path().join("bo"), &url);
    let mut cai = open_at(&root.path().join("cai"), &url);
    // Every row survived the profile migrations.
    let notes = |s: &feltbog_core::Session| {
        let mut n = visit_notes(s);
        n.sort();
        n
    };
    assert_eq!(
        notes(&anne),
        [
            "FROZEN-besøg-1",
            "FROZEN-bos-besøg",
            "FROZEN-efter-fjernelse"
        ]
    );
    assert_eq!(
        notes(&bo),
        [
            "FROZEN-besøg-1",
            "FROZEN-bos-besøg",
            "FROZEN-efter-fjernelse",
            "FROZEN-venter"
        ]
    );
    assert_eq!(anne.cases(false).unwrap().len(), 2);
    assert!(anne.store().epochs_unannounced().unwrap());
    // Before the coordinator announces, the consultant's visit waits.
    bo.sync().unwrap();
    assert!(bo.sync_status().unwrap().waiting_for_key);
    assert!(!notes(&anne).contains(&"FROZEN-venter".to_string()));

    let r = anne.sync().unwrap();
    assert!(r.alarms.is_empty(), "{r:?}");
    let announced = anne.store().announced().unwrap();
    assert_eq!(announced[&Scope::Team].epoch, 2);
    assert_eq!(announced[&Scope::Cases].epoch, 2);
    let r = bo.sync().unwrap();
    assert!(r.alarms.is_empty() && r.sent >= 1, "{r:?}");
    assert!(!bo.sync_status().unwrap().waiting_for_key);
    anne.sync().unwrap();
    assert!(notes(&anne).contains(&"FROZEN-venter".to_string()));

    // A member joining now, after the removal: every epoch, signed.
    let (mut dan, _) = create(&root.path().join("dan"));
    let invite = anne.invite(MemberRole::Consultant, true).unwrap();
    dan.join_team(&url, &invite.code, Some("Dan")).unwrap();
    anne.sync().unwrap();
    let r = dan.sync().unwrap();
    assert!(r.alarms.is_empty(), "{r:?}");
    assert_eq!(notes(&dan).len(), 4, "the whole history: {:?}", notes(&dan));
    assert_eq!(dan.cases(false).unwrap().len(), 2, "both epochs of cases");
    let epochs: Vec<u32> = dan
        .store()
        .epoch_keys(Scope::Team)
        .unwrap()
        .into_iter()
        .map(|(e, _)| e)
        .collect();
    assert_eq!(epochs, [1, 2]);
    dan.record_visit(&visit(anne.schools(true).unwrap()[0].id, "Dans første"))
        .unwrap();
    dan.sync().unwrap();
    anne.sync().unwrap();
    assert!(notes(&anne).contains(&"Dans første".to_string()));

    // The member removed before the upgrade stays out.
    assert!(matches!(cai.sync(), Err(Error::Refused { ref code, .. }) if code == "token"));
}

#[test]
fn postgres_layout_1_upgrades_and_keeps_its_entries() {
    let Some(url) = postgres_url() else { return };
    let config: tokio_postgres::Config = url.split('?').next().unwrap().parse().unwrap();
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let socket = std::env::var("FELTBOG_TEST_POSTGRES_DATA").unwrap();
    let user = config.get_user().unwrap_or("postgres").to_string();
    let name = format!("feltbog_layout1_{}", std::process::id());
    let admin = format!("postgres://{user}@/postgres?host={socket}&port={port}");
    let frozen = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layout-v1-postgres.sql"),
    )
    .unwrap();
    block(async {
        let (c, conn) = tokio_postgres::connect(&admin, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(conn);
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
            .await
            .unwrap();
        c.batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
        let old = format!("postgres://{user}@/{name}?host={socket}&port={port}");
        let (o, conn) = tokio_postgres::connect(&old, tokio_postgres::NoTls)
            .await
            .unwrap();
        let task = tokio::spawn(conn);
        o.batch_execute(&frozen).await.unwrap();
        drop(o);
        let _ = task.await;

        let upgraded = Postgres::connect(&old).await.unwrap();
        drop(upgraded);
        let (o, conn) = tokio_postgres::connect(&old, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(conn);
        let one = |sql: &'static str| {
            let o = &o;
            async move { o.query_one(sql, &[]).await.unwrap().get::<_, i64>(0) }
        };
        assert_eq!(one("SELECT max(version) FROM schema_version").await, 2);
        assert_eq!(one("SELECT count(*) FROM entries").await, 2);
        assert_eq!(
            one("SELECT count(*) FROM invites").await,
            1,
            "only the live one"
        );
        assert_eq!(one("SELECT stored_bytes FROM teams").await, 8);
        assert_eq!(one("SELECT min(v)::bigint FROM entries").await, 1);
        assert_eq!(one("SELECT count(*) FROM grants").await, 0);
        let sealed = o
            .query_one("SELECT to_regclass('sealed_keys') IS NULL", &[])
            .await
            .unwrap()
            .get::<_, bool>(0);
        assert!(sealed, "the anonymous sealed keys are gone");
        drop(o);
        c.batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"))
            .await
            .unwrap();
    });
}
