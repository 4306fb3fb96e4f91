//! What the sync tests share: a real server on loopback over either
//! storage (SQLite always; PostgreSQL where `cargo xtask test` provides
//! one), its setup codes, a team formed of real profiles, and the
//! server's files as an attacker who copied them would see them.
//! Fictitious data only.
#![allow(dead_code, unused_imports)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

pub use feltbog_hostile as hostile;

pub use feltbog_core::testing::*;

use feltbog_api::team::MemberRole;
use feltbog_core::sync::client::Client;
use feltbog_core::sync::Outgoing;
use feltbog_core::sync::{Payload, Scope};
use feltbog_core::Session;
use feltbog_server::local::LocalServer;
use feltbog_server::postgres::Postgres;
use feltbog_server::rules;
use feltbog_server::sqlite::Sqlite;
use feltbog_server::storage::{InviteRow, Storage};
use feltbog_wire as wire;
use std::path::{Path, PathBuf};

/// Runs `f` on a fresh runtime (the admin side talks to the storage
/// directly, as `feltbog-server setup-code` does).
pub fn block<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Runtime::new().unwrap().block_on(f)
}

/// The storage behind a test's server.
pub enum Db {
    Sqlite { dir: tempfile::TempDir },
    Postgres { url: String },
}

/// A real server (real HTTP, real storage) and a way to its storage.
pub struct Rig {
    pub db: Db,
    pub server: LocalServer,
}

/// The PostgreSQL `cargo xtask test` started, if any (a missing one fails
/// the run there, and is skipped elsewhere).
pub fn postgres_url() -> Option<String> {
    match std::env::var("FELTBOG_TEST_POSTGRES") {
        Ok(url) => Some(url),
        Err(_) => {
            assert!(
                std::env::var("FELTBOG_REQUIRE_POSTGRES").is_err(),
                "FELTBOG_TEST_POSTGRES is not set: `cargo xtask test` starts PostgreSQL"
            );
            eprintln!("skipped on PostgreSQL: no FELTBOG_TEST_POSTGRES (cargo xtask test sets it)");
            None
        }
    }
}

impl Rig {
    pub fn sqlite() -> Rig {
        let dir = tempfile::tempdir().unwrap();
        let store = Sqlite::open(&dir.path().join("server.db")).unwrap();
        let server = LocalServer::start(store, 0).unwrap();
        Rig {
            db: Db::Sqlite { dir },
            server,
        }
    }

    pub fn postgres() -> Option<Rig> {
        let url = postgres_url()?;
        let connect = url.clone();
        let server =
            LocalServer::start_with(async move { Postgres::connect(&connect).await }, 0).unwrap();
        Some(Rig {
            db: Db::Postgres { url },
            server,
        })
    }

    pub fn url(&self) -> String {
        self.server.url()
    }

    /// Runs `f` on this rig's storage.
    pub fn admin<T, F, Fut>(&self, f: F) -> T
    where
        F: FnOnce(Box<dyn AnyStore>) -> Fut,
        Fut: std::future::Future<Output = T>,
    {
        block(async {
            let store: Box<dyn AnyStore> = match &self.db {
                Db::Sqlite { dir } => {
                    Box::new(Sqlite::open(&dir.path().join("server.db")).unwrap())
                }
                Db::Postgres { url } => Box::new(Postgres::connect(url).await.unwrap()),
            };
            f(store).await
        })
    }

    /// A setup code, as `feltbog-server setup-code` makes one.
    pub fn setup_code(&self) -> String {
        let (code, hash) = rules::new_setup_code();
        self.admin(|s| async move { s.add_setup_code(hash, rules::now() + 3600).await });
        code
    }

    /// An invite the storage holds, made up by whoever runs the server.
    pub fn plant_invite(&self, team: &str, invite: InviteRow) {
        let team = team.to_string();
        self.admin(|s| async move { s.add_invite(team, invite).await });
    }

