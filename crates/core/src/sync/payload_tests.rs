use super::*;
use crate::sync::schema::ENTITIES;
use proptest::prelude::*;

fn visit_payload(groups: &[(&str, &[(&str, Value)])]) -> Payload {
    Payload {
        v: PAYLOAD_VERSION,
        entity: "visit".into(),
        id: uuid::Uuid::nil(),
        op: Op::Set {
            groups: groups
                .iter()
                .map(|(g, vals)| {
                    (
                        g.to_string(),
                        GroupChange {
                            values: vals
                                .iter()
                                .map(|(k, v)| (k.to_string(), v.clone()))
                                .collect(),
                            stamp: 100,
                            replaced: vec![],
                        },
                    )
                })
                .collect(),
        },
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.into())
}

/// The wire names are a contract with every other device of the team:
/// this list changes only together with `PAYLOAD_VERSION`, except for a
/// new entity added before any team runs the older list (`team_rules`,
/// `case_access`, `case_deletion`, `pending_notification`, `activity`,
/// `activity_follow_up`), and new groups that
/// older devices refuse (the access log's `chain`, the team's retention rules, the records'
/// `owner`), which
/// need a team's devices updated together. Version 2 added the member's
/// `until` and the `key_epoch` announcements.
#[test]
fn the_wire_names_are_frozen() {
    let wire: Vec<String> = ENTITIES
        .iter()
        .map(|e| {
            let groups: Vec<String> = e
                .groups()
                .iter()
                .map(|g| {
                    let fields: Vec<&str> = e.group_fields(g).map(|f| f.wire).collect();
                    format!("{g}({})", fields.join(","))
                })
                .collect();
            format!("{}[{}]: {}", e.name, e.scope.as_str(), groups.join(" "))
        })
        .collect();
    let expected = [
        "member[team]: name(name) access(role,cases,active) keys(sign_key,box_key) until(until)",
        "team_rules[team]: offer_within_days(offer_within_days) follow_up_within_weeks(follow_up_within_weeks) delete_after_years(delete_after_years) cpr_allowed(cpr_allowed) small_threshold(small_threshold) stale_after_years(stale_after_years) visits_after_years(visits_after_years) cafes_after_years(cafes_after_years) survey_after_years(survey_after_years) access_log_after_years(access_log_after_years) deletions_after_years(deletions_after_years) offer_letter(offer_letter) activities_after_years(activities_after_years)",
        "key_epoch[team]: epoch(scope,epoch,key_id,removed)",
        "school[team]: name(name) kind(kind) town(town) grades(grade_from,grade_to) active(active)",
        "visit[team]: school(school) date(date) status(status) purpose(purpose,purpose_other) classes(classes) notes(notes) author(author) owner(owner)",
        "follow_up[team]: visit(visit) text(text) due(due) done(done) owner(owner)",
        "cafe[team]: date(date) status(status) place(school,area) grades(grades) kind(kind) theme(theme,theme_other) partners(partners,partner_other) attendance(parents,invited) raised(raised) notes(notes) author(author) owner(owner)",
        "cafe_agreement[team]: cafe(cafe) text(text) revisit(revisit) done(done) owner(owner)",
        "activity[team]: date(date) kind(kind) place(school,area) target(grades,age_from,age_to) reached(young,adults) partners(partners,partner_other) theme(theme) notes(notes) author(author) owner(owner)",
        "activity_follow_up[team]: activity(activity) text(text) due(due) done(done) owner(owner)",
        "survey_round[team]: name(name) questionnaire(questionnaire) window(window_from,window_to) target_percent(target_percent) small_threshold(small_threshold)",
        "survey_class[team]: round(round) school(school) name(name) grade(grade) counts(enrolled,answered,absent,status,reason,taken_on)",
        "case[cases]: number(number) journal(journal) initials(initials) birth_year(birth_year) school(school) cpr(cpr) law(law,law_other) offence(offence,offence_other) offence_date(offence_date) notified(notified) link(linked_to,repeat) decision(decision,decision_other,decision_date) state(step,step_date,held_on,closed_on) postponed(postponed_until,postponed_reason) author(author) owner(owner)",
        "case_step[cases]: case(case) ord(ord) step(step) date(date) details(details) recorded_at(recorded_at) author(author) correction_reason(correction_reason) replaced_by(replaced_by)",
        "case_access[cases]: at(at) who(who) device(device) action(action) case_number(case_number) detail(detail) chain(prev,hash)",
        "case_deletion[cases]: case_number(case_number) deleted_on(deleted_on)",
        "pending_notification[cases]: notified(notified) offence_date(offence_date) initials(initials) birth_year(birth_year) school(school) cpr(cpr) law(law,law_other) offence(offence,offence_other) journal(journal) imported_at(imported_at) author(author)",
    ];
    assert_eq!(wire, expected);
}

