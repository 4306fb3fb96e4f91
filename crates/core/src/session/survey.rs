//! The youth survey on an unlocked profile: rounds, classes, copying a
//! round forward, CSV import and the overview.

use super::Session;
use crate::domain::survey::{
    check_grade, class_key, merge_by_name, next_grade, shift_class_name, validate_class,
    validate_round,
};
use crate::domain::survey_import::{parse_csv, ImportLine, LineError};
use crate::domain::survey_overview::{overview, RoundClasses};
use crate::domain::Valid;
use crate::{Error, Result};
use feltbog_api::survey::{
    ClassByName, ClassStatus, ClassView, CopySummary, ImportPreview, ImportPreviewLine,
    ImportProblem, ImportSummary, NewClass, NewRound, Overview, RoundView,
};
use feltbog_api::{ClassId, Problem, RoundId, SchoolId};
use std::collections::HashSet;
use std::path::Path;

/// A class checked and ready to write: the id to write it under (`None`:
/// a new class), and the class.
type Planned = (Option<ClassId>, Valid<NewClass>);

/// A line of a class-list file, checked and ready to write.
struct PlannedLine {
    line: usize,
    school_name: String,
    id: Option<ClassId>,
    class: Valid<NewClass>,
}

impl Session {
    pub fn rounds(&self) -> Result<Vec<RoundView>> {
        self.store.rounds()
    }

    pub fn round(&self, id: RoundId) -> Result<RoundView> {
        self.store.round(id)
    }

    /// A round by id or by name.
    pub fn find_round(&self, name_or_id: &str) -> Result<RoundView> {
        if let Ok(id) = name_or_id.parse::<RoundId>() {
            return self.store.round(id);
        }
        self.store
            .round_by_name(name_or_id)?
            .ok_or(Error::NotFound("survey round"))
    }

    pub fn add_round(&mut self, r: &NewRound) -> Result<RoundView> {
        let valid = validate_round(r)?;
        let id = self.store.with_tx(|tx| tx.insert_round(&valid))?;
        self.store.round(id)
    }

    /// Changes a round. Its questionnaire may change only while every class
    /// it has fits the new one.
    pub fn update_round(&mut self, id: RoundId, r: &NewRound) -> Result<RoundView> {
        let valid = validate_round(r)?;
        let misfit = self
            .store
            .classes(id, None)?
            .into_iter()
            .any(|c| check_grade(c.grade, r.questionnaire).is_err());
        if misfit {
            return Err(Error::invalid(
                "questionnaire",
                Problem::NotAllowed,
                "the round has classes in grades this questionnaire does not have; \
                 remove them first",
            ));
        }
        self.store.with_tx(|tx| tx.update_round(id, &valid))?;
        self.store.round(id)
    }

    /// Deletes a round and its classes for real.
    pub fn delete_round(&mut self, id: RoundId) -> Result<()> {
        self.store.with_tx(|tx| tx.delete_round(id))?;
        self.store.checkpoint()
    }

    pub fn classes(&self, round: RoundId, school: Option<SchoolId>) -> Result<Vec<ClassView>> {
        self.store.classes(round, school)
    }

    /// Adds a class (`id: None`) or replaces a class's fields.
    pub fn save_class(&mut self, id: Option<ClassId>, c: &NewClass) -> Result<ClassView> {
        let valid = self.check_class(c)?;
        let id = self.store.with_tx(|tx| tx.write_class(id, &valid))?;
        self.store.class(id)
    }

    pub fn delete_class(&mut self, id: ClassId) -> Result<()> {
        self.store.with_tx(|tx| tx.delete_class(id))?;
        self.store.checkpoint()
    }

    fn check_class(&self, c: &NewClass) -> Result<Valid<NewClass>> {
        let round = match self.store.round(c.round) {
            Err(Error::NotFound(_)) => {
                return Err(Error::invalid(
                    "round",
                    Problem::UnknownReference,
                    "no such survey round",
                ))
            }
            other => other?,
        };
        self.check_school(c.school)?;
        validate_class(c, round.questionnaire, self.today())
    }

