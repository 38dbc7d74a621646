package io.rollcall.agent.os.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.LMAccess;
import com.sun.jna.platform.win32.LMCons;
import com.sun.jna.platform.win32.Netapi32;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.Wtsapi32;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link LocalAccountsSource} on Netapi32: NetUserEnum at level 23 (name, flags, SID) and NetLocalGroupGetMembers at
 * level 0 (member SIDs) for the group whose SID is S-1-5-32-544, looked up by SID because its name is localised.
 * Level 23 carries no last-logon time; the accounts probe takes it from the profile list instead. Members are read at
 * level 1 to know which are groups; names come from LookupAccountSid; a signed-in user's token groups from
 * WTSQueryUserToken, which needs the agent to run as SYSTEM (it does, as a service). Only loaded on Windows.
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

    /** WTSQueryUserToken, which jna-platform does not map. */
    interface UserToken extends StdCallLibrary {
        UserToken INSTANCE = Native.load("Wtsapi32", UserToken.class, W32APIOptions.DEFAULT_OPTIONS);

        boolean WTSQueryUserToken(int sessionId, WinNT.HANDLEByReference token);
    }

    /** SID_NAME_USE values that name a group: SidTypeGroup, SidTypeAlias, SidTypeWellKnownGroup. */
    private static final int SID_TYPE_GROUP = 2, SID_TYPE_ALIAS = 4, SID_TYPE_WELL_KNOWN_GROUP = 5;

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
        return administratorMembers().stream().map(Member::sid).toList();
    }

    @Override
    public List<Member> administratorMembers() {
        String group = Advapi32Util.getAccountBySid("S-1-5-32-544").name;
        PointerByReference buf = new PointerByReference();
        IntByReference read = new IntByReference();
        IntByReference total = new IntByReference();
        int rc = GroupMembers.INSTANCE.NetLocalGroupGetMembers(null, group, 1, buf, LMCons.MAX_PREFERRED_LENGTH,
                read, total, null);
        if (rc != 0) {
            throw new Win32Exception(rc);
        }
        try {
            List<Member> out = new ArrayList<>();
            Pointer base = buf.getValue();
            // LOCALGROUP_MEMBERS_INFO_1: PSID, SID_NAME_USE (an int padded to a pointer's width), LPWSTR name
            long size = 3L * Native.POINTER_SIZE;
            for (int i = 0; i < read.getValue(); i++) {
                Pointer sid = base.getPointer(i * size);
                int use = base.getInt(i * size + Native.POINTER_SIZE);
                out.add(new Member(Advapi32Util.convertSidToStringSid(new WinNT.PSID(sid)),
                        use == SID_TYPE_GROUP || use == SID_TYPE_ALIAS || use == SID_TYPE_WELL_KNOWN_GROUP));
            }
            return out;
        } finally {
            Netapi32.INSTANCE.NetApiBufferFree(buf.getValue());
        }
    }

    @Override
    public Optional<String> accountName(String sid) {
        try {
            Advapi32Util.Account a = Advapi32Util.getAccountBySid(sid);
            return Optional.of(a.domain == null || a.domain.isEmpty() ? a.name : a.domain + "\\" + a.name);
        } catch (RuntimeException e) {
            return Optional.empty(); // ERROR_NONE_MAPPED: deleted account, or the domain is out of reach
        }
    }

    @Override
    public Optional<List<String>> sessionGroupSids(String userSid) {
        PointerByReference sessions = new PointerByReference();
        IntByReference count = new IntByReference();
        if (!Wtsapi32.INSTANCE.WTSEnumerateSessions(Wtsapi32.WTS_CURRENT_SERVER_HANDLE, 0, 1, sessions, count)) {
            return Optional.empty();
        }
        try {
            if (count.getValue() == 0) {
                return Optional.empty();
            }
            Wtsapi32.WTS_SESSION_INFO first = new Wtsapi32.WTS_SESSION_INFO(sessions.getValue());
            for (Wtsapi32.WTS_SESSION_INFO s : (Wtsapi32.WTS_SESSION_INFO[]) first.toArray(count.getValue())) {
                Optional<List<String>> groups = tokenGroups(s.SessionId, userSid);
                if (groups.isPresent()) {
                    return groups;
                }
            }
            return Optional.empty();
        } finally {
            Wtsapi32.INSTANCE.WTSFreeMemory(sessions.getValue());
        }
    }

    /** The token groups of the session's user when that user is {@code userSid}. */
    private static Optional<List<String>> tokenGroups(int sessionId, String userSid) {
        WinNT.HANDLEByReference token = new WinNT.HANDLEByReference();
        if (!UserToken.INSTANCE.WTSQueryUserToken(sessionId, token)) {
            return Optional.empty(); // no user in that session (services, the console before sign-in)
        }
        try {
            Advapi32Util.Account user = Advapi32Util.getTokenAccount(token.getValue());
            if (!userSid.equalsIgnoreCase(user.sidString)) {
                return Optional.empty();
            }
            IntByReference needed = new IntByReference();
            Advapi32.INSTANCE.GetTokenInformation(token.getValue(), WinNT.TOKEN_INFORMATION_CLASS.TokenGroups, null,
                    0, needed);
            WinNT.TOKEN_GROUPS groups = new WinNT.TOKEN_GROUPS(needed.getValue());
            if (!Advapi32.INSTANCE.GetTokenInformation(token.getValue(), WinNT.TOKEN_INFORMATION_CLASS.TokenGroups,
                    groups, needed.getValue(), needed)) {
                return Optional.empty();
            }
            List<String> out = new ArrayList<>();
            // SIDs only: LookupAccountSid on each would fail for Entra roles and unreachable domains
            for (WinNT.SID_AND_ATTRIBUTES g : groups.getGroups()) {
                out.add(Advapi32Util.convertSidToStringSid(g.Sid));
            }
            return Optional.of(out);
        } finally {
            Kernel32.INSTANCE.CloseHandle(token.getValue());
        }
    }
}
