//! The profile folder on Windows: its access list, and whether it is on a
//! network drive.
//!
//! Private: every *allow* entry in the folder's (and each file's) access
//! list names the user, SYSTEM, the machine's administrators or CREATOR
//! OWNER (who becomes the user on what the user creates). The user's own
//! `%LOCALAPPDATA%` passes as inherited, so the usual folder is left as
//! Windows made it. Anything else (a folder under `C:\Data` that lets
//! *Users* read, a null list that lets everyone in) is replaced by a list
//! of the first three with full control, protected from inheritance; the
//! files under a repaired folder inherit it.
//!
//! This is the one place in core that calls Windows directly (the access
//! list API and the drive type have no safe wrapper in the dependency
//! tree), hence the `unsafe` blocks, each with what makes it sound.
#![allow(unsafe_code)]

use std::ffi::c_void;
use std::io;
use std::os::windows::ffi::OsStrExt;
use std::path::{Component, Path, Prefix};
use std::ptr::{null, null_mut};
use windows_sys::Win32::Foundation::{CloseHandle, LocalFree, ERROR_SUCCESS, HANDLE};
use windows_sys::Win32::Security::Authorization::{
    GetNamedSecurityInfoW, SetEntriesInAclW, SetNamedSecurityInfoW, EXPLICIT_ACCESS_W,
    NO_MULTIPLE_TRUSTEE, SET_ACCESS, SE_FILE_OBJECT, TRUSTEE_IS_SID, TRUSTEE_IS_UNKNOWN, TRUSTEE_W,
};
use windows_sys::Win32::Security::{
    CreateWellKnownSid, GetAce, GetLengthSid, GetTokenInformation, TokenUser,
    WinBuiltinAdministratorsSid, WinCreatorOwnerSid, WinLocalSystemSid, ACCESS_ALLOWED_ACE,
    ACE_HEADER, ACL, DACL_SECURITY_INFORMATION, NO_INHERITANCE, OWNER_SECURITY_INFORMATION,
    PROTECTED_DACL_SECURITY_INFORMATION, PSECURITY_DESCRIPTOR, PSID, SECURITY_MAX_SID_SIZE,
    SUB_CONTAINERS_AND_OBJECTS_INHERIT, TOKEN_QUERY, TOKEN_USER, WELL_KNOWN_SID_TYPE,
};
use windows_sys::Win32::Storage::FileSystem::GetDriveTypeW;
use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

/// `FILE_ALL_ACCESS` (winnt.h), without pulling in the module for one number.
const FILE_ALL_ACCESS: u32 = 0x001F_01FF;
/// `ACCESS_ALLOWED_ACE_TYPE` and `ACCESS_DENIED_ACE_TYPE` (winnt.h).
const ALLOWED: u8 = 0;
const DENIED: u8 = 1;
/// `DRIVE_REMOTE` (GetDriveTypeW's answer for a mapped network drive).
const DRIVE_REMOTE: u32 = 4;

pub fn make_folder_private(dir: &Path) -> io::Result<()> {
    make(dir, SUB_CONTAINERS_AND_OBJECTS_INHERIT)
}

pub fn make_file_private(path: &Path) -> io::Result<()> {
    make(path, NO_INHERITANCE)
}

/// A new file takes its folder's inherited list; one outside the profile
/// (a backup) is made private right after (`files::open_private`).
pub fn private_options() -> std::fs::OpenOptions {
    std::fs::OpenOptions::new()
}

/// Windows refuses a rename over a file another writer is replacing at
/// that moment (access denied, for a few milliseconds): wait and retry.
pub const RENAME_MAY_BE_REFUSED: bool = true;

fn make(path: &Path, inheritance: u32) -> io::Result<()> {
    let who = Trusted::here()?;
    if !is_private(path, &who)? {
        restrict(path, &who, inheritance)?;
    }
    Ok(())
}

