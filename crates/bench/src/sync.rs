//! Team sync: a new device's first sync of many entries from a real
//! server on loopback (pull, verify the signature, decrypt, apply), the
//! push that sent them, the cost of one more sync when nothing changed,
//! what padding adds to the stored bytes, and what a key grant costs.

use crate::{school, session, today, visit, Kind};
use anyhow::Result;
use feltbog_api::team::MemberRole;
use feltbog_core::domain::visits::validate_visit;
use feltbog_core::SyncStages;
use feltbog_server::local::LocalServer;
use feltbog_server::rules;
use feltbog_server::sqlite::Sqlite;
use feltbog_server::storage::Storage;
use std::time::Instant;

const ENTRIES: usize = 100_000;

pub fn run() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let store = Sqlite::open(&dir.path().join("server.db"))?;
    let (code, hash) = rules::new_setup_code();
    tokio::runtime::Runtime::new()?.block_on(store.add_setup_code(hash, rules::now() + 3600))?;
    let server = LocalServer::start(store, 0)?;

    let (da, db) = (tempfile::tempdir()?, tempfile::tempdir()?);
    let mut a = session(Kind::Encrypted, da.path())?;
    a.create_team(&server.url(), "SSP Bench", &code, Some("Bench A"))?;
    let s = a.add_school(&school(0))?;
    // The floor no sync can beat: the same records written straight into
    // a fresh profile, in transactions of 10,000 (with their outbox
    // entries, as every local write).
    let t = Instant::now();
    for chunk in 0..ENTRIES / 10_000 {
        let batch: Vec<_> = (0..10_000)
            .map(|i| {
                let mut v = visit(s.id, chunk * 10_000 + i);
                v.follow_ups.clear();
                validate_visit(&v, today())
            })
            .collect::<Result<_, _>>()?;
        a.store_mut_for_bench().with_tx(|tx| {
            for v in &batch {
                tx.insert_visit(v, "Bench")?;
            }
            Ok(())
        })?;
    }
    let bare = t.elapsed();
    let invite = a.invite(MemberRole::Consultant, false)?;

    let t = Instant::now();
    let sent = a.sync()?.sent;
    let push = t.elapsed();
    let push_stages = a.last_sync_stages();
    let mut b = session(Kind::Encrypted, db.path())?;
    b.join_team(&server.url(), &invite.code, Some("Bench B"))?;
    let t = Instant::now();
    let received = b.sync()?.received;
    let pull = t.elapsed();
    let pull_stages = b.last_sync_stages();
    let t = Instant::now();
    b.sync()?;
    let idle = t.elapsed();

    println!("\nTeam sync through a real server on loopback (SQLite storage):");
    println!(
        "  push of {sent} entries (seal, sign, send, server checks)  {:>8.0} entries/s   (goal: >= 15000/s)",
        sent as f64 / push.as_secs_f64()
    );
    println!(
        "  a new device's first sync of {received} entries (pull, verify, decrypt, apply)  {:>8.0} entries/s   (goal: >= 30000/s)",
        received as f64 / pull.as_secs_f64()
    );
    println!(
        "  the same {ENTRIES} visits written into a fresh profile  {:>8.0} entries/s   (the first sync takes {:.1}x its time)",
        ENTRIES as f64 / bare.as_secs_f64(),
        pull.as_secs_f64() / bare.as_secs_f64()
    );
    println!("  a sync with nothing new  {:>8}", crate::ms(idle));
    println!("  where the push's time went:  {}", shares(&push_stages));
    println!(
        "  where the first sync's time went:  {}",
        shares(&pull_stages)
    );
    padding(&a, &dir.path().join("server.db"))?;
    grants()
}

/// Each stage's busy time as a share of the sync's wall time. Stages
/// overlap (the next page is fetched and opened, or sealed, while this one
/// is applied, or sent), so the shares can add up to more than 100%.
fn shares(s: &SyncStages) -> String {
    let total = s.total.as_secs_f64().max(1e-9);
    [
        ("waiting on the server", s.wait),
        ("verify + decrypt", s.open),
        ("apply", s.apply),
        ("read + seal + sign", s.seal),
        ("other", s.other()),
    ]
    .iter()
    .filter(|(_, d)| d.as_secs_f64() / total >= 0.005)
    .map(|(name, d)| format!("{name} {:.0}%", d.as_secs_f64() / total * 100.0))
    .collect::<Vec<_>>()
    .join(", ")
}

/// The ciphertext the server stores per entry, padded to a size class,
/// against what the same payloads would take unpadded.
fn padding(a: &feltbog_core::Session, db: &std::path::Path) -> Result<()> {
    let stored: f64 = rusqlite::Connection::open(db)?.query_row(
        "SELECT avg(length(ciphertext)) FROM entries WHERE ciphertext IS NOT NULL",
        [],
        |r| r.get(0),
    )?;
    let plain: Vec<usize> = a
        .store()
        .changes()?
        .iter()
        .filter_map(|c| c.payload.as_ref().map(String::len))
        .collect();
    let unpadded = plain
        .iter()
        .map(|n| (n + 16).div_ceil(3) * 4)
        .sum::<usize>() as f64
        / plain.len().max(1) as f64;
    println!(
        "  stored per entry: {stored:.0} bytes padded, {unpadded:.0} unpadded (+{:.0}%)",
        (stored / unpadded - 1.0) * 100.0
    );
    Ok(())
}

/// Making and opening one key grant (seal + sign; verify + unseal).
fn grants() -> Result<()> {
    use feltbog_core::sync::crypto::{verifying_key, DeviceSecrets, EpochKey};
    use feltbog_core::sync::grant::{self, Granter, Recipient};
    use feltbog_core::sync::Scope;
    const N: u32 = 2000;
    let (coordinator, member) = (DeviceSecrets::generate(), DeviceSecrets::generate());
    let box_key = member.public("m").box_key;
    let key = EpochKey::generate();
    let to = Recipient {
        device: "m",
        box_key: &box_key,
    };
    let by = Granter {
        device: "c",
        secrets: &coordinator,
    };
    let t = Instant::now();
    let made: Vec<_> = (1..=N)
        .map(|e| grant::make("team", Scope::Team, e, &key, &to, &by))
        .collect::<Result<_, _>>()?;
    let make = t.elapsed();
    let coordinators = [(
        "c".to_string(),
        verifying_key(&coordinator.public("c").sign_key).ok_or_else(|| anyhow::anyhow!("key"))?,
    )]
    .into();
    let t = Instant::now();
    for g in &made {
        grant::open("team", "m", &member, g, &coordinators)
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    }
    let open = t.elapsed();
    let open_us = open.as_secs_f64() * 1e6 / f64::from(N);
    // A member joining after 20 removals is granted every epoch of both
    // scopes: 21 keys each.
    let joining = 21.0 * 2.0;
    println!(
        "  a key grant: made (seal + sign) in {:.0} µs, checked and opened in {open_us:.0} µs; a member joining after 20 removals opens {joining} grants in {:.1} ms",
        make.as_secs_f64() * 1e6 / f64::from(N),
        open_us * joining / 1000.0
    );
    Ok(())
}