#[test]
fn a_payload_reads_back_as_written() {
    let p = visit_payload(&[("notes", &[("notes", text("Klasseoplæg i 7.a"))])]);
    let json = p.to_json();
    assert!(json.contains("\"op\":\"set\""), "{json}");
    assert_eq!(Payload::from_json(&json).unwrap(), p);
    let d = Payload {
        op: Op::Delete { seen: vec![] },
        ..p
    };
    assert_eq!(Payload::from_json(&d.to_json()).unwrap(), d);
}

#[test]
fn a_good_payload_passes_the_check() {
    let p = visit_payload(&[
        ("date", &[("date", text("2026-11-23"))]),
        (
            "purpose",
            &[("purpose", text("class-talk")), ("purpose_other", text(""))],
        ),
    ]);
    assert_eq!(p.check().unwrap().name, "visit");
}

#[test]
fn the_check_names_what_is_wrong() {
    let cases: Vec<(Payload, &str)> = vec![
        (
            visit_payload(&[("mood", &[("mood", text("x"))])]),
            "unknown field group 'mood'",
        ),
        (
            visit_payload(&[("date", &[("date", text("23-11-2026"))])]),
            "visit.date: wrong type",
        ),
        (
            visit_payload(&[("date", &[("date", Value::Null)])]),
            "visit.date: may not be empty",
        ),
        (
            visit_payload(&[("notes", &[("notes", Value::Int(3))])]),
            "visit.notes: wrong type",
        ),
        (
            visit_payload(&[("school", &[("school", text("not-a-uuid"))])]),
            "visit.school: wrong type",
        ),
        (
            visit_payload(&[("classes", &[("classes", text("7.a"))])]),
            "visit.classes: wrong type",
        ),
        (
            visit_payload(&[("purpose", &[("purpose", text("class-talk"))])]),
            "the group's fields do not match",
        ),
        (
            Payload {
                entity: "diary".into(),
                ..visit_payload(&[])
            },
            "unknown entity 'diary'",
        ),
        (
            Payload {
                v: 9,
                ..visit_payload(&[])
            },
            "payload version 9",
        ),
    ];
    for (p, expected) in cases {
        let e = p.check().unwrap_err().to_string();
        assert!(e.contains(expected), "{e:?} should contain {expected:?}");
        assert!(
            !e.contains("23-11-2026") && !e.contains("not-a-uuid"),
            "no values in {e}"
        );
    }
}

#[test]
fn a_stamp_must_rise_above_what_it_replaces() {
    let mut p = visit_payload(&[("notes", &[("notes", text("x"))])]);
    if let Op::Set { groups } = &mut p.op {
        let g = groups.get_mut("notes").unwrap();
        g.replaced = vec![Version {
            stamp: 100,
            device: "d".into(),
        }];
    }
    assert!(matches!(p.check(), Err(PayloadError::BadStamp(_))));
}

proptest! {
    /// Whatever bytes arrive, reading and checking them fails cleanly.
    #[test]
    fn arbitrary_input_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let s = String::from_utf8_lossy(&bytes);
        if let Ok(p) = Payload::from_json(&s) {
            let _ = p.check();
        }
    }

    /// Valid-looking JSON with arbitrary values: refused or accepted, never a panic.
    #[test]
    fn arbitrary_values_never_panic(group in "[a-z_]{1,12}", field in "[a-z_]{1,12}", value in any::<i64>(), s in ".{0,20}") {
        let json = format!(
            r#"{{"v":1,"entity":"cafe","id":"00000000-0000-0000-0000-000000000000","op":"set","groups":{{"{group}":{{"values":{{"{field}":{value},"x":"{}"}},"stamp":{value}}}}}}}"#,
            s.replace(['\\', '"'], "")
        );
        if let Ok(p) = Payload::from_json(&json) {
            let _ = p.check();
        }
    }
}

