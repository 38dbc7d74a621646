package io.rollcall.collector.enrollment;

import java.util.LinkedHashMap;
import java.util.Map;

/** The silent-install command lines for each platform, with values quoted for the shell that runs them. Pure. */
public final class InstallCommands {
    public static final String DEB = "rollcall-agent_amd64.deb";
    public static final String MSI = "rollcall-agent-x64.msi";
    public static final String PKG = "rollcall-agent.pkg";
    static final String TOKEN_PLACEHOLDER = "<enrolment token>";
    static final String MAC_CONFIG = "/Library/Application Support/Rollcall/agent.properties";

    private InstallCommands() {
    }

    /** platform → command; {@code token} may be null, then a placeholder the technician replaces. */
    public static Map<String, String> forAll(String url, String fingerprint, String token) {
        String t = token == null ? TOKEN_PLACEHOLDER : token;
        Map<String, String> c = new LinkedHashMap<>();
        c.put("windows", "msiexec /i " + MSI + " /qn COLLECTOR_URL=" + msi(url) + " ENROLL_TOKEN=" + msi(t)
                + " CA_FINGERPRINT=" + msi(fingerprint));
        c.put("debian", "sudo env ROLLCALL_COLLECTOR_URL=" + sh(url) + " ROLLCALL_ENROLL_TOKEN=" + sh(t)
                + " ROLLCALL_CA_FINGERPRINT=" + sh(fingerprint) + " apt-get install -y ./" + DEB);
        String props = "collector.url=" + url + "\\nenroll.token=" + t + "\\nca.fingerprint=" + fingerprint + "\\n";
        c.put("macos", "sudo sh -c " + sh("umask 077; mkdir -p \"" + MAC_CONFIG.substring(0, MAC_CONFIG.lastIndexOf('/'))
                + "\"; printf '%b' " + sh(props) + " > \"" + MAC_CONFIG + "\"") + " && sudo installer -pkg " + PKG
                + " -target /");
        c.put("manual", "sudo rollcall-agent enroll --server " + sh(url) + " --token " + sh(t) + " --ca-fingerprint "
                + sh(fingerprint));
        return c;
    }

    /** POSIX shell: single quotes, an embedded quote closed, escaped and reopened. */
    static String sh(String v) {
        return "'" + v.replace("'", "'\\''") + "'";
    }

    /** msiexec: double quotes, an embedded double quote doubled. */
    static String msi(String v) {
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }
}