/// The network drive or path `dir` is on, if it is on one: a UNC path
/// (`\\server\share\…`) or a drive letter mapped to a share (`H:`).
pub fn network_file_system(dir: &Path) -> Option<String> {
    // Through links and junctions to where the folder really is (a
    // canonical path is `\\?\UNC\…` on a share); a path on no reachable
    // disk is judged as written.
    let dir = super::nearest_existing(dir).or_else(|| std::path::absolute(dir).ok())?;
    let Some(Component::Prefix(prefix)) = dir.components().next() else {
        return None;
    };
    match prefix.kind() {
        Prefix::UNC(..) | Prefix::VerbatimUNC(..) => Some("a network path".into()),
        Prefix::Disk(letter) | Prefix::VerbatimDisk(letter) => {
            let root = wide(Path::new(&format!("{}:\\", letter as char)));
            // SAFETY: `root` is a NUL-terminated UTF-16 string that lives
            // across the call, which only reads it.
            let kind = unsafe { GetDriveTypeW(root.as_ptr()) };
            (kind == DRIVE_REMOTE).then(|| format!("the network drive {}:", letter as char))
        }
        _ => None,
    }
}

/// The SIDs a private file may let in, as bytes.
struct Trusted {
    user: Vec<u8>,
    system: Vec<u8>,
    admins: Vec<u8>,
    creator_owner: Vec<u8>,
}

impl Trusted {
    fn here() -> io::Result<Trusted> {
        Ok(Trusted {
            user: current_user()?,
            system: well_known(WinLocalSystemSid)?,
            admins: well_known(WinBuiltinAdministratorsSid)?,
            creator_owner: well_known(WinCreatorOwnerSid)?,
        })
    }

    fn admits(&self, sid: &[u8]) -> bool {
        [&self.user, &self.system, &self.admins, &self.creator_owner]
            .iter()
            .any(|s| s.as_slice() == sid)
    }
}

/// Whether the owner is trusted and every entry that allows access names a
/// trusted SID. (The owner may always change the list, whatever it says.)
fn is_private(path: &Path, who: &Trusted) -> io::Result<bool> {
    let sd = Security::of(path)?;
    // SAFETY: `sd.owner` is null or a valid SID inside the block `sd` holds.
    let owner = unsafe { sid_bytes(sd.owner) };
    if !owner.is_some_and(|o| who.admits(o)) {
        return Ok(false);
    }
    // SAFETY: `sd.dacl` is null or a valid list inside the same block.
    unsafe { dacl_is_private(sd.dacl, who) }
}

/// A file's owner and access list, in the block Windows allocated.
struct Security {
    owner: PSID,
    dacl: *mut ACL,
    _block: Local,
}

impl Security {
    fn of(path: &Path) -> io::Result<Security> {
        let name = wide(path);
        let (mut owner, mut dacl, mut sd): (PSID, *mut ACL, PSECURITY_DESCRIPTOR) =
            (null_mut(), null_mut(), null_mut());
        // SAFETY: `name` is NUL-terminated and outlives the call; the out
        // pointers are valid; on success `sd` is a LocalAlloc'd block that
        // `owner` and `dacl` point into, kept alive (and then freed) by
        // the returned value.
        let rc = unsafe {
            GetNamedSecurityInfoW(
                name.as_ptr(),
                SE_FILE_OBJECT,
                OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
                &mut owner,
                null_mut(),
                &mut dacl,
                null_mut(),
                &mut sd,
            )
        };
        if rc != ERROR_SUCCESS {
            return Err(io::Error::from_raw_os_error(rc as i32));
        }
        Ok(Security {
            owner,
            dacl,
            _block: Local(sd),
        })
    }
}

/// A SID's bytes.
///
/// # Safety
/// `sid` is null or points to a valid SID that outlives the slice.
unsafe fn sid_bytes<'a>(sid: PSID) -> Option<&'a [u8]> {
    if sid.is_null() {
        return None;
    }
    // SAFETY: per the contract; GetLengthSid reads the SID's header.
    Some(unsafe { std::slice::from_raw_parts(sid as *const u8, GetLengthSid(sid) as usize) })
}

/// Whether every entry of `dacl` that allows access names a trusted SID.
///
/// # Safety
/// `dacl` is null or points to a valid access list.
unsafe fn dacl_is_private(dacl: *const ACL, who: &Trusted) -> io::Result<bool> {
    if dacl.is_null() {
        return Ok(false); // a null list lets everyone in
    }
    // SAFETY: `dacl` is a valid ACL (the contract).
    let count = unsafe { (*dacl).AceCount };
    for i in 0..u32::from(count) {
        let mut ace: *mut c_void = null_mut();
        // SAFETY: `i` is below the list's count; `ace` receives a pointer
        // into the list.
        if unsafe { GetAce(dacl, i, &mut ace) } == 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: every entry begins with an ACE_HEADER.
        let kind = unsafe { (*(ace as *const ACE_HEADER)).AceType };
        match kind {
            DENIED => continue,
            ALLOWED => {
                let allowed = ace as *const ACCESS_ALLOWED_ACE;
                // SAFETY: an allow entry's SID starts at `SidStart` and is
                // as valid as the list.
                let sid = unsafe { sid_bytes(std::ptr::addr_of!((*allowed).SidStart) as PSID) };
                if !sid.is_some_and(|s| who.admits(s)) {
                    return Ok(false);
                }
            }
            // Object and callback entries: not ours to judge; replaced.
            _ => return Ok(false),
        }
    }
    Ok(true)
}