    /// Every file of the storage, by path (PostgreSQL's data folder where
    /// `cargo xtask test` names it).
    pub fn files(&self) -> Vec<(PathBuf, Vec<u8>)> {
        match &self.db {
            Db::Sqlite { dir } => files(dir.path()),
            Db::Postgres { .. } => std::env::var("FELTBOG_TEST_POSTGRES_DATA")
                .map(|d| files(Path::new(&d)))
                .unwrap_or_default(),
        }
    }

    /// `a` creates the team as Anne; each member joins as a consultant
    /// (with case access or not) under the name given; then everyone
    /// syncs, so each is admitted and holds its keys.
    pub fn form_team(&self, a: &mut Session, members: &mut [(&mut Session, bool, &str)]) {
        a.create_team(&self.url(), "SSP Egeby", &self.setup_code(), Some("Anne"))
            .unwrap();
        for (m, cases, name) in members.iter_mut() {
            let invite = a.invite(MemberRole::Consultant, *cases).unwrap();
            m.join_team(&self.url(), &invite.code, Some(name)).unwrap();
        }
        a.sync().unwrap();
        for (m, _, _) in members.iter_mut() {
            m.sync().unwrap();
        }
    }
}

/// The admin operations the tests need, on either storage.
pub trait AnyStore {
    fn add_setup_code(
        &self,
        hash: Vec<u8>,
        expires_at: i64,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + '_>>;
    fn add_invite(
        &self,
        team: String,
        invite: InviteRow,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + '_>>;
}

impl<S: Storage> AnyStore for S {
    fn add_setup_code(
        &self,
        hash: Vec<u8>,
        expires_at: i64,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + '_>> {
        Box::pin(async move {
            Storage::add_setup_code(self, hash, expires_at)
                .await
                .unwrap()
        })
    }

    fn add_invite(
        &self,
        team: String,
        invite: InviteRow,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + '_>> {
        Box::pin(async move {
            Storage::add_invite(self, team, invite, rules::now())
                .await
                .unwrap()
        })
    }
}

/// Runs a test on SQLite, and on PostgreSQL where the run provides one.
#[macro_export]
macro_rules! on_both_storages {
    ($(#[$doc:meta])* fn $name:ident($rig:ident: &Rig) $body:block) => {
        $(#[$doc])*
        mod $name {
            use super::*;
            fn run($rig: &Rig) $body
            #[test]
            fn sqlite() {
                run(&Rig::sqlite());
            }
            #[test]
            fn postgres() {
                if let Some(rig) = Rig::postgres() {
                    run(&rig);
                }
            }
        }
    };
}

/// Every file under `dir`, recursively, by path.
pub fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files(&p));
        } else if let Ok(b) = std::fs::read(&p) {
            out.push((p, b));
        }
    }
    out
}

/// The notes of every visit a profile holds.
pub fn visit_notes(s: &Session) -> Vec<String> {
    s.visits(&Default::default())
        .unwrap()
        .into_iter()
        .map(|v| v.notes)
        .collect()
}

/// A team of three real profiles that reach the server only through a
/// hostile proxy: Anne (coordinator, case access), Bo (consultant, no case
/// access) and Cai (consultant, case access), with one school, all synced.
pub struct Crew {
    pub proxy: hostile::Hostile,
    pub anne: Session,
    pub bo: Session,
    pub cai: Session,
    pub school: feltbog_api::SchoolId,
    _dirs: Vec<tempfile::TempDir>,
}

impl Crew {
    pub fn new(rig: &Rig) -> Crew {
        let proxy = hostile::Hostile::start(&rig.url());
        let dirs: Vec<_> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
        let (mut anne, _) = create(dirs[0].path());
        let (mut bo, _) = create(dirs[1].path());
        let (mut cai, _) = create(dirs[2].path());
        let url = proxy.url();
        anne.create_team(&url, "SSP Egeby", &rig.setup_code(), Some("Anne"))
            .unwrap();
        for (s, cases, name) in [(&mut bo, false, "Bo"), (&mut cai, true, "Cai")] {
            let invite = anne.invite(MemberRole::Consultant, cases).unwrap();
            s.join_team(&url, &invite.code, Some(name)).unwrap();
        }
        let school = anne.add_school(&school("Egeby Skole")).unwrap().id;
        let mut crew = Crew {
            proxy,
            anne,
            bo,
            cai,
            school,
            _dirs: dirs,
        };
        crew.sync_all();
        crew
    }

