package io.rollcall.agent.state;

import com.sun.jna.platform.win32.Crypt32Util;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinCrypt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Windows only: seals with DPAPI ({@code CryptProtectData}) in machine scope, so the LocalSystem service, the
 * install-time enrolment and an administrator's {@code status} all open it, while a copy of {@code state.json}
 * taken to another machine (a backup, a stolen disk image) does not. Anyone who can already run code on this
 * machine with access to the state directory can open it too; the directory's ACL (SYSTEM and Administrators
 * only, set by the .msi) is what keeps local users out.
 */
final class DpapiProtector implements SecretProtector {
    static final String ID = "dpapi-machine";

    // not a secret: it only stops other programs' machine-scope blobs from being confused with ours
    private static final byte[] ENTROPY = "io.rollcall.agent device secret".getBytes(StandardCharsets.US_ASCII);
    private static final int FLAGS = WinCrypt.CRYPTPROTECT_LOCAL_MACHINE | WinCrypt.CRYPTPROTECT_UI_FORBIDDEN;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean seals() {
        return true;
    }

    @Override
    public byte[] protect(byte[] plain) throws IOException {
        try {
            return Crypt32Util.cryptProtectData(plain, ENTROPY, FLAGS, "Rollcall agent", null);
        } catch (Win32Exception e) {
            throw new IOException("DPAPI could not seal the device secret: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] unprotect(byte[] sealed) throws IOException {
        try {
            return Crypt32Util.cryptUnprotectData(sealed, ENTROPY, FLAGS, null);
        } catch (Win32Exception e) {
            throw new IOException("DPAPI could not open the device secret (was state.json copied from another "
                    + "machine?): " + e.getMessage(), e);
        }
    }
}
