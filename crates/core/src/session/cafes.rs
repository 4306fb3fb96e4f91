//! Parent cafés on an unlocked profile: validate in the domain, write in one
//! transaction.

use super::Session;
use crate::domain::cafes::validate_cafe;
use crate::{Error, Result};
use chrono::NaiveDate;
use feltbog_api::cafes::{Attendance, CafeFilter, CafeView, DueAgreement, NewCafe};
use feltbog_api::{AgreementId, CafeId, Problem};

impl Session {
    pub fn cafes(&self, filter: &CafeFilter) -> Result<Vec<CafeView>> {
        self.store.cafes(filter)
    }

    pub fn cafe(&self, id: CafeId) -> Result<CafeView> {
        self.store.cafe(id)
    }

    pub fn record_cafe(&mut self, c: &NewCafe) -> Result<CafeView> {
        self.record_cafe_for(c, None)
    }

    /// Records a café with `owner` responsible (a member's name; `None`:
    /// whoever records it), in one transaction.
    pub fn record_cafe_for(&mut self, c: &NewCafe, owner: Option<&str>) -> Result<CafeView> {
        let valid = validate_cafe(c, self.today())?;
        if let Some(school) = c.school {
            self.check_school(school)?;
        }
        let owner = self.owner_for_new(owner)?;
        let author = self.store.settings()?.consultant_name;
        let id = self.store.with_tx(|tx| {
            let id = tx.insert_cafe(&valid, &author)?;
            tx.give_to(crate::store::Owned::Cafe, &id.to_string(), owner.as_deref())?;
            Ok(id)
        })?;
        self.store.cafe(id)
    }

    pub fn update_cafe(&mut self, id: CafeId, c: &NewCafe) -> Result<CafeView> {
        let valid = validate_cafe(c, self.today())?;
        if let Some(school) = c.school {
            self.check_school(school)?;
        }
        self.store.with_tx(|tx| tx.update_cafe(id, &valid))?;
        self.store.cafe(id)
    }

    /// Deletes a café and its agreements for real (see `delete_visit`).
    pub fn delete_cafe(&mut self, id: CafeId) -> Result<()> {
        self.store.with_tx(|tx| tx.delete_cafe(id))?;
        self.store.checkpoint()
    }

    pub fn due_agreements(&self, until: Option<NaiveDate>) -> Result<Vec<DueAgreement>> {
        self.store.due_agreements(until)
    }

    pub fn set_agreement_done(&mut self, id: AgreementId, done: bool) -> Result<()> {
        self.store.with_tx(|tx| tx.set_agreement_done(id, done))
    }

    /// Attendance at held cafés between two dates, per school and per theme.
    pub fn attendance(&self, from: NaiveDate, to: NaiveDate) -> Result<Attendance> {
        if from > to {
            return Err(Error::invalid(
                "to",
                Problem::BeforeVisit,
                "the period must end on or after its start",
            ));
        }
        Ok(Attendance {
            by_school: self.store.attendance_by_school(from, to)?,
            by_theme: self.store.attendance_by_theme(from, to)?,
        })
    }
}
