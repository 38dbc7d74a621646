package io.rollcall.agent.probe.updates;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Security updates apt knows about but has not installed, found without running {@code apt-get -s upgrade}: the
 * versions in the security suite's package index ({@code /var/lib/apt/lists/*_dists_CODENAME-security_*_Packages})
 * against the installed versions in {@code /var/lib/dpkg/status}, compared with {@link DebianVersion}. Both files
 * are RFC 822-style stanzas separated by blank lines (deb-control(5), Debian Policy §5). Pure.
 */
public final class AptPending {
    /** Installed package versions, by "name:arch". */
    private final Map<String, String> installed = new HashMap<>();
    private final TreeSet<String> pending = new TreeSet<>();

    /** The installed packages from dpkg's status file. */
    public AptPending(List<String> dpkgStatus) {
        for (Map<String, String> s : stanzas(dpkgStatus)) {
            String status = s.getOrDefault("Status", "");
            if (status.endsWith(" installed") && s.containsKey("Package") && s.containsKey("Version")) {
                installed.put(s.get("Package") + ":" + s.getOrDefault("Architecture", "all"), s.get("Version"));
            }
        }
    }

    /** Adds the packages of one security index whose version is newer than the installed one. */
    public AptPending index(List<String> packagesFile) {
        for (Map<String, String> s : stanzas(packagesFile)) {
            String name = s.get("Package");
            String version = s.get("Version");
            if (name == null || version == null) {
                continue;
            }
            String have = installed.get(name + ":" + s.getOrDefault("Architecture", "all"));
            if (have != null && DebianVersion.compare(version, have) > 0) {
                pending.add(name);
            }
        }
        return this;
    }

    public int installedCount() {
        return installed.size();
    }

    /** The names of the packages with a newer version in a security index, sorted. */
    public List<String> pending() {
        return List.copyOf(pending);
    }

    /** Each stanza's single-line fields (continuation lines are skipped: no field used here has them). */
    static List<Map<String, String>> stanzas(List<String> lines) {
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> cur = new HashMap<>();
        for (String line : lines) {
            if (line.isBlank()) {
                if (!cur.isEmpty()) {
                    out.add(cur);
                    cur = new HashMap<>();
                }
                continue;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                cur.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        return out;
    }
}
