//! SQL for search: the FTS5 index that migration 18's triggers keep in
//! step with every write, its `search_label` function, its rebuild, and
//! the queries.
//!
//! The index lives inside the encrypted database, so its words are as
//! protected as the records. FTS5's `secure-delete` option takes a deleted
//! record's words out of the index at once and `PRAGMA secure_delete`
//! zeroes the bytes they leave; the session checkpoints the WAL after a
//! delete as for any record.

use super::index_later::TOUCH;
use super::migrate;
use super::row::{parse_id, word};
use super::Store;
use crate::domain::search::{HIT_END, HIT_START};
use crate::Result;
use chrono::NaiveDate;
use feltbog_api::catalogue::{self, Texts};
use feltbog_api::profile::Language;
use feltbog_api::search::{SearchItem, SEARCH_COUNT_CAP};
use feltbog_api::{
    ActivityFollowUpId, ActivityId, AgreementId, CafeId, CaseId, FollowUpId, RoundId, SchoolId,
    VisitId,
};
use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OptionalExtension};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Bumped when what the index holds changes (migration 18's view); with
/// the labels' words it decides whether an opened file's index is
/// rebuilt.
const INDEX_VERSION: u32 = 2;

/// The meta key that records which index the file holds.
const INDEX_META: &str = "search_index";

/// The meta key a deletion's trigger sets: the index owes a merge.
const SETTLE_META: &str = "search_settle";

/// Words around a match in an excerpt.
const EXCERPT_WORDS: u32 = 12;

fn texts() -> &'static Texts {
    catalogue::builtin()
}

/// The words a fixed choice is found by: its Danish and English labels
/// ("Klasseoplæg Class talk"); nothing for "other" (its own text is
/// indexed) or a key the catalogue lacks.
fn label_words(key: &str) -> String {
    if key.ends_with(".other") || !texts().contains_key(key) {
        return String::new();
    }
    let da = catalogue::text(texts(), key, Language::Da);
    let en = catalogue::text(texts(), key, Language::En);
    format!("{da} {en}")
}

/// Which index this program builds: its version, the schema's and the
/// labels' words, so a file opened after a migration (which may have
/// rebuilt a table) or with changed labels gets its index rebuilt.
fn index_signature() -> String {
    use sha2::{Digest, Sha256};
    let mut keys: Vec<&&str> = texts()
        .keys()
        .filter(|k| {
            ["purpose.", "theme.", "activity_kind."]
                .iter()
                .any(|p| k.starts_with(p))
        })
        .collect();
    keys.sort();
    let mut h = Sha256::new();
    for k in keys {
        h.update(k.as_bytes());
        h.update(label_words(k).as_bytes());
        h.update([0]);
    }
    format!(
        "{INDEX_VERSION}:{}:{}",
        migrate::LATEST_VERSION,
        hex::encode(&h.finalize()[..8])
    )
}

/// Makes `search_label` and `search_later` known to `conn`; every
/// connection the store opens needs them before it writes a record (the
/// triggers call them). Returns the flag `search_later()` reads: set only
/// inside a large apply (`index_later.rs`).
pub(in crate::store) fn register(conn: &Connection) -> Result<Arc<AtomicBool>> {
    conn.create_scalar_function(
        "search_label",
        1,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| Ok(label_words(&ctx.get::<String>(0)?)),
    )?;
    let later = Arc::new(AtomicBool::new(false));
    let read = Arc::clone(&later);
    conn.create_scalar_function(
        "search_later",
        0,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_INNOCUOUS,
        move |_| Ok(read.load(Ordering::Relaxed)),
    )?;
    Ok(later)
}

/// One record the index matched, best first, with its marked excerpt.
pub struct IndexHit {
    pub kind: String,
    pub record: String,
    pub marked: String,
}

/// A hit's record as shown: what it is and its day.
pub struct HitRecord {
    pub item: SearchItem,
    pub date: Option<NaiveDate>,
}