    /// Copies `from`'s classes into `to` one school year on: grades move up
    /// by one and class names with them ("7.a" becomes "8.a"), the last
    /// grade leaves, and counts start again (enrolled is kept as a first
    /// guess). Classes `to` already has are left alone. The new first-year
    /// classes are for the consultant to add.
    pub fn copy_classes(
        &mut self,
        from: RoundId,
        to: RoundId,
        school: Option<SchoolId>,
    ) -> Result<CopySummary> {
        let (source, target) = (self.store.round(from)?, self.store.round(to)?);
        if from == to || source.questionnaire != target.questionnaire {
            return Err(Error::invalid(
                "from",
                Problem::NotAllowed,
                "copy from an earlier round of the same questionnaire",
            ));
        }
        let mut planned = Vec::new();
        let mut skipped = 0;
        for c in self.store.classes(from, school)? {
            let Some(grade) = next_grade(c.grade, source.questionnaire) else {
                continue;
            };
            let name = shift_class_name(&c.name, c.grade, grade);
            if self.store.class_by_name(to, c.school, &name)?.is_some() {
                skipped += 1;
                continue;
            }
            let new = NewClass {
                round: to,
                school: c.school,
                name,
                grade,
                enrolled: c.enrolled,
                answered: 0,
                absent: 0,
                status: ClassStatus::NotStarted,
                reason: String::new(),
                taken_on: None,
            };
            planned.push(validate_class(&new, target.questionnaire, self.today())?);
        }
        let copied = planned.len() as u32;
        self.store.with_tx(|tx| {
            planned
                .iter()
                .try_for_each(|c| tx.write_class(None, c).map(|_| ()))
        })?;
        Ok(CopySummary { copied, skipped })
    }

    /// What importing class counts from CSV bytes would write, line by
    /// line, and every line it refuses; nothing is written. The app shows
    /// it before the user imports.
    pub fn preview_class_import(
        &self,
        round: RoundId,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<ImportPreview> {
        let (planned, errors) = self.plan_import(round, bytes)?;
        let lines = planned
            .iter()
            .map(|p| ImportPreviewLine {
                line: p.line as u32,
                school_name: p.school_name.clone(),
                class: p.class.name.clone(),
                grade: p.class.grade,
                enrolled: p.class.enrolled,
                answered: p.class.answered,
                absent: p.class.absent,
                new: p.id.is_none(),
            })
            .collect();
        Ok(ImportPreview {
            file_name: file_name.to_owned(),
            lines,
            errors: errors.iter().map(LineError::view).collect(),
        })
    }

    /// Imports class counts from CSV bytes. Every line is checked first
    /// (format, school, grade, counts, repeats); if any is bad, nothing is
    /// written and the error lists each bad line with its number.
    /// A class already in the round gets the file's counts and keeps its
    /// status; a new one starts "in progress" if anyone has answered.
    pub fn import_classes(&mut self, round: RoundId, bytes: &[u8]) -> Result<ImportSummary> {
        let (planned, errors) = self.plan_import(round, bytes)?;
        if !errors.is_empty() {
            return Err(import_error(errors));
        }
        let added = planned.iter().filter(|p| p.id.is_none()).count() as u32;
        let updated = planned.len() as u32 - added;
        self.store.with_tx(|tx| {
            planned
                .iter()
                .try_for_each(|p| tx.write_class(p.id, &p.class).map(|_| ()))
        })?;
        Ok(ImportSummary { added, updated })
    }

    /// [`Self::preview_class_import`] of the file at `path`.
    pub fn preview_class_file(&self, round: RoundId, path: &Path) -> Result<ImportPreview> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.preview_class_import(round, &name, &read_class_file(path)?)
    }

    /// [`Self::import_classes`] from the file at `path`.
    pub fn import_class_file(&mut self, round: RoundId, path: &Path) -> Result<ImportSummary> {
        self.import_classes(round, &read_class_file(path)?)
    }

    /// Every line of the file checked: the classes to write and the lines
    /// refused (at most [`crate::domain::survey_import::MAX_ERRORS`]).
    fn plan_import(
        &self,
        round: RoundId,
        bytes: &[u8],
    ) -> Result<(Vec<PlannedLine>, Vec<LineError>)> {
        let round = self.store.round(round)?;
        let (lines, mut errors) = parse_csv(bytes);
        let mut seen = HashSet::new();
        let mut planned = Vec::new();
        for line in &lines {
            match self.import_line(&round, line, &mut seen)? {
                Ok(((id, class), school_name)) => planned.push(PlannedLine {
                    line: line.line,
                    school_name,
                    id,
                    class,
                }),
                Err(problem) => errors.push(LineError::new(line.line, problem)),
            }
        }
        crate::domain::survey_import::cap_errors(&mut errors);
        Ok((planned, errors))
    }

