//! Search on an unlocked profile: the words the index matches, each hit
//! read as it is shown, and a case by its number. A search that shows a
//! case is written to the access log as opening the cases list is; what
//! was typed is not written anywhere.

use super::Session;
use crate::domain::search::{case_number_part, excerpt, match_expression};
use crate::Result;
use feltbog_api::cases::Access;
use feltbog_api::search::{SearchHit, SearchItem, SearchResults, SEARCH_COUNT_CAP, SEARCH_LIMIT};

/// The detail the access log gives a search that showed a case.
const SEARCH_LOG_DETAIL: &str = "søgning";

impl Session {
    /// The records `text` finds, best match first: cases by number first
    /// (an exact number is what was meant), then the index's hits (the
    /// newest first when more than [`SEARCH_COUNT_CAP`] match).
    pub fn search(&mut self, text: &str) -> Result<SearchResults> {
        let expr = match_expression(text)?;
        let mut hits = Vec::new();
        let mut total = 0;
        let mut capped = false;
        if let Some(part) = case_number_part(text) {
            for (case, number, notified) in self.store.cases_by_number(&part, SEARCH_LIMIT)? {
                total += 1;
                hits.push(SearchHit {
                    date: Some(notified),
                    item: SearchItem::Case { case, number },
                    excerpt: Vec::new(),
                });
            }
        }
        if let Some(expr) = expr {
            let (found, matched) = self
                .store
                .search_index(&expr, SEARCH_LIMIT.saturating_sub(hits.len()))?;
            match matched {
                Some(n) => total += n,
                None => {
                    total += SEARCH_COUNT_CAP;
                    capped = true;
                }
            }
            for h in found {
                if let Some(r) = self.store.hit_record(&h.kind, &h.record)? {
                    hits.push(SearchHit {
                        date: r.date,
                        item: r.item,
                        excerpt: excerpt(&h.marked),
                    });
                }
            }
        }
        if hits
            .iter()
            .any(|h| matches!(h.item, SearchItem::Case { .. }))
        {
            self.log_event(Access::OpenList, "", SEARCH_LOG_DETAIL)?;
        }
        Ok(SearchResults {
            text: text.to_owned(),
            hits,
            total,
            capped,
        })
    }
}
