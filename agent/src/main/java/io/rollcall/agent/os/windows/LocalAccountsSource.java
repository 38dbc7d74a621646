package io.rollcall.agent.os.windows;

import java.time.Instant;
import java.util.List;

/** The local account database (Netapi32), behind a seam so the accounts probe runs against recorded output. */
public interface LocalAccountsSource {

    /**
     * One local account as NetUserEnum reports it.
     *
     * @param disabled         UF_ACCOUNTDISABLE
     * @param passwordRequired not UF_PASSWD_NOTREQD: when false, the password may be empty
     * @param lastLogon        the last logon recorded on this machine; {@code null} when never or not available
     */
    record NetUser(String name, String sid, boolean disabled, boolean passwordRequired, Instant lastLogon) {

        /** The relative id: the SID's last part (500 Administrator, 501 Guest, 1000+ people). */
        public long rid() {
            try {
                return Long.parseLong(sid.substring(sid.lastIndexOf('-') + 1));
            } catch (RuntimeException e) {
                return -1;
            }
        }
    }

    /** The local accounts. Throws when the account database cannot be read at all. */
    List<NetUser> users();

    /** The SIDs of the members of the built-in Administrators group (S-1-5-32-544), whatever its local name. */
    List<String> administratorSids();
}
