//! *Indsigt*: the answer to an access request for one case (GDPR art. 15),
//! assembled in one step: the case, every version of its steps, every
//! access-log entry about it, and a fresh check of the whole log's chain,
//! so the recipient can see the log is complete. The making is logged
//! once the file is written ([`Session::log_access_pack`]), as for the
//! weekly summary: a write that fails logs nothing.

use super::Session;
use crate::Result;
use feltbog_api::access_pack::AccessPack;
use feltbog_api::cases::{Access, AccessFilter};
use feltbog_api::CaseId;

/// The access log's detail for an access pack that left the app.
pub const ACCESS_PACK_LOG_DETAIL: &str = "indsigt";

impl Session {
    /// Everything stored about case `id`, for its access pack. Checks the
    /// whole access log's chain (as `case log --verify` does), so the pack
    /// says whether its entries can be trusted to be complete.
    pub fn access_pack(&mut self, id: CaseId) -> Result<AccessPack> {
        let settings = self.case_settings()?;
        let case = self.complete(self.store.case(id)?, &settings).view;
        let versions = self.store.case_step_versions(id)?;
        let chain = self.verify_access_log()?;
        let mut log = self.access_log(&AccessFilter {
            case_number: Some(case.summary.number.clone()),
            ..AccessFilter::default()
        })?;
        // Oldest first, as a record of what happened reads.
        log.reverse();
        Ok(AccessPack {
            versions,
            log,
            chain,
            made_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            made_by: self.who()?,
            team: self.store.team()?.map(|t| t.name).unwrap_or_default(),
            case,
        })
    }

    /// Records that the access pack of case `number` left the app.
    pub fn log_access_pack(&mut self, number: &str) -> Result<()> {
        self.log_event(Access::Export, number, ACCESS_PACK_LOG_DETAIL)
    }
}