    /// Everyone syncs, the coordinator first and last.
    pub fn sync_all(&mut self) {
        for s in [&mut self.anne, &mut self.bo, &mut self.cai] {
            let r = s.sync().unwrap();
            assert!(r.alarms.is_empty(), "an honest sync raised {r:?}");
        }
        self.anne.sync().unwrap();
    }

    /// Another member joins through the proxy and is admitted.
    pub fn join(&mut self, dir: &Path, name: &str, role: MemberRole, cases: bool) -> Session {
        let (mut s, _) = create(dir);
        let invite = self.anne.invite(role, cases).unwrap();
        s.join_team(&self.proxy.url(), &invite.code, Some(name))
            .unwrap();
        self.anne.sync().unwrap();
        s.sync().unwrap();
        s
    }
}

/// Whether `s` holds an unread alarm of kind `a`.
pub fn alarmed(s: &Session, a: feltbog_api::team::SyncAlarm) -> bool {
    s.sync_alarms().unwrap().iter().any(|v| v.alarm == a)
}

/// The token a profile sends the server (to tell its requests apart at
/// the proxy, and to play its altered program).
pub fn token(s: &Session) -> String {
    s.store().team().unwrap().unwrap().token.to_string()
}

/// A profile's device keys, as its program holds them.
pub fn secrets(s: &Session) -> feltbog_core::sync::crypto::DeviceSecrets {
    feltbog_core::sync::crypto::DeviceSecrets::from_bytes(
        &s.store().team().unwrap().unwrap().secrets,
    )
    .unwrap()
}

/// The keyring a profile's program holds, writing `scope` under `epoch`.
pub fn keyring(s: &Session, epoch: u32) -> feltbog_core::sync::envelope::Keyring {
    let t = s.store().team().unwrap().unwrap();
    let mut ring = feltbog_core::sync::envelope::Keyring::new(&t.team_id);
    for scope in Scope::ALL {
        for (e, k) in s.store().epoch_keys(scope).unwrap() {
            ring.add(scope, e, k);
        }
        ring.write_under(scope, epoch);
    }
    ring
}

/// An entry of `s`'s altered program, sealed and signed as the real one
/// would, at the next place of its team log.
pub fn forged(rig: &Rig, s: &Session, payload: Payload) -> wire::Entry {
    let seq = Client::new(&rig.url(), Some(&token(s)))
        .unwrap()
        .heads()
        .unwrap()
        .heads
        .get("team")
        .copied()
        .unwrap_or(0)
        + 1;
    forged_at(s, seq, payload)
}

pub fn forged_at(s: &Session, seq: i64, payload: Payload) -> wire::Entry {
    let epoch = s.store().announced().unwrap()[&Scope::Team].epoch;
    let t = s.store().device().to_string();
    keyring(s, epoch)
        .seal(
            &t,
            &secrets(s),
            &Outgoing {
                scope: Scope::Team,
                seq,
                payload,
            },
        )
        .unwrap()
}

/// The epochs of `scope` whose keys `s` holds.
pub fn team_epochs(s: &Session, scope: Scope) -> Vec<u32> {
    s.store()
        .epoch_keys(scope)
        .unwrap()
        .into_iter()
        .map(|(e, _)| e)
        .collect()
}

/// The epochs of the entries `writer` has on the server in the team
/// scope, as `reader` pulls them.
pub fn written_under(rig: &Rig, reader: &Session, writer: &Session) -> Vec<u32> {
    let c = Client::new(&rig.url(), Some(&token(reader))).unwrap();
    c.pull(&wire::Pull {
        cursors: Default::default(),
        limit: 2000,
        hold: Vec::new(),
    })
    .unwrap()
    .slots
    .into_iter()
    .filter(|s| s.device == writer.store().device() && s.scope == "team")
    .filter_map(|s| s.entry.map(|e| e.epoch))
    .collect()
}
