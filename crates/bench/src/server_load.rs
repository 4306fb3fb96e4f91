//! The sync server under a municipality-sized crowd: 2,000 devices of 100
//! teams pull at once, in bursts: first a burst of first syncs (each device
//! pulls its team's log from the start), then a burst of routine pulls (up
//! to date, nothing new: what every open app does every minute), then the
//! first syncs again with the same entries written by all 20 members (a
//! pull then reads 20 logs, as in a real team). Figures:
//! p50/p99 per pull, on SQLite and, when `cargo xtask bench` provides one,
//! PostgreSQL. Clients and server share this machine's cores.

use anyhow::Result;
use feltbog_core::sync::client::Client;
use feltbog_core::sync::crypto::{b64, DeviceSecrets, EpochKey};
use feltbog_core::sync::envelope::Keyring;
use feltbog_core::sync::payload::{GroupChange, Value};
use feltbog_core::sync::Outgoing;
use feltbog_core::sync::{Op, Payload, Scope, PAYLOAD_VERSION};
use feltbog_server::local::LocalServer;
use feltbog_server::postgres::Postgres;
use feltbog_server::rules;
use feltbog_server::sqlite::Sqlite;
use feltbog_server::storage::{InviteRow, Storage};
use feltbog_wire as wire;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const TEAMS: usize = 100;
const DEVICES_PER_TEAM: usize = 20;
/// Entries in each team's log (a few weeks of a small team's work).
const ENTRIES_PER_TEAM: i64 = 200;
/// Pulls in flight at once.
const CLIENTS: usize = 32;

/// One device the bench pulls as.
struct Device {
    token: String,
    /// The devices that wrote the team's log, each its share of
    /// [`ENTRIES_PER_TEAM`].
    writers: Vec<String>,
}

pub fn run() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let store = Sqlite::open(&dir.path().join("server.db"))?;
    let admin = store.clone();
    let server = LocalServer::start(store, 0)?;
    report("SQLite", &server.url(), &admin)?;
    server.stop();
    match std::env::var("FELTBOG_BENCH_POSTGRES") {
        Ok(url) => {
            let rt = tokio::runtime::Runtime::new()?;
            let admin = rt.block_on(Postgres::connect(&url))?;
            let u = url.clone();
            let server = LocalServer::start_with(async move { Postgres::connect(&u).await }, 0)?;
            report("PostgreSQL", &server.url(), &admin)?;
            server.stop();
        }
        Err(_) => println!("  PostgreSQL: not measured (cargo xtask bench starts one)"),
    }
    Ok(())
}

fn report<S: Storage>(label: &str, url: &str, admin: &S) -> Result<()> {
    let t = Instant::now();
    let devices = populate(url, admin, 1)?;
    let setup = t.elapsed();
    let first = burst(url, &devices, false)?;
    let routine = burst(url, &devices, true)?;
    // The same entries written by every member: a pull reads 20 logs.
    let spread = populate(url, admin, DEVICES_PER_TEAM)?;
    let first_spread = burst(url, &spread, false)?;
    println!(
        "\nSync server on {label}: {TEAMS} teams x {DEVICES_PER_TEAM} devices, {ENTRIES_PER_TEAM} entries per team, {CLIENTS} pulls in flight (set up in {:.1} s):",
        setup.as_secs_f64()
    );
    for (what, d) in [
        ("first sync (the team's whole log)", first),
        ("routine pull (nothing new)", routine),
        ("first sync, written by all 20", first_spread),
    ] {
        println!(
            "  {what:<36} p50 {:>8}  p99 {:>8}  {:>6.0} pulls/s   (goal: p99 < 50 ms)",
            crate::us(d.0),
            crate::us(d.1),
            devices.len() as f64 / d.2.as_secs_f64()
        );
    }
    Ok(())
}

