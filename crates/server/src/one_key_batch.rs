//! Checking many Ed25519 signatures by one key at once: the batch
//! equation of `ed25519_dalek::verify_batch`, with the key's terms summed
//! into one.
//!
//! Why: every entry of a push is signed by the same key (the caller's), so
//! the batch equation's `Σ zᵢ·hᵢ·A` is `(Σ zᵢ·hᵢ)·A`: one point instead of
//! one per signature. The multiscalar multiplication, most of a batch's
//! cost, then has n + 2 points instead of 2n + 1: a loop of 256 signatures
//! took 8.5 µs a signature, where `verify_batch` took 15.6 and a strict
//! check 42 (7 December). `cargo xtask bench sync` measures the push whole.
//! `OsRng` panics only if the operating system cannot give randomness: the
//! push is then answered with an error (the check runs on a blocking task,
//! `routes.rs`), and nothing of it is stored.
//!
//! The equation is `ed25519_dalek`'s (not multiplied by the cofactor), so a
//! batch passes exactly where that one's does, save for the coefficients:
//! they come from the operating system's randomness, not from a hash of
//! the batch, so a sender cannot choose its entries against them. What a
//! batch may let through is said in `push_check.rs`: a failing batch is
//! checked entry by entry, strictly, there.

use curve25519_dalek::constants::ED25519_BASEPOINT_POINT;
use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{IsIdentity, VartimeMultiscalarMul};
use ed25519_dalek::{Signature, VerifyingKey};
use rand::RngCore;
use sha2::{Digest, Sha512};

