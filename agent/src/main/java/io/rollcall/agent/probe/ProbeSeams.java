package io.rollcall.agent.probe;

import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.os.windows.DiskDrives;
import io.rollcall.agent.os.windows.LocalAccountsSource;
import io.rollcall.agent.os.windows.Registry;
import io.rollcall.agent.os.windows.Wmi;

/**
 * Hands each probe the seams it reads through, given the real one the probe factory built. The default passes the
 * real seam through; {@code explain} and {@code capture} wrap it in a recorder per probe, and a replay answers from a
 * capture instead. {@code probe} is the section name the probe fills ("os", "hardware", "software",
 * "removableMedia", "accounts", "screenLock", "security"), as in {@code ProbeError.probe}.
 * Windows seams are interfaces only, so passing them through loads no JNA class on another system.
 */
public interface ProbeSeams {

    /** The real seams, unchanged. */
    ProbeSeams REAL = new ProbeSeams() {
    };

    default FileSource files(String probe, FileSource real) {
        return real;
    }

    default CommandRunner commands(String probe, CommandRunner real) {
        return real;
    }

    default Registry registry(String probe, Registry real) {
        return real;
    }

    default Wmi wmi(String probe, Wmi real) {
        return real;
    }

    default LocalAccountsSource localAccounts(String probe, LocalAccountsSource real) {
        return real;
    }

    default DiskDrives diskDrives(String probe, DiskDrives real) {
        return real;
    }
}