/// Teams, devices and each team's log (written by the first `writers`
/// devices of each team), made as the apps would (over HTTP) except the
/// invites, which the bench registers itself.
fn populate<S: Storage>(url: &str, admin: &S, writers: usize) -> Result<Vec<Device>> {
    let share = ENTRIES_PER_TEAM / writers as i64;
    let rt = tokio::runtime::Runtime::new()?;
    let mut devices = Vec::with_capacity(TEAMS * DEVICES_PER_TEAM);
    for _ in 0..TEAMS {
        let (code, hash) = rules::new_setup_code();
        rt.block_on(admin.add_setup_code(hash, rules::now() + 3600))?;
        let team = uuid::Uuid::now_v7().to_string();
        let secrets = DeviceSecrets::generate();
        let first = uuid::Uuid::now_v7().to_string();
        let reg = Client::new(url, None)?.create_team(&wire::CreateTeam {
            setup_code: code,
            team: team.clone(),
            keys: secrets.public(&first),
        })?;
        push_log(url, &team, &first, &secrets, &reg.token, share)?;
        let mut tokens = vec![reg.token];
        let mut wrote = vec![first];
        for i in 1..DEVICES_PER_TEAM {
            let id: [u8; 32] = rand::random();
            rt.block_on(admin.add_invite(
                team.clone(),
                InviteRow {
                    id_hash: rules::hash(&id),
                    role: wire::MemberRole::Consultant,
                    cases: false,
                    expires_at: rules::now() + 3600,
                    bundle: "bench".into(),
                },
                rules::now(),
            ))?;
            let device = uuid::Uuid::now_v7().to_string();
            let secrets = DeviceSecrets::generate();
            let joined = Client::new(url, None)?.join(&wire::Join {
                invite_id: b64(&id),
                keys: secrets.public(&device),
                sealed: "bench".into(),
            })?;
            if i < writers {
                push_log(url, &team, &device, &secrets, &joined.token, share)?;
                wrote.push(device);
            }
            tokens.push(joined.token);
        }
        devices.extend(tokens.into_iter().map(|token| Device {
            token,
            writers: wrote.clone(),
        }));
    }
    Ok(devices)
}

/// One device's log of `n` visits' notes, sealed and signed as the app
/// does.
fn push_log(
    url: &str,
    team: &str,
    device: &str,
    secrets: &DeviceSecrets,
    token: &str,
    n: i64,
) -> Result<()> {
    let mut ring = Keyring::new(team);
    ring.add(Scope::Team, 1, EpochKey::generate());
    ring.write_under(Scope::Team, 1);
    let entries = (1..=n)
        .map(|seq| {
            let mut values = BTreeMap::new();
            values.insert(
                "notes".to_string(),
                Value::Text(
                    "Klasseoplæg om trivsel og sociale medier, aftalt opfølgning".repeat(4),
                ),
            );
            let mut groups = BTreeMap::new();
            groups.insert(
                "notes".to_string(),
                GroupChange {
                    values,
                    stamp: seq << 16,
                    replaced: vec![],
                },
            );
            let out = Outgoing {
                scope: Scope::Team,
                seq,
                payload: Payload {
                    v: PAYLOAD_VERSION,
                    entity: "visit".into(),
                    id: uuid::Uuid::now_v7(),
                    op: Op::Set { groups },
                },
            };
            ring.seal(device, secrets, &out)
        })
        .collect::<feltbog_core::Result<Vec<_>>>()?;
    Client::new(url, Some(token))?.push(entries)?;
    Ok(())
}

/// Every device pulls once, `CLIENTS` at a time; answers p50, p99 and the
/// whole burst's time.
fn burst(
    url: &str,
    devices: &[Device],
    up_to_date: bool,
) -> Result<(Duration, Duration, Duration)> {
    let clients: Vec<Client> = devices
        .iter()
        .map(|d| Client::new(url, Some(&d.token)))
        .collect::<feltbog_core::Result<_>>()?;
    let next = AtomicUsize::new(0);
    let times = Mutex::new(Vec::with_capacity(devices.len()));
    let failed = AtomicUsize::new(0);
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..CLIENTS {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(d) = devices.get(i) else { break };
                let mut team = BTreeMap::new();
                if up_to_date {
                    let share = ENTRIES_PER_TEAM / d.writers.len() as i64;
                    team.extend(d.writers.iter().map(|w| (w.clone(), share)));
                }
                let req = wire::Pull {
                    cursors: BTreeMap::from([("team".to_string(), team)]),
                    limit: 2000,
                    hold: Vec::new(),
                };
                let t = Instant::now();
                match clients[i].pull(&req) {
                    Ok(p) if up_to_date || p.slots.len() as i64 == ENTRIES_PER_TEAM => {
                        times
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push(t.elapsed());
                    }
                    _ => {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
        }
    });
    let wall = started.elapsed();
    let failed = failed.into_inner();
    anyhow::ensure!(failed == 0, "{failed} pulls failed or came back short");
    let mut t = times.into_inner().unwrap_or_else(|e| e.into_inner());
    t.sort();
    let at = |q: f64| t[((t.len() as f64 * q) as usize).min(t.len() - 1)];
    Ok((at(0.50), at(0.99), wall))
}
