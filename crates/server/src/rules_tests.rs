use super::*;

fn entry(seq: i64, sig: &str) -> Entry {
    Entry {
        v: 2,
        scope: "team".into(),
        device: "d".into(),
        seq,
        epoch: 1,
        tag: "t".into(),
        nonce: "n".into(),
        ciphertext: "c".into(),
        signature: sig.into(),
        kills: vec![],
    }
}

fn log(last: i64, at_seq: Option<Option<&str>>) -> LogState {
    LogState {
        last,
        at_seq: at_seq.map(|s| s.map(String::from)),
        dead: false,
        team_bytes: 0,
        team_quota: TEAM_BYTES_DEFAULT,
    }
}

#[test]
fn a_log_takes_the_next_seq_only() {
    let append = Ok(PushStep::Append { content: true });
    assert_eq!(
        plan_push(&log(0, None), &entry(1, "a")).map_err(|_| ()),
        append.clone()
    );
    assert_eq!(
        plan_push(&log(3, Some(Some("a"))), &entry(3, "a")).map_err(|_| ()),
        Ok(PushStep::Repeat)
    );
    assert_eq!(
        plan_push(&log(3, Some(None)), &entry(2, "a")).map_err(|_| ()),
        Ok(PushStep::Repeat),
        "deleted with its record: a retry is a repeat"
    );
    let code = |r: Result<PushStep>| match r {
        Err(StoreError::Refused { code, .. }) => code,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        code(plan_push(&log(3, Some(Some("a"))), &entry(3, "b"))),
        "seq_taken"
    );
    assert_eq!(code(plan_push(&log(3, None), &entry(5, "a"))), "seq_gap");
}

#[test]
fn an_entry_of_a_deleted_record_keeps_its_place_not_its_content() {
    let dead = LogState {
        dead: true,
        ..log(0, None)
    };
    assert_eq!(
        plan_push(&dead, &entry(1, "a")).map_err(|_| ()),
        Ok(PushStep::Append { content: false })
    );
    let mut tombstone = entry(1, "a");
    tombstone.kills = vec!["t".into()];
    assert_eq!(
        plan_push(&dead, &tombstone).map_err(|_| ()),
        Ok(PushStep::Append { content: true }),
        "a deletion keeps what it says"
    );
}

#[test]
fn a_team_over_its_quota_is_refused_and_says_so() {
    let full = LogState {
        team_bytes: 100,
        team_quota: 100,
        ..log(0, None)
    };
    match plan_push(&full, &entry(1, "a")) {
        Err(StoreError::Refused { code, message }) => {
            assert_eq!(code, "quota");
            assert!(message.contains("operator"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn entries_larger_than_feltbog_writes_are_refused() {
    let mut e = entry(1, "a");
    e.ciphertext = "x".repeat(CIPHERTEXT_MAX + 1);
    assert!(check_entry(&e).is_err());
    let mut e = entry(1, "a");
    e.kills = vec!["k".into(); KILLS_MAX + 1];
    assert!(check_entry(&e).is_err());
    assert!(check_entry(&entry(1, "a")).is_ok());
}

fn grant(scope: &str, epoch: u32, sealed: &str) -> Grant {
    Grant {
        scope: scope.into(),
        epoch,
        key_id: "k".into(),
        device: "d".into(),
        granter: "c".into(),
        sealed: sealed.into(),
        signature: "s".into(),
    }
}

#[test]
fn a_grant_is_stored_once_and_never_replaced() {
    let member = Some(GrantTarget {
        revoked: false,
        cases: false,
    });
    let g = [grant("team", 2, "x")];
    assert_eq!(plan_grants(&g, &[None], &[None], &[member]).unwrap(), [0]);
    let same = Some(("x".to_string(), "s".to_string()));
    let k = Some("k".to_string());
    assert!(plan_grants(&g, &[same], &[k], &[member])
        .unwrap()
        .is_empty());
    let other = Some(("y".to_string(), "s".to_string()));
    assert!(plan_grants(&g, &[other], &[None], &[member]).is_err());
}

#[test]
fn an_epoch_has_one_key() {
    let member = Some(GrantTarget {
        revoked: false,
        cases: false,
    });
    // Another key for an epoch some device holds: refused.
    let theirs = Some("other".to_string());
    assert!(plan_grants(&[grant("team", 2, "x")], &[None], &[theirs], &[member]).is_err());
    // Two keys for one epoch in one set: refused.
    let mut two = [grant("team", 2, "x"), grant("team", 2, "y")];
    two[1].key_id = "k2".into();
    assert!(plan_grants(&two, &[None, None], &[None, None], &[member, member]).is_err());
    // The same key to another device, and another epoch: stored.
    let same = Some("k".to_string());
    assert_eq!(
        plan_grants(&[grant("team", 2, "x")], &[None], &[same], &[member]).unwrap(),
        [0]
    );
}

#[test]
fn case_keys_go_only_to_members_with_case_access_and_none_to_removed_ones() {
    let plain = Some(GrantTarget {
        revoked: false,
        cases: false,
    });
    let removed = Some(GrantTarget {
        revoked: true,
        cases: true,
    });
    assert!(plan_grants(&[grant("cases", 1, "x")], &[None], &[None], &[plain]).is_err());
    assert!(plan_grants(&[grant("team", 1, "x")], &[None], &[None], &[removed]).is_err());
    assert!(plan_grants(&[grant("team", 1, "x")], &[None], &[None], &[None]).is_err());
    assert!(plan_grants(&[grant("team", 0, "x")], &[None], &[None], &[plain]).is_err());
    assert!(plan_grants(&[grant("other", 1, "x")], &[None], &[None], &[plain]).is_err());
}

#[test]
fn a_page_stops_at_its_bytes_but_always_carries_one_entry() {
    let mut p = Pager::new(10);
    assert!(p.take(PAGE_BYTES_MAX + 1), "one entry always fits");
    assert!(!p.take(1));
    let mut p = Pager::new(3);
    assert!(p.take(1) && p.take(1) && p.take(1));
    assert!(!p.take(1), "the count too");
}

#[test]
fn codes_and_invites_expire_and_work_once() {
    let fresh = Some(CodeState {
        used: false,
        expires_at: 100,
    });
    assert!(plan_create_team(fresh, false, 50).is_ok());
    assert!(plan_create_team(fresh, false, 100).is_err(), "expired");
    assert!(plan_create_team(fresh, true, 50).is_err(), "team exists");
    let used = Some(CodeState {
        used: true,
        expires_at: 100,
    });
    assert!(plan_create_team(used, false, 50).is_err());
    let invite = InviteState {
        team: "t".into(),
        role: MemberRole::Consultant,
        cases: true,
        expires_at: 100,
        bundle: "b".into(),
    };
    assert!(plan_join(Some(invite.clone()), false, 50).is_ok());
    assert!(plan_join(Some(invite.clone()), false, 100).is_err());
    assert!(plan_join(Some(invite), true, 50).is_err());
    assert!(plan_join(None, false, 50).is_err());
}

#[test]
fn secrets_are_kept_as_hashes() {
    let (code, h) = new_setup_code();
    let bytes = feltbog_wire::code::decode(&code).expect("a code reads back");
    assert_eq!(hash(&bytes), h);
    assert_ne!(new_token(), new_token());
}
