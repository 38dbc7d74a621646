package io.rollcall.collector.interop;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inventory agent that sent a report (FusionInventory 2.6, OCS Inventory unix agent 2.10.0, …), read from the
 * inventory's {@code VERSIONCLIENT} or, failing that, the request's {@code User-Agent}. Its {@link #notCollected()}
 * is the reason every check that agent cannot answer carries.
 *
 * @param name    the agent's product name as people know it
 * @param version its upstream version (a Debian revision such as {@code -3} dropped), or null when not sent
 * @param raw     what the agent sent, for the console
 */
public record ForeignAgent(String name, String version, String raw) {
    private static final Pattern NAME_VERSION = Pattern.compile("^(.*?)[_ /-]v?(\\d+(?:\\.\\d+)*)(?:-[\\w.]+)?$");

    /** The agent described by {@code versionClient} (preferred) or {@code userAgent}; "unknown OCS agent" if neither. */
    public static ForeignAgent of(String versionClient, String userAgent) {
        String raw = versionClient != null && !versionClient.isBlank() ? versionClient.strip()
                : userAgent != null && !userAgent.isBlank() ? userAgent.strip() : null;
        if (raw == null) {
            return new ForeignAgent("unknown OCS-protocol agent", null, "");
        }
        raw = raw.length() > 128 ? raw.substring(0, 128) : raw;
        Matcher m = NAME_VERSION.matcher(raw);
        String product = m.matches() ? m.group(1) : raw;
        String version = m.matches() ? m.group(2) : null;
        return new ForeignAgent(product(product), version, raw);
    }

    private static String product(String sent) {
        String p = sent.toLowerCase(Locale.ROOT);
        if (p.startsWith("fusioninventory")) {
            return "FusionInventory";
        }
        if (p.startsWith("glpi")) {
            return "GLPI Agent";
        }
        if (p.contains("unix_agent") || p.contains("unix-agent")) {
            return "OCS Inventory unix agent";
        }
        if (p.contains("windows")) {
            return "OCS Inventory Windows agent";
        }
        if (p.startsWith("ocs")) {
            return "OCS Inventory agent";
        }
        return sent;
    }

    /** "FusionInventory 2.6": how the console and the reasons name the agent. */
    public String label() {
        return version == null ? name : name + " " + version;
    }

    /** The reason of a check this agent does not collect: {@code not collected by FusionInventory 2.6}. */
    public String notCollected() {
        return "not collected by " + label();
    }

    /** The report's {@code agentVersion}: the agent as it named itself. */
    public String agentVersion() {
        return raw.isEmpty() ? name : raw;
    }
}
