//! A Windows console for a test: the command line run in a pseudo console
//! (ConPTY), read and typed into as a consultant would in a `cmd` window.
//! The Windows counterpart of the Unix tests' `script` (util-linux).
//!
//! The command runs under `cmd /c` with its standard handles redirected to
//! `CONIN$` and `CONOUT$`. A pseudo console's child does not reliably get
//! the console as its standard handles: Wine 8 (where `cargo xtask
//! test-windows` runs this) gives it the parent's, or none when they are
//! set empty, as here, so that nothing lands in the test's own output.
//! The redirections in `cmd` give the command the console's handles on
//! Windows and on Wine alike (`cmd`'s own messages, such as a wrong path,
//! are then seen nowhere; the command's exit code still tells). What the
//! console draws is VT text; [`screen_text`] turns it back into what a
//! person sees.
//!
//! No safe wrapper of the pseudo-console API is in the dependency tree that
//! works under Wine (portable-pty's children get no console there), hence
//! the `unsafe` blocks, each with what makes it sound; the crate denies
//! `unsafe` everywhere else.
#![allow(unsafe_code)]

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::{self, Read, Write};
use std::os::windows::ffi::OsStrExt;
use std::os::windows::io::{FromRawHandle, OwnedHandle};
use std::path::Path;
use std::ptr::{null, null_mut};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};
use windows_sys::Win32::Foundation::{CloseHandle, HANDLE, WAIT_OBJECT_0};
use windows_sys::Win32::System::Console::{ClosePseudoConsole, CreatePseudoConsole, COORD, HPCON};
use windows_sys::Win32::System::Pipes::CreatePipe;
use windows_sys::Win32::System::Threading::{
    CreateProcessW, DeleteProcThreadAttributeList, GetExitCodeProcess,
    InitializeProcThreadAttributeList, UpdateProcThreadAttribute, WaitForSingleObject,
    CREATE_UNICODE_ENVIRONMENT, EXTENDED_STARTUPINFO_PRESENT, LPPROC_THREAD_ATTRIBUTE_LIST,
    PROCESS_INFORMATION, PROC_THREAD_ATTRIBUTE_PSEUDOCONSOLE, STARTF_USESTDHANDLES, STARTUPINFOEXW,
};

/// How long a prompt or the end may take: a debug build under Wine unlocks
/// with Argon2id in a few seconds; a minute means it hangs.
const PATIENCE: Duration = Duration::from_secs(60);

/// A command running in its own console.
pub struct Console {
    console: HPCON,
    process: OwnedHandle,
    keys: File,
    screen: Receiver<Vec<u8>>,
    seen: Vec<u8>,
}

