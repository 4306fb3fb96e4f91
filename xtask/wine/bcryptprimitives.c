/*
 * Test set-up only, for `cargo xtask test-windows`: Wine 8.0 (Debian 12)
 * has no bcryptprimitives.dll, and Rust's standard library imports
 * ProcessPrng from it for random bytes, so every Rust program stops at
 * start with status c0000135. Windows 10 and 11 have the DLL; this stand-in
 * fills the buffer from RtlGenRandom (advapi32's SystemFunction036), which
 * Wine has. It never ships.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
