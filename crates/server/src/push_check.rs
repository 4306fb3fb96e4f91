//! Checking a push before it is stored: every entry is the caller's, in a
//! scope it may write, no larger than Feltbog writes, and signed by the key
//! the caller registered. The answer is the first entry, in the push's
//! order, that fails a check, as if each were checked in turn.
//!
//! The signatures are checked in batches of at most [`BATCH_MAX`], on every
//! core, with the key's terms of the batch equation summed into one
//! (`one_key_batch.rs`): checking each alone was the largest share of a
//! push's time on the server. A batch that fails is
//! checked entry by entry, strictly, to name the entry; a thread stops at
//! its first failing batch. So memory and the cost of a refused push stay
//! bounded whatever a push's length.
//!
//! Why a batch is enough here, when every device checks each signature
//! strictly (docs/SECURITY.md): what the server must know is that only the
//! holder of a device's key appends to its log. A batch keeps that: a
//! signature made without the key passes with negligible probability. What
//! it does not keep is strict checking's refusal of odd signatures that
//! only the key's holder can make (a small-order part in R). Such an entry
//! is stored, and every device refuses it as it refuses any entry whose
//! signature fails: the holder could as well have sent unreadable
//! ciphertext. A signature whose R is the identity always passes a batch;
//! one whose R has a small-order part passes depending on the batch's
//! random coefficients, so the holder may retry until it does. It gains
//! nothing by either. A weak (small-order) key is treated as no key, as
//! strict checking treats it, since anyone could sign for it.

use super::{bad, forbidden, scopes, signature, verifying_key, Fail};
use crate::rules;
use crate::storage::Caller;
use ed25519_dalek::{Signature, VerifyingKey};
use feltbog_wire::Entry;

/// At most this many threads a push: one push cannot take a large
/// server's every core.
const THREADS_MAX: usize = 8;
/// A push of fewer entries is checked on one thread.
const CHUNK_MIN: usize = 64;
/// The largest batch: about 1 KB of memory an entry while it is checked,
/// and most of what batching saves is reached well below this.
const BATCH_MAX: usize = 512;

/// Checks every entry of a push: `Ok` if all pass, else the first failure.
pub(super) fn check(c: &Caller, entries: &[Entry]) -> Result<(), Fail> {
    let key = verifying_key(&c.sign_key)?;
    let Some(key) = key.filter(|k| !k.is_weak()) else {
        // No signature can be this device's: the first entry that passes
        // the other checks fails on its signature (read first, as a weak
        // key's signatures were by the strict check).
        return match entries.first() {
            Some(e) => {
                fields(c, e)?;
                if key.is_some() {
                    signature(&e.signature)?;
                }
                Err(unsigned(e))
            }
            None => Ok(()),
        };
    };
    // Every check but the signature's, in order, up to the first failure:
    // the signatures before it decide whether it is the answer.
    let mut sigs = Vec::with_capacity(entries.len());
    let mut failed = None;
    for e in entries {
        match fields(c, e).and_then(|()| signature(&e.signature)) {
            Ok(sig) => sigs.push(sig),
            Err(f) => {
                failed = Some(f);
                break;
            }
        }
    }
    let before = &entries[..sigs.len()];
    if let Some(i) = first_unsigned(&c.team, &key, before, &sigs) {
        return Err(unsigned(&before[i]));
    }
    failed.map_or(Ok(()), Err)
}

/// The entry's writer, scope and size.
fn fields(c: &Caller, e: &Entry) -> Result<(), Fail> {
    if e.device != c.device {
        return Err(forbidden("a device may only push its own log"));
    }
    if !scopes(c).contains(&e.scope) {
        return Err(forbidden("this device has no access to that scope"));
    }
    Ok(rules::check_entry(e)?)
}

fn unsigned(e: &Entry) -> Fail {
    bad(
        "bad_signature",
        format!("entry {} is not signed by this device", e.seq),
    )
}

/// The first of `entries` whose signature `sigs` is not `key`'s, checked
/// in batches on one thread per part of the push.
fn first_unsigned(
    team: &str,
    key: &VerifyingKey,
    entries: &[Entry],
    sigs: &[Signature],
) -> Option<usize> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(THREADS_MAX));
    let chunk = entries.len().div_ceil(threads).max(CHUNK_MIN);
    if entries.len() <= chunk {
        return first_unsigned_in(team, key, entries, sigs);
    }
    std::thread::scope(|scope| {
        let work: Vec<_> = entries
            .chunks(chunk)
            .zip(sigs.chunks(chunk))
            .map(|(e, s)| scope.spawn(move || first_unsigned_in(team, key, e, s)))
            .collect();
        work.into_iter().enumerate().find_map(|(n, w)| {
            let found = w.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            found.map(|i| n * chunk + i)
        })
    })
}

/// [`first_unsigned`] on one thread, batch after batch, up to the first
/// that fails.
fn first_unsigned_in(
    team: &str,
    key: &VerifyingKey,
    entries: &[Entry],
    sigs: &[Signature],
) -> Option<usize> {
    entries
        .chunks(BATCH_MAX)
        .zip(sigs.chunks(BATCH_MAX))
        .enumerate()
        .find_map(|(n, (e, s))| first_unsigned_batch(team, key, e, s).map(|i| n * BATCH_MAX + i))
}

/// One batch, and only if it fails, each of its signatures strictly.
fn first_unsigned_batch(
    team: &str,
    key: &VerifyingKey,
    entries: &[Entry],
    sigs: &[Signature],
) -> Option<usize> {
    let msgs: Vec<Vec<u8>> = entries
        .iter()
        .map(|e| feltbog_wire::signed_bytes(team, e))
        .collect();
    let refs: Vec<&[u8]> = msgs.iter().map(Vec::as_slice).collect();
    if crate::one_key_batch::verify(key, &refs, sigs) {
        return None;
    }
    (0..entries.len()).find(|&i| key.verify_strict(&msgs[i], &sigs[i]).is_err())
}

#[cfg(test)]
#[path = "push_check_tests.rs"]
mod tests;
