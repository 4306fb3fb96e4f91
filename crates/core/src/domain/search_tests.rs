#![allow(clippy::unwrap_used)] // tests may panic

use super::*;

fn expr(text: &str) -> Option<String> {
    match_expression(text).unwrap()
}

#[test]
fn each_word_is_a_prefix_and_all_must_match() {
    assert_eq!(
        expr("Rygning  trivsel").as_deref(),
        Some("\"rygning\"* AND \"trivsel\"*")
    );
}

#[test]
fn danish_endings_come_off_a_typed_word() {
    assert_eq!(stem("rygningen"), "rygning");
    assert_eq!(stem("skolerne"), "skol");
    assert_eq!(stem("fester"), "fest");
    assert_eq!(stem("aftalen"), "aftal");
    // Short words and numbers stay as typed.
    assert_eq!(stem("bus"), "bus");
    assert_eq!(stem("rene"), "rene");
    assert_eq!(stem("2026e"), "2026e");
    // Danish letters are letters.
    assert_eq!(expr("Æblehaven").as_deref(), Some("\"æblehav\"*"));
}

#[test]
fn a_class_name_is_one_phrase_and_signs_are_no_words() {
    assert_eq!(expr("7.a").as_deref(), Some("\"7 a\"*"));
    assert_eq!(expr("  - ! \" * ").as_deref(), None);
    assert_eq!(expr("").as_deref(), None);
    // Quotes and FTS5 syntax in the text cannot reach the expression.
    assert_eq!(expr("a\"b OR").as_deref(), Some("\"a b\"* AND \"or\"*"));
}

#[test]
fn too_long_a_text_names_the_field() {
    let long = "ord ".repeat(60);
    match match_expression(&long) {
        Err(Error::Invalid { field, .. }) => assert_eq!(field, "text"),
        other => panic!("expected Invalid, got {other:?}"),
    }
    // At most eight words are used.
    let many = expr("a1 b2 c3 d4 e5 f6 g7 h8 i9").unwrap();
    assert_eq!(many.matches(" AND ").count(), 7);
}

#[test]
fn an_excerpt_is_split_at_its_marks() {
    let marked = format!("…om {HIT_START}rygning{HIT_END} i {HIT_START}7{HIT_END} a");
    let parts = excerpt(&marked);
    let shown: Vec<(&str, bool)> = parts.iter().map(|e| (e.text.as_str(), e.hit)).collect();
    assert_eq!(
        shown,
        [
            ("…om ", false),
            ("rygning", true),
            (" i ", false),
            ("7", true),
            (" a", false)
        ]
    );
    assert!(excerpt("").is_empty());
}

#[test]
fn a_case_is_found_by_its_number_in_any_form_and_by_nothing_else() {
    for typed in ["K-7F3Q-92XA", "k7f3q92xa"] {
        assert_eq!(
            case_number_part(typed).as_deref(),
            Some("K7F3Q92XA"),
            "{typed}"
        );
    }
    assert_eq!(case_number_part(" 7F3Q-92XA ").as_deref(), Some("7F3Q92XA"));
    assert_eq!(case_number_part("7f3q").as_deref(), Some("7F3Q"));
    // The start of a number, as typed so far.
    assert_eq!(case_number_part("K-7F3Q").as_deref(), Some("K7F3Q"));
    // A number without a digit, typed as a number.
    assert_eq!(
        case_number_part("K-HXVT-ABCD").as_deref(),
        Some("KHXVTABCD")
    );
    assert_eq!(case_number_part("hxvt-abcd").as_deref(), Some("HXVTABCD"));
    // Ordinary words, short parts and several words show no case.
    for typed in ["tema", "rygning", "7F3", "7F3Q 92XA", "", "K-7F3Q-92XA-1"] {
        assert_eq!(case_number_part(typed), None, "{typed}");
    }
}
