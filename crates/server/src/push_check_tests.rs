use super::*;
use base64::Engine;
use ed25519_dalek::{Signer, SigningKey};
use feltbog_wire::MemberRole;

const TEAM: &str = "team-1";

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn caller(key: &[u8; 32]) -> Caller {
    Caller {
        team: TEAM.into(),
        device: "d".into(),
        sign_key: b64(key),
        role: MemberRole::Consultant,
        cases: false,
    }
}

/// `n` entries of device `d`, each signed by `key`.
fn entries(key: &SigningKey, n: i64) -> Vec<Entry> {
    (1..=n)
        .map(|seq| {
            let mut e = Entry {
                v: 2,
                scope: "team".into(),
                device: "d".into(),
                seq,
                epoch: 1,
                tag: format!("tag-{seq}"),
                nonce: "bm9uY2U=".into(),
                ciphertext: b64(format!("sealed {seq}").as_bytes()),
                signature: String::new(),
                kills: vec![],
            };
            e.signature = b64(&key.sign(&feltbog_wire::signed_bytes(TEAM, &e)).to_bytes());
            e
        })
        .collect()
}

fn answer(c: &Caller, entries: &[Entry]) -> Result<(), (&'static str, String)> {
    check(c, entries).map_err(|Fail(_, code, message)| (code, message))
}

/// Entry `i` keeps its signature, made over other content.
fn forge(entries: &mut [Entry], i: usize) {
    let other = (i + 1) % entries.len();
    entries[i].signature = entries[other].signature.clone();
}

#[test]
fn a_push_is_refused_at_its_first_failing_entry_as_if_each_were_checked_in_turn() {
    let key = SigningKey::from_bytes(&[7; 32]);
    let c = caller(key.verifying_key().as_bytes());
    let good = entries(&key, 1_300); // batches of 512 on each core
    assert_eq!(answer(&c, &good), Ok(()));
    assert_eq!(answer(&c, &[]), Ok(()));

    let not_signed = |seq: i64| {
        Err((
            "bad_signature",
            format!("entry {seq} is not signed by this device"),
        ))
    };
    for at in [
        0, 63, 64, 149, 150, 200, 511, 512, 649, 650, 1_161, 1_162, 1_299,
    ] {
        let mut push = good.clone();
        forge(&mut push, at);
        assert_eq!(
            answer(&c, &push),
            not_signed(at as i64 + 1),
            "forged at {at}"
        );
    }
    let mut two = good.clone();
    forge(&mut two, 250);
    forge(&mut two, 10);
    assert_eq!(
        answer(&c, &two),
        not_signed(11),
        "the first of two, in another batch"
    );

    // Another check failing after a forged entry: the forged one is the
    // answer; before it: the other check is.
    let mut both = good.clone();
    forge(&mut both, 50);
    both[100].scope = "cases".into();
    assert_eq!(answer(&c, &both), not_signed(51));
    let mut both = good.clone();
    both[100].scope = "cases".into();
    forge(&mut both, 200);
    assert_eq!(
        answer(&c, &both).map_err(|e| e.0),
        Err("forbidden"),
        "the scope at 101 comes first"
    );
    let mut unreadable = good;
    unreadable[120].signature = "not base64".into();
    forge(&mut unreadable, 130);
    assert_eq!(answer(&c, &unreadable).map_err(|e| e.0), Err("bad_key"));
}

#[test]
fn a_weak_key_signs_nothing_though_a_batch_would_take_its_signatures() {
    // The identity point: `s·B` with any `s` is a "signature" of anything
    // under it, by anyone (the cofactorless batch equation holds).
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let c = caller(&identity);
    let scalar = curve25519_dalek::Scalar::from(12345u64);
    let r = curve25519_dalek::EdwardsPoint::mul_base(&scalar);
    let mut sig = [0u8; 64];
    sig[..32].copy_from_slice(r.compress().as_bytes());
    sig[32..].copy_from_slice(scalar.as_bytes());
    let mut push = entries(&SigningKey::from_bytes(&[9; 32]), 100);
    for e in &mut push {
        e.signature = b64(&sig);
    }
    let weak = VerifyingKey::from_bytes(&identity).unwrap();
    let msgs: Vec<Vec<u8>> = push
        .iter()
        .map(|e| feltbog_wire::signed_bytes(TEAM, e))
        .collect();
    let refs: Vec<&[u8]> = msgs.iter().map(Vec::as_slice).collect();
    let sigs = vec![Signature::from_bytes(&sig); push.len()];
    assert!(
        ed25519_dalek::verify_batch(&refs, &sigs, &vec![weak; push.len()]).is_ok(),
        "the batch alone would take them"
    );
    assert_eq!(answer(&c, &push).map_err(|e| e.0), Err("bad_signature"));
    push[0].signature = "not base64".into();
    assert_eq!(
        answer(&c, &push).map_err(|e| e.0),
        Err("bad_key"),
        "read before it is refused, as the strict check did"
    );
}
