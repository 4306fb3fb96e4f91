//! Room on the disk under the build, said before the build starts.
//!
//! A full `cargo xtask test` writes several gigabytes into `target/`. When
//! the disk runs out, the failure shows up far from its cause: a linker
//! killed by "Bus error", rustc's "IO failure on output stream" (both seen
//! in one CI run). One line up front, naming the free and the needed room,
//! saves the reader that hunt.

use std::path::Path;
use std::process::Command;

/// Free bytes on the file system holding `dir`, from POSIX `df -Pk`.
pub fn free_bytes(dir: &Path) -> Option<u64> {
    let out = Command::new("df").arg("-Pk").arg(dir).output().ok()?;
    if !out.status.success() {
        return None;
    }
    parse_df_available(&String::from_utf8_lossy(&out.stdout))
}

/// The "Available" column (in KiB) of `df -Pk`'s one data line, in bytes.
fn parse_df_available(text: &str) -> Option<u64> {
    let line = text.lines().nth(1)?;
    let kib: u64 = line.split_whitespace().nth(3)?.parse().ok()?;
    Some(kib * 1024)
}

/// Prints the free room under `dir`, and a warning naming what to do when
/// it is below `needed` bytes. A warning, not a failure: an earlier build
/// already in `target/` needs far less, and only the build itself knows.
pub fn report(dir: &Path, needed: u64, what: &str) {
    let Some(free) = free_bytes(dir) else {
        return;
    };
    let gb = |b: u64| b as f64 / 1e9;
    if free < needed {
        eprintln!(
            "xtask: WARNING: {:.1} GB free under {}, and {what} from clean needs about {:.0} GB. \
             If it fails with \"No space left on device\" or a linker's \"Bus error\", \
             free some room (an old target/ folder, /tmp) and run it again.",
            gb(free),
            dir.display(),
            gb(needed)
        );
    } else {
        eprintln!("xtask: {:.1} GB free under {}", gb(free), dir.display());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_available_column_of_df_is_read_in_bytes() {
        let text = "Filesystem     1024-blocks     Used Available Capacity Mounted on\n\
                    /dev/vda         263174212 11336788  83420916      12% /\n";
        assert_eq!(parse_df_available(text), Some(83_420_916 * 1024));
    }

    #[test]
    fn a_df_without_a_data_line_gives_nothing() {
        assert_eq!(parse_df_available("Filesystem 1024-blocks\n"), None);
        assert_eq!(parse_df_available("header\n/dev/x 1 2 many 3% /\n"), None);
    }

    #[test]
    fn this_machine_reports_some_free_room() {
        assert!(free_bytes(Path::new(".")).is_some_and(|b| b > 0));
    }
}