impl Console {
    /// Starts `program args…` in a new 120×30 console, with the test's
    /// environment changed by `set` and without the variables in `unset`.
    pub fn run(
        program: &Path,
        args: &[&OsStr],
        set: &[(&str, &str)],
        unset: &[&str],
    ) -> io::Result<Self> {
        let (console_in, keys) = pipe()?;
        let (screen_out, screen_in) = pipe()?;
        let mut console: HPCON = 0;
        // SAFETY: both handles are open pipe ends owned here; `console`
        // is a valid place for the new console's handle.
        let hr = unsafe {
            CreatePseudoConsole(
                COORD { X: 120, Y: 30 },
                raw(&console_in),
                raw(&screen_in),
                0,
                &mut console,
            )
        };
        if hr != 0 {
            return Err(io::Error::other(format!("CreatePseudoConsole: {hr:#x}")));
        }
        // The console holds its own copies now: closing ours lets the
        // screen's pipe end when the console closes.
        drop((console_in, screen_in));
        let started = start(console, &command_line(program, args), set, unset);
        let process = match started {
            Ok(p) => p,
            Err(e) => {
                // Closing a console whose output nobody reads may wait for
                // ever (before Windows 11 24H2): close the output first.
                drop(screen_out);
                // SAFETY: `console` was created above and is closed once.
                unsafe { ClosePseudoConsole(console) };
                return Err(e);
            }
        };
        let (tx, screen) = channel();
        let mut reader = File::from(screen_out);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = reader.read(&mut buf) {
                if tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Ok(Console {
            console,
            process,
            keys: File::from(keys),
            screen,
            seen: Vec::new(),
        })
    }

    /// Waits until the screen shows `text`; the screen so far if it never
    /// does.
    pub fn expect(&mut self, text: &str) -> Result<(), String> {
        let until = Instant::now() + PATIENCE;
        while !screen_text(&self.seen).contains(text) {
            let left = until.saturating_duration_since(Instant::now());
            match self
                .screen
                .recv_timeout(left.min(Duration::from_millis(200)))
            {
                Ok(chunk) => self.seen.extend(chunk),
                Err(RecvTimeoutError::Timeout) if Instant::now() < until => {}
                Err(_) => return Err(screen_text(&self.seen)),
            }
        }
        Ok(())
    }

    /// Types `line` and Enter.
    pub fn type_line(&mut self, line: &str) -> io::Result<()> {
        self.keys.write_all(line.as_bytes())?;
        self.keys.write_all(b"\r")?;
        self.keys.flush()
    }

    /// Waits for the command to end: its exit code and what the screen
    /// showed.
    /// The keyboard stays connected until the console closes: a console
    /// whose input ends aborts the read in progress.
    pub fn finish(mut self) -> (u32, String) {
        // SAFETY: `process` is the started process's open handle.
        let waited =
            unsafe { WaitForSingleObject(raw(&self.process), PATIENCE.as_millis() as u32) };
        let mut code = u32::MAX;
        if waited == WAIT_OBJECT_0 {
            // SAFETY: as above; `code` is a valid place for the result.
            unsafe { GetExitCodeProcess(raw(&self.process), &mut code) };
        }
        // The console paints on its own time: its last frame may come
        // after the command ended, so the screen is read for a while more.
        let settled = Instant::now() + Duration::from_millis(500);
        while let Ok(chunk) = self
            .screen
            .recv_timeout(settled.saturating_duration_since(Instant::now()))
        {
            self.seen.extend(chunk);
        }
        (code, screen_text(&self.seen))
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        // SAFETY: `console` was created by `run` and is closed only here.
        unsafe { ClosePseudoConsole(self.console) };
    }
}

/// What a person sees of the console's VT output: the text, with a cursor
/// step right read as that many spaces and every other control sequence
/// (colours, cursor moves, erasing) left out.
pub fn screen_text(vt: &[u8]) -> String {
    let text = String::from_utf8_lossy(vt);
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => match chars.next() {
                // CSI: parameters and intermediates (0x20–0x3F), then one
                // final byte.
                Some('[') => {
                    let mut params = String::new();
                    let end = loop {
                        match chars.next() {
                            Some(p @ ' '..='?') => params.push(p),
                            other => break other,
                        }
                    };
                    if end == Some('C') {
                        let n = params.parse().unwrap_or(1);
                        out.extend(std::iter::repeat_n(' ', n));
                    }
                }
                // OSC (a window title): up to BEL or ESC \.
                Some(']') => {
                    while let Some(t) = chars.next() {
                        if t == '\u{7}' || (t == '\u{1b}' && chars.next_if_eq(&'\\').is_some()) {
                            break;
                        }
                    }
                }
                // A character set: ESC ( B and the like.
                Some('(' | ')') => {
                    chars.next();
                }
                // Any other escape is one character (ESC 7, ESC =).
                _ => {}
            },
            '\0' | '\r' => {}
            c => out.push(c),
        }
    }
    out
}

fn pipe() -> io::Result<(OwnedHandle, OwnedHandle)> {
    let (mut read, mut write): (HANDLE, HANDLE) = (null_mut(), null_mut());
    // SAFETY: both are valid places for the new handles; no attributes.
    if unsafe { CreatePipe(&mut read, &mut write, null(), 0) } == 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: CreatePipe returned two open handles that nothing else owns.
    Ok(unsafe {
        (
            OwnedHandle::from_raw_handle(read),
            OwnedHandle::from_raw_handle(write),
        )
    })
}

fn raw(h: &OwnedHandle) -> HANDLE {
    std::os::windows::io::AsRawHandle::as_raw_handle(h)
}

/// `cmd /d /s /c ""program" args… <CONIN$ >CONOUT$ 2>CONOUT$"`, each
/// argument quoted (cmd's `/s` takes the text between the outer quotes as
/// it is). Quoted, not escaped: an argument holding `"`, `%` or ending in
/// `\\` would need more, and the tests' arguments hold none.
fn command_line(program: &Path, args: &[&OsStr]) -> Vec<u16> {
    let program = std::path::absolute(program).unwrap_or_else(|_| program.to_path_buf());
    let mut line = String::from("cmd.exe /d /s /c \"");
    for part in std::iter::once(program.as_os_str()).chain(args.iter().copied()) {
        line.push('"');
        line.push_str(&part.to_string_lossy());
        line.push_str("\" ");
    }
    line.push_str("<CONIN$ >CONOUT$ 2>CONOUT$\"");
    OsStr::new(&line).encode_wide().chain([0]).collect()
}

