/* A test-only stand-in for bcryptprimitives.dll, for Wine 8 (Debian 12),
 * which lacks it. Rust's std on Windows imports ProcessPrng from that DLL
 * for its random numbers (HashMap seeds), so a Windows binary does not even
 * start under Wine 8 without it. .ci/run builds this with mingw into the
 * Wine prefix the Windows tests run in; it never ships, and Windows itself
 * has the real DLL (Windows 10 and later). RtlGenRandom (SystemFunction036,
 * advapi32) gives the same kind of bytes. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