/// Whether every `sigs[i]` is `key`'s signature of `msgs[i]` (false also
/// where a signature cannot be read: a non-canonical `s`, an `R` off the
/// curve). `key` must not be weak (the caller refuses a weak key first).
pub(crate) fn verify(key: &VerifyingKey, msgs: &[&[u8]], sigs: &[Signature]) -> bool {
    if msgs.len() != sigs.len() {
        return false;
    }
    let mut rng = rand::rngs::OsRng;
    let mut scalars = Vec::with_capacity(sigs.len() + 2);
    let mut points = Vec::with_capacity(sigs.len() + 2);
    let (mut base, mut at_key) = (Scalar::ZERO, Scalar::ZERO);
    for (msg, sig) in msgs.iter().zip(sigs) {
        let Some(s) = Option::<Scalar>::from(Scalar::from_canonical_bytes(*sig.s_bytes())) else {
            return false;
        };
        let Some(r) = CompressedEdwardsY(*sig.r_bytes()).decompress() else {
            return false;
        };
        let mut h = Sha512::new();
        h.update(sig.r_bytes());
        h.update(key.as_bytes());
        h.update(msg);
        let h = Scalar::from_bytes_mod_order_wide(&h.finalize().into());
        // A random 128-bit coefficient, as `verify_batch` takes.
        let mut z = [0u8; 16];
        rng.fill_bytes(&mut z);
        let z = Scalar::from(u128::from_le_bytes(z));
        base += z * s;
        at_key += z * h;
        scalars.push(z);
        points.push(r);
    }
    scalars.push(-base);
    points.push(ED25519_BASEPOINT_POINT);
    scalars.push(at_key);
    points.push(key.to_edwards());
    // Σ zᵢ·Rᵢ − (Σ zᵢ·sᵢ)·B + (Σ zᵢ·hᵢ)·A = 0 when each sᵢ·B = Rᵢ + hᵢ·A.
    EdwardsPoint::vartime_multiscalar_mul(scalars, points).is_identity()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey};

    /// Messages and their signatures.
    type Batch = (Vec<Vec<u8>>, Vec<Signature>);

    fn signed(key: &SigningKey, n: usize) -> Batch {
        let msgs: Vec<Vec<u8>> = (0..n)
            .map(|i| format!("fiktiv post nummer {i}").into_bytes())
            .collect();
        let sigs = msgs.iter().map(|m| key.sign(m)).collect();
        (msgs, sigs)
    }

    fn refs(msgs: &[Vec<u8>]) -> Vec<&[u8]> {
        msgs.iter().map(Vec::as_slice).collect()
    }

    /// It says what `ed25519_dalek` says, batch by batch and signature by
    /// signature, for honest batches and for each way a batch may be bad.
    #[test]
    fn it_agrees_with_ed25519_dalek_on_good_and_bad_batches() {
        let key = SigningKey::from_bytes(&[9; 32]);
        let vk = key.verifying_key();
        let (msgs, sigs) = signed(&key, 300);
        let keys = vec![vk; msgs.len()];
        assert!(verify(&vk, &refs(&msgs), &sigs));
        assert!(ed25519_dalek::verify_batch(&refs(&msgs), &sigs, &keys).is_ok());
        assert!(verify(&vk, &[], &[]), "nothing to check");
        assert!(verify(&vk, &refs(&msgs[..1]), &sigs[..1]), "one alone");

        let other = SigningKey::from_bytes(&[10; 32]);
        let mut bad: Vec<(&str, Batch)> = Vec::new();
        // Another message under a good signature.
        let mut m = msgs.clone();
        m[17] = b"en anden post".to_vec();
        bad.push(("another message", (m, sigs.clone())));
        // Another key's signature.
        let mut s = sigs.clone();
        s[250] = other.sign(&msgs[250]);
        bad.push(("another key", (msgs.clone(), s)));
        // Two signatures swapped: each good, on the other's message.
        let mut s = sigs.clone();
        s.swap(3, 4);
        bad.push(("swapped", (msgs.clone(), s)));
        // s + l: the same point, a non-canonical scalar.
        let mut s = sigs.clone();
        s[99] = plus_l(&s[99]);
        bad.push(("s not reduced", (msgs.clone(), s)));
        // R off the curve.
        let mut s = sigs.clone();
        let mut raw = s[0].to_bytes();
        raw[..32].copy_from_slice(&off_curve());
        s[0] = Signature::from_bytes(&raw);
        bad.push(("R off the curve", (msgs.clone(), s)));
        for (what, (m, s)) in &bad {
            assert!(!verify(&vk, &refs(m), s), "{what}");
            assert!(
                ed25519_dalek::verify_batch(&refs(m), s, &keys).is_err(),
                "{what}: dalek"
            );
        }
        assert!(!verify(&vk, &refs(&msgs), &sigs[1..]), "a signature short");
    }

    /// What `push_check.rs` says a batch lets through: a signature only the
    /// key's holder can make, with R the identity (s = h·a), passes the
    /// batch, as it passes `ed25519_dalek`'s, while the strict check that
    /// every device makes refuses it.
    #[test]
    fn a_holders_signature_with_r_the_identity_passes_a_batch_not_the_strict_check() {
        let key = SigningKey::from_bytes(&[11; 32]);
        let vk = key.verifying_key();
        let msg = b"en underlig post".to_vec();
        let mut r = [0u8; 32];
        r[0] = 1; // the identity, compressed
        let mut h = Sha512::new();
        h.update(r);
        h.update(vk.as_bytes());
        h.update(&msg);
        let h = Scalar::from_bytes_mod_order_wide(&h.finalize().into());
        let s = h * key.to_scalar();
        let mut raw = [0u8; 64];
        raw[..32].copy_from_slice(&r);
        raw[32..].copy_from_slice(s.as_bytes());
        let odd = Signature::from_bytes(&raw);
        let (mut msgs, mut sigs) = signed(&key, 10);
        msgs.push(msg.clone());
        sigs.push(odd);
        assert!(verify(&vk, &refs(&msgs), &sigs));
        let keys = vec![vk; msgs.len()];
        assert!(ed25519_dalek::verify_batch(&refs(&msgs), &sigs, &keys).is_ok());
        assert!(vk.verify_strict(&msg, &odd).is_err());
    }

    /// The signature with `l` added to its `s` (it fits: s < l < 2^253).
    fn plus_l(sig: &Signature) -> Signature {
        // l = 2^252 + 27742317777372353535851937790883648493, little-endian.
        let l: [u8; 32] = [
            0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9,
            0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
        ];
        let mut raw = sig.to_bytes();
        let mut carry = 0u16;
        for i in 0..32 {
            let sum = u16::from(raw[32 + i]) + u16::from(l[i]) + carry;
            raw[32 + i] = sum as u8;
            carry = sum >> 8;
        }
        Signature::from_bytes(&raw)
    }

    /// A y whose x² has no square root: no point of the curve.
    fn off_curve() -> [u8; 32] {
        (2u8..)
            .map(|y| {
                let mut b = [0u8; 32];
                b[0] = y;
                b
            })
            .find(|b| CompressedEdwardsY(*b).decompress().is_none())
            .unwrap_or([0; 32])
    }
}
