//! Schools: the municipality's schools that visits, survey classes and cases
//! refer to.

use crate::words::word_enum;
use crate::SchoolId;
use serde::{Deserialize, Serialize};

word_enum!(
    /// The kind of school, as Danish municipalities classify them.
    SchoolKind {
        Folkeskole = "folkeskole",
        Privatskole = "privatskole",
        Friskole = "friskole",
        Efterskole = "efterskole",
        Specialskole = "specialskole",
        Ungdomsuddannelse = "ungdomsuddannelse",
    }
);

/// The lowest and highest grade a school may teach (0 = børnehaveklasse,
/// 10 = 10. klasse).
pub const GRADE_MIN: u8 = 0;
pub const GRADE_MAX: u8 = 10;

/// A school as entered by the user, for adding or editing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSchool {
    pub name: String,
    pub kind: SchoolKind,
    pub town: String,
    /// Grades taught, lowest; `None` where grades do not apply
    /// (e.g. youth education).
    pub grade_from: Option<u8>,
    pub grade_to: Option<u8>,
    pub active: bool,
}

/// A stored school.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolView {
    pub id: SchoolId,
    pub name: String,
    pub kind: SchoolKind,
    pub town: String,
    pub grade_from: Option<u8>,
    pub grade_to: Option<u8>,
    pub active: bool,
}

/// Active schools of the same name, made on two devices before they were in
/// one team: offered for merging, never merged silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolDuplicate {
    /// The school a merge keeps (the oldest, on every device alike).
    pub keep: SchoolView,
    /// The ones merged into it: their records move, they are deactivated.
    pub others: Vec<SchoolView>,
    /// Records on this device that name one of the others.
    pub records: u32,
}
