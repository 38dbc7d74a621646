package io.rollcall.agent.state;

import java.io.IOException;
import java.util.Locale;

/**
 * Seals the device secret before it is written to {@code state.json} and opens it again on load. Each protector
 * has an {@link #id()} that is stored with what it sealed, so a file always says how to open its secret and a
 * state written before protection existed (a plain string) still loads.
 */
public interface SecretProtector {

    /** Stored next to the sealed bytes, e.g. {@code "dpapi-machine"}; never changes for a given protector. */
    String id();

    /** Whether {@link #protect} changes anything; a plain protector leaves the secret as a string in the file. */
    boolean seals();

    /** The sealed form of {@code plain}; the caller keeps neither array longer than it must. */
    byte[] protect(byte[] plain) throws IOException;

    /** {@code sealed} opened again; fails when this machine (or account) cannot open it. */
    byte[] unprotect(byte[] sealed) throws IOException;

    /**
     * The protector for this machine: DPAPI on Windows (loaded only there, so other systems never touch JNA's
     * Windows bindings), plain elsewhere, where the 0600 file in the 0700 state directory is the protection.
     */
    static SecretProtector forThisSystem() {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return new DpapiProtector();
        }
        return plain();
    }

    /** Leaves the secret as it is: the file's permissions are what protect it. */
    static SecretProtector plain() {
        return PlainProtector.INSTANCE;
    }

    /** The null object behind {@link #plain()}. */
    enum PlainProtector implements SecretProtector {
        INSTANCE;

        @Override
        public String id() {
            return "plain";
        }

        @Override
        public boolean seals() {
            return false;
        }

        @Override
        public byte[] protect(byte[] plain) {
            return plain.clone();
        }

        @Override
        public byte[] unprotect(byte[] sealed) {
            return sealed.clone();
        }
    }
}