/// The groups that keep concurrent values are the ones a person settles on
/// the conflicts page; the app's catalogue labels exactly these records
/// and fields (`entity.*`, `conflict_field.*`, checked by the UI's test).
#[test]
fn the_conflicting_groups_are_the_ones_the_app_labels() {
    let mut kept: Vec<String> = Vec::new();
    for e in ENTITIES {
        for g in e.groups() {
            if e.policy(g) == crate::domain::merge::Policy::KeepConcurrent {
                kept.push(format!("{}.{g}", e.name));
            }
        }
    }
    assert_eq!(
        kept,
        [
            "visit.notes",
            "follow_up.text",
            "cafe.raised",
            "cafe.notes",
            "cafe_agreement.text",
            "activity.notes",
            "activity_follow_up.text"
        ]
    );
}

/// The derived form `Value` had (serde's `untagged`), kept here to hold the
/// hand-written reader to it: a payload one Feltbog takes and another
/// refuses would make devices of one team decide differently.
mod untagged {
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(untagged)]
    pub enum Value {
        Null,
        Int(i64),
        Text(String),
    }

    #[derive(Debug, PartialEq, Deserialize)]
    pub struct GroupChange {
        pub values: BTreeMap<String, Value>,
        pub stamp: i64,
        #[serde(default)]
        pub replaced: Vec<crate::domain::merge::Version>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(tag = "op", rename_all = "snake_case")]
    pub enum Op {
        Set {
            groups: BTreeMap<String, GroupChange>,
        },
        Delete {
            seen: Vec<crate::domain::merge::Version>,
        },
    }

    #[derive(Debug, PartialEq, Deserialize)]
    pub struct Payload {
        pub v: u16,
        pub entity: String,
        pub id: uuid::Uuid,
        #[serde(flatten)]
        pub op: Op,
    }
}

fn from_untagged(v: untagged::Value) -> Value {
    match v {
        untagged::Value::Null => Value::Null,
        untagged::Value::Int(i) => Value::Int(i),
        untagged::Value::Text(s) => Value::Text(s),
    }
}

/// Any JSON value, as text: the scalars a field may hold and those it may not.
fn json_value() -> impl Strategy<Value = String> {
    let scalar = prop_oneof![
        Just("null".to_string()),
        Just("true".to_string()),
        Just("false".to_string()),
        any::<i64>().prop_map(|i| i.to_string()),
        any::<u64>().prop_map(|u| u.to_string()),
        Just(i64::MAX.to_string()),
        Just(i64::MIN.to_string()),
        Just((i64::MAX as u64 + 1).to_string()),
        Just("-0".to_string()),
        Just("1.0".to_string()),
        Just("1e3".to_string()),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| format!("{f:?}")),
        "[a-zæøå \\\\\"]{0,8}".prop_map(|s| serde_json::to_string(&s).unwrap()),
        Just(r#""\u00e6\n""#.to_string()),
    ];
    scalar.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec(inner, 0..3).prop_map(|v| {
                let fields: Vec<String> = v
                    .iter()
                    .enumerate()
                    .map(|(i, x)| format!("\"k{i}\":{x}"))
                    .collect();
                format!("{{{}}}", fields.join(","))
            }),
        ]
    })
}

proptest! {
    /// A value alone, and values inside a whole payload (where serde
    /// buffers them first, for the flattened `op`): taken and refused
    /// exactly as the derived form did.
    #[test]
    fn values_are_read_exactly_as_the_derived_form_read_them(
        a in json_value(),
        b in json_value(),
        extra in json_value(),
    ) {
        let new = serde_json::from_str::<Value>(&a).ok();
        let old = serde_json::from_str::<untagged::Value>(&a).ok().map(from_untagged);
        prop_assert_eq!(new, old, "alone: {}", a);

        let json = format!(
            r#"{{"v":2,"entity":"visit","extra":{extra},"id":"00000000-0000-7000-8000-000000000001","op":"set","groups":{{"g":{{"values":{{"a":{a},"b":{b}}},"stamp":5}}}}}}"#
        );
        let new = Payload::from_json(&json).ok().map(|p| p.op);
        let old = serde_json::from_str::<untagged::Payload>(&json).ok().map(|p| p.op);
        match (new, old) {
            (Some(Op::Set { groups: mine }), Some(untagged::Op::Set { groups: theirs })) => {
                let theirs: BTreeMap<String, Value> = theirs
                    .into_values()
                    .flat_map(|g| g.values)
                    .map(|(k, v)| (k, from_untagged(v)))
                    .collect();
                prop_assert_eq!(&mine["g"].values, &theirs, "{}", json);
            }
            (None, None) => {}
            (new, old) => prop_assert!(false, "{json}: new {new:?}, old {old:?}"),
        }
    }
}