impl Store {
    /// Builds the index again when the file's is missing or was built by
    /// another version of it (a new file, a migration, changed labels).
    /// Decided under the write lock, so the app and the command line
    /// opening the file at once build it once.
    pub(super) fn refresh_search_index(&mut self) -> Result<()> {
        let signature = index_signature();
        if migrate::meta(&self.conn, INDEX_META)?.as_deref() == Some(signature.as_str()) {
            return Ok(());
        }
        self.with_tx(|t| {
            if migrate::meta(&t.tx, INDEX_META)?.as_deref() == Some(signature.as_str()) {
                return Ok(());
            }
            // Emptying the whole index row by row with secure-delete would
            // rewrite every page for nothing: the `optimize` after it
            // writes the index anew, and `PRAGMA secure_delete` zeroes the
            // pages it frees. Touching one indexed column of every row
            // fires its update trigger, which indexes the row as migration
            // 18 says.
            t.tx.execute_batch(
                "INSERT INTO search_text (search_text, rank) VALUES ('secure-delete', 0);
                 DELETE FROM search_text;
                 DELETE FROM search_docs;
                 INSERT INTO search_text (search_text, rank) VALUES ('secure-delete', 1);",
            )?;
            for (table, column) in TOUCH {
                t.tx.execute(&format!("UPDATE {table} SET {column} = {column}"), [])?;
            }
            t.tx.execute_batch(
                "INSERT INTO search_text (search_text) VALUES ('optimize');
                 DELETE FROM meta WHERE key = 'search_settle';",
            )?;
            t.set_meta(INDEX_META, &signature)
        })
    }

    /// After deletions (the triggers note one in `meta`): merges the index
    /// into one segment, so no page keeps the start of a deleted word in
    /// `search_text_idx` (secure-delete removes that row only when its
    /// page empties). The checkpoint that follows a deletion calls it; it
    /// rewrites the index, a fraction of a second for a large profile.
    pub(super) fn settle_search(&self) -> Result<()> {
        if migrate::meta(&self.conn, SETTLE_META)?.is_none() {
            return Ok(());
        }
        // No clock stamp: nothing of a record changes. FTS5 skips an
        // `optimize` of an index that is one segment already (as after a
        // rebuild, since secure-delete leaves no tombstones), so a row of
        // its own (never in `search_docs`, so never a hit) makes a second
        // segment to merge with, and goes once the merge is done.
        let tx = self.conn.unchecked_transaction()?;
        tx.execute_batch(
            "INSERT INTO search_text (rowid, words, body) VALUES (-1, '', 'feltbog');
             INSERT INTO search_text (search_text) VALUES ('optimize');
             DELETE FROM search_text WHERE rowid = -1;
             DELETE FROM meta WHERE key = 'search_settle';",
        )?;
        Ok(tx.commit()?)
    }