/// A new access list: full control for each of `sids`, nobody else.
fn acl_of(sids: &[&[u8]], inheritance: u32) -> io::Result<(Local, *mut ACL)> {
    let entries: Vec<EXPLICIT_ACCESS_W> = sids
        .iter()
        .map(|sid| EXPLICIT_ACCESS_W {
            grfAccessPermissions: FILE_ALL_ACCESS,
            grfAccessMode: SET_ACCESS,
            grfInheritance: inheritance,
            Trustee: TRUSTEE_W {
                pMultipleTrustee: null_mut(),
                MultipleTrusteeOperation: NO_MULTIPLE_TRUSTEE,
                TrusteeForm: TRUSTEE_IS_SID,
                TrusteeType: TRUSTEE_IS_UNKNOWN,
                // With TRUSTEE_IS_SID the field carries the SID (only read).
                ptstrName: sid.as_ptr().cast_mut().cast(),
            },
        })
        .collect();
    let mut acl: *mut ACL = null_mut();
    // SAFETY: `entries` and the SIDs they point to outlive the call; on
    // success `acl` is LocalAlloc'd, and freed by the returned guard.
    let rc = unsafe { SetEntriesInAclW(entries.len() as u32, entries.as_ptr(), null(), &mut acl) };
    if rc != ERROR_SUCCESS {
        return Err(io::Error::from_raw_os_error(rc as i32));
    }
    Ok((Local(acl.cast()), acl))
}

/// Gives `path` a protected list (full control for the user, SYSTEM and
/// the administrators, nobody else) and, when it has another owner, the
/// user as owner.
fn restrict(path: &Path, who: &Trusted, inheritance: u32) -> io::Result<()> {
    let (_guard, acl) = acl_of(&[&who.user, &who.system, &who.admins], inheritance)?;
    // SAFETY: `owner` and the block it lives in are dropped right after.
    let owned = unsafe { sid_bytes(Security::of(path)?.owner) }.is_some_and(|o| who.admits(o));
    let (what, owner) = if owned {
        (0, null_mut())
    } else {
        (
            OWNER_SECURITY_INFORMATION,
            who.user.as_ptr().cast_mut().cast(),
        )
    };
    let name = wide(path);
    // SAFETY: `name` is NUL-terminated; `acl` is the valid list just made;
    // `owner` is null or the user's SID, alive in `who`.
    let rc = unsafe {
        SetNamedSecurityInfoW(
            name.as_ptr(),
            SE_FILE_OBJECT,
            what | DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
            owner,
            null_mut(),
            acl,
            null(),
        )
    };
    if rc != ERROR_SUCCESS {
        return Err(io::Error::from_raw_os_error(rc as i32));
    }
    Ok(())
}

/// The SID of the user this process runs as.
fn current_user() -> io::Result<Vec<u8>> {
    let mut token: HANDLE = null_mut();
    // SAFETY: the pseudo-handle of this process; `token` receives a handle
    // closed below.
    if unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) } == 0 {
        return Err(io::Error::last_os_error());
    }
    let mut len = 0u32;
    // SAFETY: asks only for the size (no buffer).
    unsafe { GetTokenInformation(token, TokenUser, null_mut(), 0, &mut len) };
    // u64s: the TOKEN_USER at its start needs pointer alignment.
    let mut buf = vec![0u64; (len as usize).div_ceil(8).max(1)];
    // SAFETY: `buf` holds at least `len` bytes.
    let ok =
        unsafe { GetTokenInformation(token, TokenUser, buf.as_mut_ptr().cast(), len, &mut len) };
    // SAFETY: `token` is the handle opened above, closed once.
    unsafe { CloseHandle(token) };
    if ok == 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: on success `buf` starts with a TOKEN_USER whose SID points
    // into `buf`, which is alive here.
    Ok(unsafe {
        let user = &*(buf.as_ptr() as *const TOKEN_USER);
        let sid = user.User.Sid;
        std::slice::from_raw_parts(sid as *const u8, GetLengthSid(sid) as usize).to_vec()
    })
}

