use super::*;
use crate::sync::crypto::verifying_key;

struct Rig {
    coordinator: DeviceSecrets,
    member: DeviceSecrets,
    coordinators: BTreeMap<String, VerifyingKey>,
}

fn rig() -> Rig {
    let coordinator = DeviceSecrets::generate();
    let member = DeviceSecrets::generate();
    let coordinators = [(
        "coord".to_string(),
        verifying_key(&coordinator.public("coord").sign_key).unwrap(),
    )]
    .into();
    Rig {
        coordinator,
        member,
        coordinators,
    }
}

fn grant(r: &Rig, scope: Scope, epoch: u32, key: &EpochKey) -> wire::Grant {
    let box_key = r.member.public("member").box_key;
    make(
        "team",
        scope,
        epoch,
        key,
        &Recipient {
            device: "member",
            box_key: &box_key,
        },
        &Granter {
            device: "coord",
            secrets: &r.coordinator,
        },
    )
    .unwrap()
}

fn opened(r: &Rig, g: &wire::Grant) -> std::result::Result<(Scope, u32, EpochKey), Refusal> {
    open("team", "member", &r.member, g, &r.coordinators)
}

#[test]
fn a_coordinators_grant_opens_to_its_key() {
    let r = rig();
    let key = EpochKey::generate();
    let (scope, epoch, got) = opened(&r, &grant(&r, Scope::Cases, 3, &key)).unwrap();
    assert_eq!((scope, epoch), (Scope::Cases, 3));
    assert_eq!(got.bytes(), key.bytes());
}

#[test]
fn a_key_the_server_seals_itself_is_refused() {
    let r = rig();
    // The server knows the member's public box key and seals a key of its
    // own: without a coordinator's signature it is nothing.
    let mut planted = grant(&r, Scope::Team, 2, &EpochKey::generate());
    let plain = br#"{"team":"team","scope":"team","epoch":2,"device":"member","key":"AAAA"}"#;
    planted.sealed = seal_to(&r.member.public("member").box_key, plain).unwrap();
    assert_eq!(opened(&r, &planted).err(), Some(Refusal::BadSignature));
    // Signed by a device of its own making: not a coordinator here.
    let server = DeviceSecrets::generate();
    planted.granter = "server".into();
    planted.signature = server.sign(&wire::grant_signed_bytes("team", &planted));
    assert_eq!(opened(&r, &planted).err(), Some(Refusal::UnknownGranter));
}

#[test]
fn a_grant_moved_to_another_scope_epoch_or_device_is_refused() {
    let r = rig();
    let g = grant(&r, Scope::Team, 2, &EpochKey::generate());
    // The server relabels the team key as the case key, or as another
    // epoch: the coordinator's signature no longer covers it.
    let mut swapped = g.clone();
    swapped.scope = "cases".into();
    assert_eq!(opened(&r, &swapped).err(), Some(Refusal::BadSignature));
    let mut later = g.clone();
    later.epoch = u32::MAX;
    assert_eq!(opened(&r, &later).err(), Some(Refusal::BadSignature));
    // Even re-signed by a coordinator (a member about to be removed who is
    // one), the sealed plaintext still names epoch 2: refused.
    later.signature = r
        .coordinator
        .sign(&wire::grant_signed_bytes("team", &later));
    assert_eq!(opened(&r, &later).err(), Some(Refusal::Mismatch));
    let mut other = g.clone();
    other.device = "someone-else".into();
    assert_eq!(opened(&r, &other).err(), Some(Refusal::NotForThisDevice));
    assert_eq!(
        open("another team", "member", &r.member, &g, &r.coordinators).err(),
        Some(Refusal::BadSignature)
    );
}

#[test]
fn a_grant_that_does_not_open_is_refused_not_fatal() {
    let r = rig();
    let mut g = grant(&r, Scope::Team, 2, &EpochKey::generate());
    g.sealed = "bm90IGEgYm94".into();
    g.signature = r.coordinator.sign(&wire::grant_signed_bytes("team", &g));
    assert_eq!(opened(&r, &g).err(), Some(Refusal::Mismatch));
}