    /// Adds a class by its name, or changes the counts of the class of
    /// that name in the round (what `c` leaves out keeps its value): the
    /// command line's `survey class set`.
    pub fn set_class_by_name(&mut self, c: &ClassByName) -> Result<ClassView> {
        let round = self.store.round(c.round)?;
        let (id, valid) = self.plan_class(&round, c)?;
        let id = self.store.with_tx(|tx| tx.write_class(id, &valid))?;
        self.store.class(id)
    }

    /// The class `c` names merged with the stored one of that name, checked:
    /// the id to write it under (`None`: a new class) and the class.
    fn plan_class(&self, round: &RoundView, c: &ClassByName) -> Result<Planned> {
        self.check_school(c.school)?;
        let existing = self.store.class_by_name(round.id, c.school, &c.name)?;
        let new = merge_by_name(c, existing.as_ref())?;
        let valid = validate_class(&new, round.questionnaire, self.today())?;
        Ok((existing.map(|e| e.id), valid))
    }

    /// One line of an import: a line error (`Ok(Err(message))`) for what
    /// the line says wrong; a database error is an error of the import.
    fn import_line(
        &self,
        round: &RoundView,
        l: &ImportLine,
        seen: &mut HashSet<(SchoolId, String)>,
    ) -> Result<std::result::Result<(Planned, String), ImportProblem>> {
        let Some(school) = self.store.school_by_name(&l.school)? else {
            return Ok(Err(ImportProblem::UnknownSchool {
                name: l.school.clone(),
            }));
        };
        if !seen.insert((school.id, class_key(&l.class))) {
            return Ok(Err(ImportProblem::Twice {
                class: l.class.clone(),
                school: school.name,
            }));
        }
        let given = ClassByName {
            round: round.id,
            school: school.id,
            name: l.class.clone(),
            grade: l.grade,
            enrolled: l.enrolled,
            answered: Some(l.answered),
            absent: Some(l.absent),
            status: None,
            reason: None,
            taken_on: None,
        };
        match self.plan_class(round, &given) {
            Ok(planned) => Ok(Ok((planned, school.name))),
            Err(Error::Invalid {
                field,
                problem,
                message,
            }) => Ok(Err(ImportProblem::Invalid {
                field,
                problem,
                message,
            })),
            Err(e) => Err(e),
        }
    }

    /// The round's progress, compared with the earlier rounds of the same
    /// questionnaire.
    pub fn survey_overview(&self, round: RoundId) -> Result<Overview> {
        let round = self.store.round(round)?;
        let classes = self.store.classes(round.id, None)?;
        let earlier_rounds = self.store.earlier_rounds(&round)?;
        let earlier_classes = earlier_rounds
            .iter()
            .map(|r| self.store.classes(r.id, None))
            .collect::<Result<Vec<_>>>()?;
        let earlier: Vec<RoundClasses<'_>> = earlier_rounds
            .iter()
            .zip(&earlier_classes)
            .map(|(round, classes)| RoundClasses { round, classes })
            .collect();
        Ok(overview(
            RoundClasses {
                round: &round,
                classes: &classes,
            },
            &earlier,
            self.today(),
        ))
    }
}

/// A class-list file's bytes (see [`crate::files::read_at_most`]).
fn read_class_file(path: &Path) -> Result<Vec<u8>> {
    crate::files::read_at_most(path, crate::domain::survey_import::MAX_BYTES, "class_list")
}

/// One validation error naming the file and listing every bad line.
fn import_error(errors: Vec<LineError>) -> Error {
    let n = errors.len();
    let lines: Vec<String> = errors.iter().map(LineError::to_string).collect();
    Error::invalid(
        "class_list",
        Problem::NotAllowed,
        format!(
            "nothing was imported: {n} bad line{}\n{}",
            if n == 1 { "" } else { "s" },
            lines.join("\n")
        ),
    )
}
