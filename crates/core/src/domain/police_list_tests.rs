use super::*;
use proptest::prelude::*;

const LIST: &str = "Underretninger uge 48\n\
    Dato for underretning;Gerningsdato;Navn;CPR;Fødselsår;Skole;Lov;Forhold;Sagsbehandler\n\
    24-11-2026;20.11.2026;Anders Bo Hansen;120311-4234;;Øster Skole;Straffeloven;Butikstyveri;PB\n\
    2026-11-24;2026-11-19;Mia Ørum;;2012;Vester Skole;våbenloven;kniv;PB\n\
    24-11-2026;21-11-2026;Ulla Kirk;;2011;;euforiserende stoffer;besiddelse af hash;PB\n";

fn one(list: &ReadList, line: u32) -> &ListError {
    list.errors
        .iter()
        .find(|e| e.line == line)
        .unwrap_or_else(|| panic!("no error on line {line}: {:?}", list.errors))
}

#[test]
fn reads_the_known_columns_in_any_order_and_minimises_at_the_door() {
    let list = read(LIST.as_bytes(), false);
    assert!(list.errors.is_empty(), "{:?}", list.errors);
    assert_eq!(list.ignored, ["Sagsbehandler"]);
    assert!(list.names_dropped && list.cpr_dropped);
    let r = &list.rows[0];
    assert_eq!(r.line, 3);
    assert_eq!((r.initials.as_str(), r.birth_year), ("ABH", 2011));
    assert_eq!(r.cpr, "", "CPR is not kept where the rules do not allow it");
    assert_eq!((r.law, r.offence), (Law::PenalCode, Offence::Theft));
    assert_eq!(r.notified, NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
    assert_eq!(r.school_name, "Øster Skole");
    let r = &list.rows[1];
    assert_eq!((r.law, r.offence), (Law::WeaponsAct, Offence::Weapons));
    let r = &list.rows[2];
    assert_eq!((r.law, r.offence), (Law::DrugsAct, Offence::Drugs));
    assert!(r.school_name.is_empty());
    assert_eq!(list.rows.len(), 3);
}

#[test]
fn a_row_without_any_birth_year_is_refused() {
    let list = read_text(
        "Dato for underretning;Gerningsdato;Initialer;Forhold\n24-11-2026;20-11-2026;AB;vold\n",
        false,
    );
    let e = one(&list, 2);
    assert_eq!(e.column, "Fødselsår");
    assert!(matches!(e.problem, ListProblem::Missing { .. }));
    assert!(list.rows.is_empty());
}

#[test]
fn cpr_is_kept_masked_where_allowed() {
    let list = read(LIST.as_bytes(), true);
    assert_eq!(list.rows[0].cpr, "120311-4234");
    assert!(!list.cpr_dropped);
}

#[test]
fn headers_in_any_case_and_shortened_law_names() {
    let text = "CPR-NR.\tFORHOLD\tdato for underretning\tLOV\tgerningsdato\tInitialer\tFødselsår\n\
                \t hærværk \t1-12-2026\tstrfl. § 291\t30-11-2026\tKJ\t2012\n\
                \tTrusler\t1-12-2026\tFærdselsloven\t30-11-2026\tMO\t2013\n";
    let list = read_text(text, false);
    assert!(list.errors.is_empty(), "{:?}", list.errors);
    assert_eq!(list.rows[0].law, Law::PenalCode);
    assert_eq!(list.rows[0].offence, Offence::Vandalism);
    assert_eq!(list.rows[1].law, Law::Other);
    assert_eq!(list.rows[1].law_other, "Færdselsloven");
    assert_eq!(list.rows[1].offence, Offence::Threats);
    assert!(!list.names_dropped);
}

#[test]
fn an_unknown_offence_is_other_with_its_words() {
    assert_eq!(
        offence_of("Ulovlig brug af fyrværkeri"),
        Some((Offence::Other, "Ulovlig brug af fyrværkeri".into()))
    );
    assert_eq!(offence_of("  "), None);
}

#[test]
fn every_problem_names_its_line_and_column_and_never_the_cpr_digits() {
    let text = "Dato for underretning;Gerningsdato;Navn;CPR;Fødselsår;Forhold\n\
                24-13-2026;20-11-2026;Anders Hansen;;2011;tyveri\n\
                24-11-2026;20-11-2026;;;2011;tyveri\n\
                24-11-2026;20-11-2026;Bo Berg;999999-1234;;tyveri\n\
                24-11-2026;20-11-2026;Bo Berg;120311-4234;2010;tyveri\n\
                24-11-2026;20-11-2026;Carl Dahl;;2011;\n\
                24-11-2026;20-11-2026;Carl Dahl;;2011;vold\n\
                24-11-2026;20-11-2026;Cille Dam;;2011;vold\n";
    let list = read(text.as_bytes(), true);
    let e = one(&list, 2);
    assert_eq!(e.column, "Dato for underretning");
    assert!(
        e.message.contains("'24-13-2026' is not a date"),
        "{}",
        e.message
    );
    assert_eq!(one(&list, 3).column, "Navn");
    let e = one(&list, 4);
    assert_eq!(
        (e.column.as_str(), &e.problem),
        ("CPR", &ListProblem::BadCpr)
    );
    assert!(!e.message.contains("999999"));
    assert_eq!(one(&list, 5).problem, ListProblem::YearsDisagree);
    assert_eq!(one(&list, 6).column, "Forhold");
    // "Carl Dahl" and "Cille Dam" are both CD, 2011, violence: a duplicate.
    assert_eq!(
        one(&list, 8).problem,
        ListProblem::Duplicate { first_line: 7 }
    );
    assert_eq!(list.rows.len(), 1);
}

#[test]
fn windows_1252_and_a_bom_keep_danish_letters() {
    let mut file =
        b"Dato for underretning;Gerningsdato;Initialer;F\xf8dsels\xe5r;Skole;Forhold\n".to_vec();
    file.extend_from_slice(b"24-11-2026;20-11-2026;\xc6B;2011;\xd8ster Skole;h\xe6rv\xe6rk\n");
    let list = read(&file, false);
    assert!(list.errors.is_empty(), "{:?}", list.errors);
    assert_eq!(list.rows[0].initials, "ÆB");
    assert_eq!(list.rows[0].school_name, "Øster Skole");
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), LIST.as_bytes()].concat();
    assert_eq!(read(&with_bom, false).rows.len(), 3);
}

