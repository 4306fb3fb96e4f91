//! One-time codes a person types (setup codes, invites): 128 random bits in
//! Crockford's base32 with his check symbol, in groups of four.
//!
//! Crockford's alphabet leaves out I, L, O and U, and reading accepts the
//! look-alikes (O for 0, I and L for 1) and any case, dashes or spaces, so
//! a code read aloud over the phone or copied by hand survives. The check
//! symbol (the value mod 37) catches a mistyped or swapped character.

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CHECK: &[u8; 37] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U";

/// The bytes in a code: 128 bits.
pub const CODE_BYTES: usize = 16;

/// 26 base32 characters for 128 bits, then the check symbol.
const DATA_CHARS: usize = 26;

fn check_symbol(bytes: &[u8]) -> u8 {
    let r = bytes
        .iter()
        .fold(0u32, |r, b| (r * 256 + u32::from(*b)) % 37);
    CHECK[r as usize]
}

/// The code for 16 random bytes, as `XXXX-XXXX-…-XXX?`.
pub fn encode(bytes: &[u8; CODE_BYTES]) -> String {
    let mut chars = Vec::with_capacity(DATA_CHARS + 1);
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in bytes {
        acc = (acc << 8) | u32::from(*b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            chars.push(ALPHABET[((acc >> bits) & 31) as usize]);
        }
        acc &= (1 << bits) - 1;
    }
    if bits > 0 {
        chars.push(ALPHABET[((acc << (5 - bits)) & 31) as usize]);
    }
    chars.push(check_symbol(bytes));
    chars
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// The bytes of a typed code, or `None` if it is not a whole code or its
/// check symbol does not match.
pub fn decode(typed: &str) -> Option<[u8; CODE_BYTES]> {
    let mut symbols = Vec::with_capacity(DATA_CHARS + 1);
    for c in typed.chars() {
        let c = match c.to_ascii_uppercase() {
            '-' | ' ' | '\t' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !c.is_ascii() {
            return None;
        }
        symbols.push(c as u8);
    }
    if symbols.len() != DATA_CHARS + 1 {
        return None;
    }
    let check = symbols.pop()?;
    let mut out = [0u8; CODE_BYTES];
    let (mut acc, mut bits, mut n) = (0u32, 0u32, 0usize);
    for s in symbols {
        let v = ALPHABET.iter().position(|a| *a == s)? as u32;
        acc = (acc << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            if n < CODE_BYTES {
                out[n] = (acc >> bits) as u8;
                n += 1;
            }
            acc &= (1 << bits) - 1;
        }
    }
    (n == CODE_BYTES && check_symbol(&out) == check).then_some(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_code_reads_back_however_it_is_typed() {
        let bytes = *b"\x00\x01\x7f\x80\xff\x10 Egeby kom";
        let code = encode(&bytes);
        assert_eq!(code.len(), 27 + 6, "{code}");
        assert_eq!(decode(&code), Some(bytes));
        assert_eq!(decode(&code.to_lowercase().replace('-', " ")), Some(bytes));
        let with_o = code.replace('0', "O");
        assert_eq!(decode(&with_o), Some(bytes));
    }

    #[test]
    fn a_mistyped_code_is_refused() {
        let bytes = [7u8; CODE_BYTES];
        let code = encode(&bytes);
        let mut chars: Vec<char> = code.chars().collect();
        let i = chars.iter().position(|c| *c != '-').unwrap();
        chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
        let typo: String = chars.iter().collect();
        assert_eq!(decode(&typo), None);
        assert_eq!(decode(&code[..code.len() - 2]), None);
        assert_eq!(decode("ÆØÅ"), None);
    }
}