fn well_known(kind: WELL_KNOWN_SID_TYPE) -> io::Result<Vec<u8>> {
    let mut buf = vec![0u8; SECURITY_MAX_SID_SIZE as usize];
    let mut size = SECURITY_MAX_SID_SIZE;
    // SAFETY: `buf` holds `size` bytes; no domain SID is needed for these.
    if unsafe { CreateWellKnownSid(kind, null_mut(), buf.as_mut_ptr().cast(), &mut size) } == 0 {
        return Err(io::Error::last_os_error());
    }
    buf.truncate(size as usize);
    Ok(buf)
}

/// A block Windows allocated for us, freed with LocalFree.
struct Local(*mut c_void);

impl Drop for Local {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: the block came from the API that documents LocalFree
            // as its release, and is freed once.
            unsafe { LocalFree(self.0) };
        }
    }
}

fn wide(path: &Path) -> Vec<u16> {
    path.as_os_str().encode_wide().chain([0]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use windows_sys::Win32::Security::{WinAuthenticatedUserSid, WinBuiltinUsersSid, WinWorldSid};

    fn judge(sids: &[&[u8]]) -> bool {
        let who = Trusted::here().unwrap();
        let (_guard, acl) = acl_of(sids, SUB_CONTAINERS_AND_OBJECTS_INHERIT).unwrap();
        // SAFETY: `acl` is the valid list `_guard` keeps alive.
        unsafe { dacl_is_private(acl, &who) }.unwrap()
    }

    #[test]
    fn only_the_user_system_and_administrators_make_a_private_list() {
        let who = Trusted::here().unwrap();
        assert!(judge(&[&who.user, &who.system, &who.admins]));
        assert!(judge(&[&who.user]));
        for other in [WinWorldSid, WinBuiltinUsersSid, WinAuthenticatedUserSid] {
            let other = well_known(other).unwrap();
            assert!(!judge(&[&who.user, &other, &who.system]));
        }
        // SAFETY: a null list is allowed by the contract.
        assert!(!unsafe { dacl_is_private(null(), &who) }.unwrap());
    }

    /// Wine keeps no access lists: it shows a file's Unix mode as one
    /// (with Everyone for "others") and maps a list it is given back to the
    /// mode, so a repaired list cannot be read back there. On Windows this
    /// test plays the repair end to end.
    fn under_wine() -> bool {
        winreg::RegKey::predef(winreg::enums::HKEY_LOCAL_MACHINE)
            .open_subkey(r"Software\Wine")
            .is_ok()
    }

    #[test]
    fn a_folder_anyone_may_read_becomes_the_users_alone() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("Feltbøg data");
        std::fs::create_dir(&dir).unwrap();
        let who = Trusted::here().unwrap();
        let everyone = well_known(WinWorldSid).unwrap();
        restrict(
            &dir,
            &Trusted {
                user: everyone,
                ..Trusted::here().unwrap()
            },
            SUB_CONTAINERS_AND_OBJECTS_INHERIT,
        )
        .unwrap();
        let file = dir.join("feltbog.db");
        std::fs::write(&file, b"x").unwrap();
        super::super::make_private(&dir).unwrap();
        if under_wine() {
            return;
        }
        assert!(is_private(&dir, &who).unwrap());
        assert!(is_private(&file, &who).unwrap());
        // What is private already is left as it is.
        super::super::make_private(&dir).unwrap();
        assert!(is_private(&dir, &who).unwrap());
    }

    #[test]
    fn a_unc_path_is_a_network_path() {
        assert_eq!(
            network_file_system(Path::new(r"\\fil01\fælles\Feltbog")).as_deref(),
            Some("a network path")
        );
        let err = super::super::make_private(Path::new(r"\\fil01\fælles\Feltbog")).unwrap_err();
        assert!(err.to_string().contains("data_dir"), "{err}");
        assert_eq!(
            network_file_system(Path::new(r"C:\Users\Søren\AppData\Local\feltbog")),
            None
        );
    }
}
