//! The first SQLite use in a process, from several threads at once.
//!
//! This file holds one test on purpose: it must be the first code in its
//! process to touch SQLite. SQLite marks itself initialised before SQLCipher's
//! own initialisation has run, and a thread that keyed a connection in that
//! window used to fail with "An error occurred with PRAGMA key" (seen once in
//! CI when two tests created profiles at the same moment).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use feltbog_core::keys::DataKey;
use feltbog_core::store::Store;
use std::sync::{Arc, Barrier};

#[test]
fn stores_opened_on_many_threads_at_once_all_open() {
    let threads = 32;
    let barrier = Arc::new(Barrier::new(threads));
    let dirs: Vec<_> = (0..threads).map(|_| tempfile::tempdir().unwrap()).collect();
    let handles: Vec<_> = dirs
        .iter()
        .map(|dir| {
            let barrier = Arc::clone(&barrier);
            let path = dir.path().join("feltbog.db");
            std::thread::spawn(move || {
                let key = DataKey::generate();
                barrier.wait();
                Store::open(&path, &key)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap().unwrap();
    }
}