#[test]
fn too_large_too_long_and_headerless_lists_are_refused_whole() {
    let big = vec![b'a'; MAX_BYTES + 1];
    let list = read(&big, false);
    assert!(matches!(
        list.errors[0].problem,
        ListProblem::TooLarge { .. }
    ));
    let mut text = String::from("Dato for underretning;Gerningsdato;Initialer;Fødselsår;Forhold\n");
    for i in 0..=MAX_ROWS {
        text.push_str(&format!("24-11-2026;20-11-2026;A{};2011;tyveri\n", i % 26));
    }
    let list = read(text.as_bytes(), false);
    assert!(list.rows.is_empty());
    assert_eq!(
        list.errors[0].problem,
        ListProblem::TooManyRows {
            rows: 501,
            max: 500
        }
    );
    let list = read_text("Navn;Skole\nAnders;Øster\n", false);
    assert_eq!(list.errors[0].problem, ListProblem::NoHeader);
}

#[test]
fn the_century_rule_of_cpr_numbers() {
    assert_eq!(year_of_cpr("1203111234"), Some(1911));
    assert_eq!(year_of_cpr("1203114234"), Some(2011));
    assert_eq!(year_of_cpr("1203115234"), Some(2011));
    assert_eq!(year_of_cpr("1203994234"), Some(1999));
    assert_eq!(year_of_cpr("3102114234"), None);
    assert_eq!(cpr_digits("12031142 34").as_deref(), Some("1203114234"));
    assert_eq!(cpr_digits("103114234").as_deref(), Some("0103114234"));
    assert_eq!(cpr_digits("12-03-11"), None);
}

#[test]
fn cpr_numbers_in_kept_words_are_blanked() {
    assert_eq!(without_cpr("vold mod 0101104321"), "vold mod […]");
    assert_eq!(without_cpr("010110-4321, 010110 4321"), "[…], […]");
    assert_eq!(
        without_cpr("f. 12.03.2011, tlf. 12 34 56 78"),
        "f. […], tlf. […]"
    );
    assert_eq!(without_cpr("010110–4321"), "[…]");
    assert_eq!(
        without_cpr("strfl. § 276, 2 forhold"),
        "strfl. § 276, 2 forhold"
    );
}

#[test]
fn initials_from_names() {
    assert_eq!(initials_of("Anne-Sofie Møller Berg"), "ASMB");
    assert_eq!(initials_of("  ørn  "), "Ø");
    assert_eq!(initials_of("123"), "");
}

/// A cell value: names with Danish letters, CPR-looking digits, dates.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-ZÆØÅ][a-zæøå]{1,8}( [A-ZÆØÅ][a-zæøå]{1,8}){0,2}",
        "[0-3][0-9][01][0-9][0-9]{2}-?[0-9]{4}",
        "[0-3]?[0-9][-./][01]?[0-9][-./]20[0-9]{2}",
        "[a-zæøå .,;\"]{0,12}",
    ]
}

