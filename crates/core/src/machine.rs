//! This computer's identity, for noticing a profile copied to another one
//! (`store/host.rs`): Linux's machine id (systemd's, or D-Bus's), Windows'
//! `MachineGuid` (made when Windows is installed, new after sysprep, so a
//! cloned laptop image gets its own). Empty where neither can be read: the
//! file's path alone then marks the place.

/// The machine's identity, or "" where there is none to read.
pub fn id() -> String {
    read().map(|s| s.trim().to_string()).unwrap_or_default()
}

#[cfg(windows)]
fn read() -> Option<String> {
    use winreg::enums::{HKEY_LOCAL_MACHINE, KEY_READ, KEY_WOW64_64KEY};
    // The 64-bit view: a 32-bit program would otherwise read a redirected
    // key without the value.
    winreg::RegKey::predef(HKEY_LOCAL_MACHINE)
        .open_subkey_with_flags(
            r"SOFTWARE\Microsoft\Cryptography",
            KEY_READ | KEY_WOW64_64KEY,
        )
        .and_then(|k| k.get_value::<String, _>("MachineGuid"))
        .ok()
}

#[cfg(not(windows))]
fn read() -> Option<String> {
    ["/etc/machine-id", "/var/lib/dbus/machine-id"]
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_machine_has_an_identity_that_stays_the_same() {
        let id = super::id();
        // Every machine the tests run on (Debian, Wine) has one.
        assert!(id.len() >= 32, "no machine identity read: {id:?}");
        assert_eq!(super::id(), id);
    }
}