    /// The records matching the FTS5 expression `expr`, at most `limit`,
    /// and how many match up to [`SEARCH_COUNT_CAP`] (`None`: more); in one
    /// read transaction. Up to the cap, best match first (FTS5's bm25);
    /// past it, the most recently indexed first, which FTS5 reads in order
    /// and stops after `limit` instead of ranking every match.
    pub fn search_index(&self, expr: &str, limit: usize) -> Result<(Vec<IndexHit>, Option<usize>)> {
        let tx = self.conn.unchecked_transaction()?;
        let counted: i64 = self.conn.query_row(
            "SELECT count(*) FROM (SELECT 1 FROM search_text WHERE search_text MATCH ?1 LIMIT ?2)",
            rusqlite::params![expr, SEARCH_COUNT_CAP as i64 + 1],
            |r| r.get(0),
        )?;
        let total = (counted as usize <= SEARCH_COUNT_CAP).then_some(counted as usize);
        let order = match total {
            Some(_) => "rank",
            None => "search_text.rowid DESC",
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT d.kind, d.record, snippet(search_text, 1, ?2, ?3, '…', ?4)
             FROM search_text JOIN search_docs d ON d.doc = search_text.rowid
             WHERE search_text MATCH ?1
             ORDER BY {order} LIMIT ?5"
        ))?;
        let hits = stmt
            .query_map(
                rusqlite::params![
                    expr,
                    HIT_START.to_string(),
                    HIT_END.to_string(),
                    EXCERPT_WORDS,
                    limit as i64
                ],
                |r| {
                    Ok(IndexHit {
                        kind: r.get(0)?,
                        record: r.get(1)?,
                        marked: r.get(2)?,
                    })
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        drop(stmt);
        tx.finish()?;
        Ok((hits, total))
    }

    /// What a hit of `kind` with id `record` is, for showing it; `None` if
    /// the index names a kind this program does not know.
    pub fn hit_record(&self, kind: &str, record: &str) -> Result<Option<HitRecord>> {
        let sql = match kind {
            "school" => "SELECT id, name, town, NULL FROM schools WHERE id = ?1",
            "visit" => {
                "SELECT v.id, s.name, v.purpose, v.date, v.purpose_other
                 FROM visits v JOIN schools s ON s.id = v.school_id WHERE v.id = ?1"
            }
            "follow-up" => {
                "SELECT f.id, s.name, f.visit_id, f.due FROM follow_ups f
                 JOIN visits v ON v.id = f.visit_id JOIN schools s ON s.id = v.school_id
                 WHERE f.id = ?1"
            }
            "cafe" => {
                "SELECT c.id, coalesce(s.name, c.area), NULL, c.date FROM cafes c
                 LEFT JOIN schools s ON s.id = c.school_id WHERE c.id = ?1"
            }
            "agreement" => {
                "SELECT a.id, coalesce(s.name, c.area), a.cafe_id, a.revisit
                 FROM cafe_agreements a JOIN cafes c ON c.id = a.cafe_id
                 LEFT JOIN schools s ON s.id = c.school_id WHERE a.id = ?1"
            }
            "activity" => {
                "SELECT a.id, coalesce(s.name, a.area), a.kind, a.date FROM activities a
                 LEFT JOIN schools s ON s.id = a.school_id WHERE a.id = ?1"
            }
            "activity-follow-up" => {
                "SELECT f.id, coalesce(s.name, a.area), f.activity_id, f.due
                 FROM activity_follow_ups f JOIN activities a ON a.id = f.activity_id
                 LEFT JOIN schools s ON s.id = a.school_id WHERE f.id = ?1"
            }
            "round" => "SELECT id, name, NULL, window_from FROM survey_rounds WHERE id = ?1",
            _ => return Ok(None),
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let found = stmt
            .query_row([record], |r| {
                let id = parse_id(r.get_ref(0)?.as_str()?)?;
                let text: String = r.get(1)?;
                let item = match kind {
                    "school" => SearchItem::School {
                        school: SchoolId(id),
                        name: text,
                        town: r.get(2)?,
                    },
                    "visit" => SearchItem::Visit {
                        visit: VisitId(id),
                        school_name: text,
                        purpose: word(r, 2)?,
                        purpose_other: r.get(4)?,
                    },
                    "follow-up" => SearchItem::FollowUp {
                        follow_up: FollowUpId(id),
                        visit: VisitId(parse_id(r.get_ref(2)?.as_str()?)?),
                        school_name: text,
                    },
                    "cafe" => SearchItem::Cafe {
                        cafe: CafeId(id),
                        place: text,
                    },
                    "agreement" => SearchItem::Agreement {
                        agreement: AgreementId(id),
                        cafe: CafeId(parse_id(r.get_ref(2)?.as_str()?)?),
                        place: text,
                    },
                    "activity" => SearchItem::Activity {
                        activity: ActivityId(id),
                        activity_kind: word(r, 2)?,
                        place: text,
                    },
                    "activity-follow-up" => SearchItem::ActivityFollowUp {
                        follow_up: ActivityFollowUpId(id),
                        activity: ActivityId(parse_id(r.get_ref(2)?.as_str()?)?),
                        place: text,
                    },
                    _ => SearchItem::Round {
                        round: RoundId(id),
                        name: text,
                    },
                };
                Ok(HitRecord {
                    item,
                    date: r.get(3)?,
                })
            })
            .optional()?;
        Ok(found)
    }

    /// Cases whose number holds `part` (upper case, without dashes, from
    /// `domain::search::case_number_part`), at most `limit`.
    pub fn cases_by_number(
        &self,
        part: &str,
        limit: usize,
    ) -> Result<Vec<(CaseId, String, NaiveDate)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, number, notified FROM cases
             WHERE instr(replace(number, '-', ''), ?1) > 0
             ORDER BY notified DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(rusqlite::params![part, limit as i64], |r| {
            Ok((
                CaseId(parse_id(r.get_ref(0)?.as_str()?)?),
                r.get(1)?,
                r.get(2)?,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
