package io.rollcall.agent.os.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.LMAccess;
import com.sun.jna.platform.win32.LMCons;
import com.sun.jna.platform.win32.Netapi32;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link LocalAccountsSource} on Netapi32: NetUserEnum at level 23 (name, flags, SID) and NetLocalGroupGetMembers at
 * level 0 (member SIDs) for the group whose SID is S-1-5-32-544, looked up by SID because its name is localised.
 * Level 23 carries no last-logon time; the accounts probe takes it from the profile list instead. Only loaded on
 * Windows.
 */
public final class JnaLocalAccounts implements LocalAccountsSource {
    private static final int UF_ACCOUNTDISABLE = 0x0002;
    private static final int UF_PASSWD_NOTREQD = 0x0020;

    /** NetLocalGroupGetMembers, which jna-platform does not map. */
    interface GroupMembers extends StdCallLibrary {
        GroupMembers INSTANCE = Native.load("Netapi32", GroupMembers.class, W32APIOptions.DEFAULT_OPTIONS);

        int NetLocalGroupGetMembers(String server, String group, int level, PointerByReference buffer, int maxLength,
                                    IntByReference read, IntByReference total, IntByReference resume);
    }

    @Override
    public List<NetUser> users() {
        PointerByReference buf = new PointerByReference();
        IntByReference read = new IntByReference();
        IntByReference total = new IntByReference();
        int rc = Netapi32.INSTANCE.NetUserEnum(null, 23, LMAccess.FILTER_NORMAL_ACCOUNT, buf,
                LMCons.MAX_PREFERRED_LENGTH, read, total, null);
        if (rc != 0) {
            throw new Win32Exception(rc);
        }
        try {
            List<NetUser> out = new ArrayList<>();
            if (read.getValue() == 0) {
                return out;
            }
            LMAccess.USER_INFO_23 first = new LMAccess.USER_INFO_23(buf.getValue());
            for (LMAccess.USER_INFO_23 u : (LMAccess.USER_INFO_23[]) first.toArray(read.getValue())) {
                String sid = Advapi32Util.convertSidToStringSid(u.usri23_user_sid);
                out.add(new NetUser(u.usri23_name, sid, (u.usri23_flags & UF_ACCOUNTDISABLE) != 0,
                        (u.usri23_flags & UF_PASSWD_NOTREQD) == 0, null));
            }
            return out;
        } finally {
            Netapi32.INSTANCE.NetApiBufferFree(buf.getValue());
        }
    }

    @Override
    public List<String> administratorSids() {
        String group = Advapi32Util.getAccountBySid("S-1-5-32-544").name;
        PointerByReference buf = new PointerByReference();
        IntByReference read = new IntByReference();
        IntByReference total = new IntByReference();
        int rc = GroupMembers.INSTANCE.NetLocalGroupGetMembers(null, group, 0, buf, LMCons.MAX_PREFERRED_LENGTH,
                read, total, null);
        if (rc != 0) {
            throw new Win32Exception(rc);
        }
        try {
            List<String> out = new ArrayList<>();
            Pointer base = buf.getValue();
            for (int i = 0; i < read.getValue(); i++) {
                // LOCALGROUP_MEMBERS_INFO_0 is one PSID per member
                Pointer sid = base.getPointer((long) i * Native.POINTER_SIZE);
                out.add(Advapi32Util.convertSidToStringSid(new WinNT.PSID(sid)));
            }
            return out;
        } finally {
            Netapi32.INSTANCE.NetApiBufferFree(buf.getValue());
        }
    }
}
