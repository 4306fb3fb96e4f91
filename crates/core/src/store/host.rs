//! A copied profile must not reuse its device id unnoticed: two devices
//! writing one log under one id would clash at the server, or worse, each
//! believe the other's versions were its own.
//!
//! The store keeps a mark of where it lives (the machine's id and the
//! file's path, hashed). Opened somewhere else before it joined a team, it
//! is a copy (a colleague given a prepared profile, a restored backup) and
//! takes a new device id, rewritten everywhere the old one stands; nothing
//! has left the device yet, so nothing else needs to know. Opened somewhere
//! else while in a team, it is taken as a move (a new laptop): the server
//! knows the device by its id and token. If the old copy is still in use,
//! the server's log checks refuse the second writer (`seq_taken`), and the
//! app says so.

use super::{migrate, Store, Tx};
use crate::sync::schema::ENTITIES;
use crate::Result;
use sha2::{Digest, Sha256};
use std::path::Path;

/// Where this file is: the machine's identity ([`crate::machine::id`])
/// and the file's path.
fn mark(db_path: &Path) -> String {
    let machine = crate::machine::id();
    let path = db_path
        .canonicalize()
        .unwrap_or_else(|_| db_path.to_path_buf());
    let h = Sha256::digest(format!("{machine}\n{}", path.display()));
    hex::encode(&h[..16])
}

impl Store {
    /// Checks the mark at open; gives a copy made outside a team a new
    /// device id.
    pub(super) fn check_host(&mut self, db_path: &Path) -> Result<()> {
        let here = mark(db_path);
        let stored = migrate::meta(&self.conn, "host")?;
        if stored.as_deref() == Some(here.as_str()) {
            return Ok(());
        }
        let copied = stored.is_some() && self.team()?.is_none();
        let old = self.device.clone();
        let new = uuid::Uuid::now_v7().to_string();
        self.with_tx(|t| {
            if copied {
                t.rename_device(&old, &new)?;
            }
            t.set_meta("host", &here)
        })?;
        if copied {
            self.device = new;
        }
        Ok(())
    }
}

impl Tx<'_> {
    /// Replaces the device id everywhere it is written: the meta row, the
    /// change log, every row's clock and the kept conflict values.
    fn rename_device(&mut self, old: &str, new: &str) -> Result<()> {
        for e in ENTITIES {
            self.tx.execute(
                &format!(
                    "UPDATE {} SET clock = replace(clock, ?1, ?2) WHERE instr(clock, ?1) > 0",
                    e.table
                ),
                [old, new],
            )?;
        }
        for sql in [
            "UPDATE change_log SET device = ?2 WHERE device = ?1",
            "UPDATE field_heads SET device = ?2 WHERE device = ?1",
            "UPDATE field_pending SET device = ?2 WHERE device = ?1",
        ] {
            self.tx.execute(sql, [old, new])?;
        }
        self.set_meta("device", new)
    }
}