/// The test's environment, changed, as a Unicode environment block.
fn environment(set: &[(&str, &str)], unset: &[&str]) -> Vec<u16> {
    let replaced: Vec<&str> = unset
        .iter()
        .copied()
        .chain(set.iter().map(|(n, _)| *n))
        .collect();
    let mut vars: Vec<(OsString, OsString)> = std::env::vars_os()
        .filter(|(k, _)| !replaced.iter().any(|n| k.eq_ignore_ascii_case(n)))
        .collect();
    vars.extend(set.iter().map(|(k, v)| (k.into(), v.into())));
    vars.sort_by_key(|(k, _)| k.to_ascii_uppercase());
    let mut block: Vec<u16> = Vec::new();
    for (k, v) in vars {
        block.extend(k.encode_wide());
        block.push(u16::from(b'='));
        block.extend(v.encode_wide());
        block.push(0);
    }
    block.push(0);
    block
}

/// Starts `line` attached to `console`.
fn start(
    console: HPCON,
    line: &[u16],
    set: &[(&str, &str)],
    unset: &[&str],
) -> io::Result<OwnedHandle> {
    let mut size = 0usize;
    // SAFETY: asking for the size only: a null list and a valid `size`.
    unsafe { InitializeProcThreadAttributeList(null_mut(), 1, 0, &mut size) };
    // usize-aligned storage of at least `size` bytes for the opaque list.
    let mut storage = vec![0usize; size.div_ceil(size_of::<usize>())];
    let list = storage.as_mut_ptr() as LPPROC_THREAD_ATTRIBUTE_LIST;
    // SAFETY: `list` points at `size` writable, aligned bytes.
    if unsafe { InitializeProcThreadAttributeList(list, 1, 0, &mut size) } == 0 {
        return Err(io::Error::last_os_error());
    }
    let mut line = line.to_vec();
    let mut env = environment(set, unset);
    // SAFETY: the list was initialised above and outlives CreateProcessW;
    // the pseudo-console attribute's value is the console handle itself,
    // of the size of an HPCON. `line` and `env` are NUL-terminated and
    // writable; `info` and `started` are valid for the call.
    unsafe {
        let mut info: STARTUPINFOEXW = std::mem::zeroed();
        info.StartupInfo.cb = size_of::<STARTUPINFOEXW>() as u32;
        info.lpAttributeList = list;
        // No handles of the test's own: `cmd` gets none (its redirections
        // give the command the console's), so nothing it says lands in
        // the test's output.
        info.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
        let mut started: PROCESS_INFORMATION = std::mem::zeroed();
        let ok = UpdateProcThreadAttribute(
            list,
            0,
            PROC_THREAD_ATTRIBUTE_PSEUDOCONSOLE as usize,
            console as *const std::ffi::c_void,
            size_of::<HPCON>(),
            null_mut(),
            null(),
        ) != 0
            && CreateProcessW(
                null(),
                line.as_mut_ptr(),
                null(),
                null(),
                0,
                EXTENDED_STARTUPINFO_PRESENT | CREATE_UNICODE_ENVIRONMENT,
                env.as_mut_ptr().cast(),
                null(),
                // The extended form: CreateProcessW reads the attribute
                // list after the plain STARTUPINFOW.
                (&raw const info).cast(),
                &mut started,
            ) != 0;
        let result = if ok {
            CloseHandle(started.hThread);
            Ok(OwnedHandle::from_raw_handle(started.hProcess))
        } else {
            Err(io::Error::last_os_error())
        };
        DeleteProcThreadAttributeList(list);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::screen_text;

    #[test]
    fn the_screen_reads_as_text() {
        let vt =
            b"\x1b[2J\x1b[m\x1b[H\x1b[?25lPassphrase:\x1b[K\x1b[1C\x1b[?25h\r\n\0\x1b]0;cmd\x07ok";
        assert_eq!(screen_text(vt), "Passphrase: \nok");
        let vt = b"\x1b[2 q\x1b7a\x1b(Bb\x1b]0;t\x1b\\c\x1b[3Cd";
        assert_eq!(screen_text(vt), "abc   d");
    }
}
