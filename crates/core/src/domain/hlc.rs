//! Hybrid logical clock stamps.
//!
//! A stamp is wall-clock milliseconds shifted left 16 bits plus a counter, in
//! one `i64`. It never goes backwards on a device even if the wall clock does,
//! so "last writer wins" during sync can compare stamps from different
//! devices; the device id breaks ties.

/// Bits reserved for the logical counter.
const COUNTER_BITS: u32 = 16;

/// The next stamp after `last`, given the wall clock `now_ms`.
pub fn tick(last: i64, now_ms: i64) -> i64 {
    let physical = now_ms.max(0) << COUNTER_BITS;
    physical.max(last.saturating_add(1))
}

/// The stamp after seeing a remote stamp (used by sync to keep causality).
pub fn observe(last: i64, remote: i64, now_ms: i64) -> i64 {
    tick(last.max(remote), now_ms)
}

/// The wall-clock milliseconds part of a stamp.
pub fn wall_ms(stamp: i64) -> i64 {
    stamp >> COUNTER_BITS
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn follows_the_wall_clock_when_it_moves_forward() {
        let a = tick(0, 1_000);
        assert_eq!(wall_ms(a), 1_000);
        let b = tick(a, 2_000);
        assert_eq!(wall_ms(b), 2_000);
    }

    proptest! {
        #[test]
        fn never_goes_backwards(start in 0i64..1 << 44, clocks in prop::collection::vec(0i64..1 << 44, 1..200)) {
            let mut last = tick(0, start);
            for now in clocks {
                let next = tick(last, now);
                prop_assert!(next > last);
                prop_assert!(wall_ms(next) >= now.min(wall_ms(last)));
                last = next;
            }
        }

        #[test]
        fn observing_moves_past_the_remote(last in 0i64..1 << 60, remote in 0i64..1 << 60, now in 0i64..1 << 44) {
            let next = observe(last, remote, now);
            prop_assert!(next > last && next > remote);
        }
    }
}