proptest! {
    /// Whatever bytes arrive: rows or errors, never a panic, never more
    /// errors than the cap.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..800)) {
        let list = read(&bytes, true);
        prop_assert!(!list.rows.is_empty() || !list.errors.is_empty());
        prop_assert!(list.errors.len() <= MAX_ERRORS + 1);
    }

    /// Whatever a row holds, no full name and no CPR number's digits past
    /// the birth year leave this module unless CPR numbers are allowed:
    /// not in a kept row, not in an error.
    #[test]
    fn names_and_cpr_numbers_never_pass_the_door(
        rows in proptest::collection::vec((cell(), cell(), "[0-3][0-9][01][0-9][0-9]{2}[0-9]{4}"), 1..6)
    ) {
        let mut text = String::from("Dato for underretning;Gerningsdato;Navn;CPR;Forhold\n");
        for (name, forhold, cpr) in &rows {
            text.push_str(&format!("24-11-2026;20-11-2026;{name};{cpr};{forhold}\n"));
        }
        let list = read(text.as_bytes(), false);
        let kept = format!("{:?}{:?}", list.rows, list.errors);
        for (name, _, cpr) in &rows {
            let serial = &cpr[6..];
            prop_assert!(!list.rows.iter().any(|r| r.cpr.contains(serial) || r.initials.contains(name.as_str()) && name.len() > 3));
            let dashed = format!("{}-{}", &cpr[..6], serial);
            prop_assert!(!kept.contains(&dashed));
            prop_assert!(!kept.contains(cpr.as_str()));
            let a_name = name.chars().all(|c| c.is_alphabetic() || c == ' ');
            if a_name && name.split_whitespace().count() > 1 {
                prop_assert!(!kept.contains(name.as_str()), "{name} in {kept}");
            }
        }
    }
}

#[test]
fn a_row_with_a_separator_too_many_is_refused_without_its_content() {
    let text = "Dato for underretning;Gerningsdato;Initialer;Fødselsår;Forhold\n\
                24-11-2026;20-11-2026;AB;2011;vold;Vestergade 4, 1. th.\n\
                24-11-2026;20-11-2026;CD;2011;tyveri;;\n";
    let list = read_text(text, false);
    assert_eq!(
        list.errors[0].problem,
        ListProblem::Cells {
            found: 6,
            expected: 5
        }
    );
    assert!(!format!("{:?}", list.errors).contains("Vestergade"));
    assert_eq!(list.rows.len(), 1, "empty trailing cells are no harm");
}

#[test]
fn a_name_in_a_date_or_year_column_is_not_said_back() {
    let text = "Dato for underretning;Gerningsdato;Initialer;Fødselsår;Forhold\n\
                Søren Hansen;20-11-2026;AB;Hansen;vold\n";
    let list = read_text(text, false);
    assert!(list.errors.len() >= 2);
    assert!(
        !format!("{:?}", list.errors).contains("Hansen"),
        "{:?}",
        list.errors
    );
}

#[test]
fn initials_as_written_or_a_name_in_the_initials_column() {
    let text = "Dato for underretning;Gerningsdato;Initialer;Fødselsår;Forhold\n\
                24-11-2026;20-11-2026;A.H.;2011;vold\n\
                24-11-2026;20-11-2026;Anders Hansen;2012;vold\n";
    let list = read_text(text, false);
    assert_eq!(list.rows[0].initials, "AH");
    assert_eq!(list.rows[1].initials, "AH");
    assert!(list.names_dropped);
}

#[test]
fn lone_carriage_returns_end_lines() {
    let text = "Dato for underretning;Gerningsdato;Initialer;Fødselsår;Forhold\r\
                24-11-2026;20-11-2026;AB;2011;vold\r24-11-2026;20-11-2026;CD;2011;\"tyveri\r\
                24-11-2026;20-11-2026;EF;2011;vold\r";
    let list = read(text.as_bytes(), false);
    assert_eq!(list.rows.len(), 1, "{:?}", list.rows);
    assert_eq!(list.rows[0].line, 2);
    assert_eq!(
        list.errors[0].line, 3,
        "the open quote is named: {:?}",
        list.errors
    );
}

#[test]
fn a_journal_number_holds_what_the_police_write_only() {
    let text = "Dato for underretning;Gerningsdato;Initialer;Fødselsår;Forhold;Journalnummer\n\
                24-11-2026;20-11-2026;AB;2011;vold;1200-00001-00012-26\n\
                24-11-2026;20-11-2026;CD;2011;vold;ring til mor på 12345678\n";
    let list = read_text(text, false);
    assert_eq!(list.rows[0].journal, "1200-00001-00012-26");
    assert_eq!(list.errors[0].problem, ListProblem::BadJournal);
}

#[test]
fn an_xlsx_list_reads_as_a_csv_one_does() {
    let book = crate::domain::tabular::workbook_tests::workbook(
        &[
            &["Uge 48"],
            &[
                "Dato for underretning",
                "Gerningsdato",
                "Navn",
                "Fødselsår",
                "Forhold",
            ],
            &[
                "24-11-2026",
                "20-11-2026",
                "Åse Østergaard",
                "2012",
                "hærværk",
            ],
        ],
        &[],
    );
    let list = read(&book, false);
    assert!(list.errors.is_empty(), "{:?}", list.errors);
    assert_eq!(list.rows[0].initials, "ÅØ");
    assert_eq!(list.rows[0].line, 3);
    assert_eq!(list.rows[0].offence, Offence::Vandalism);
}
