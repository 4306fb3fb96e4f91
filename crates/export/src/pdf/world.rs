//! The typst World a report is set in: one template (from `assets/report/`),
//! the data as JSON and the charts as SVG, all in memory, and the one font
//! the program embeds (DejaVu Sans, with æøå). It reads no file and no
//! system font, so a PDF looks the same on every machine and nothing
//! outside the program can change what it says.

use chrono::Datelike;
use std::collections::HashMap;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The weekly summary's template.
pub const SUMMARY: Template = Template {
    name: "/ugerapport.typ",
    text: include_str!("../../../../assets/report/ugerapport.typ"),
};

/// The trends' template.
pub const TRENDS: Template = Template {
    name: "/udvikling.typ",
    text: include_str!("../../../../assets/report/udvikling.typ"),
};

/// The access pack's template.
pub const ACCESS_PACK: Template = Template {
    name: "/indsigt.typ",
    text: include_str!("../../../../assets/report/indsigt.typ"),
};

/// The referat's template.
pub const REFERAT: Template = Template {
    name: "/referat.typ",
    text: include_str!("../../../../assets/report/referat.typ"),
};

/// The data-protection papers' template.
pub const COMPLIANCE: Template = Template {
    name: "/databeskyttelse.typ",
    text: include_str!("../../../../assets/report/databeskyttelse.typ"),
};

/// The offer letter's template.
pub const LETTER: Template = Template {
    name: "/brev.typ",
    text: include_str!("../../../../assets/report/brev.typ"),
};

/// A report's typst source, built into the program.
#[derive(Clone, Copy)]
pub struct Template {
    name: &'static str,
    text: &'static str,
}
const FONTS: [&[u8]; 2] = [
    include_bytes!("../../../../assets/fonts/DejaVuSans.ttf"),
    include_bytes!("../../../../assets/fonts/DejaVuSans-Bold.ttf"),
];

fn id(path: &str) -> FileResult<FileId> {
    let vpath = VirtualPath::new(path).map_err(|_| FileError::NotFound(path.into()))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

pub struct ReportWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    files: HashMap<FileId, Bytes>,
    today: Option<Datetime>,
}

impl ReportWorld {
    /// A world holding `template` and `files` (name → bytes).
    pub fn new(template: Template, files: Vec<(String, Vec<u8>)>) -> FileResult<Self> {
        let fonts: Vec<Font> = FONTS
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        let main = Source::new(id(template.name)?, template.text.to_owned());
        let mut map = HashMap::new();
        for (name, bytes) in files {
            map.insert(id(&format!("/{name}"))?, Bytes::new(bytes));
        }
        let now = chrono::Local::now().date_naive();
        Ok(Self {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            main,
            files: map,
            today: Datetime::from_ymd(now.year(), now.month() as u8, now.day() as u8),
        })
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.text().to_owned()));
        }
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(format!("{id:?}").into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}
