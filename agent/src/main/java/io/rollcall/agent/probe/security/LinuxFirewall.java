package io.rollcall.agent.probe.security;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the kernel filters incoming traffic. The rules the kernel holds are the truth, so they are read first
 * ({@code nft list ruleset}, else {@code iptables -S}; both need root). Without them the front ends' own state
 * stands in (ufw's ENABLED flag, {@code firewall-cmd --state}), and with no firewall software at all and no legacy
 * iptables table loaded, the answer is no.
 */
final class LinuxFirewall {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final List<String> NFT = List.of("/usr/sbin/nft", "/sbin/nft");
    private static final List<String> IPTABLES = List.of("/usr/sbin/iptables", "/sbin/iptables");
    private static final List<String> FIREWALL_CMD = List.of("/usr/bin/firewall-cmd");
    private static final List<String> UFW = List.of("/usr/sbin/ufw");

    private final FileSource files;
    private final CommandRunner commands;

    LinuxFirewall(FileSource files, CommandRunner commands) {
        this.files = files;
        this.commands = commands;
    }

    Check read() {
        List<String> failures = new ArrayList<>();
        String frontEnds = frontEnds();
        String nft = first(NFT);
        if (nft != null) {
            CommandResult r = commands.run(List.of(nft, "list", "ruleset"), TIMEOUT);
            if (r.ok()) {
                return verdict(LinuxFirewallRules.nftRuleset(r.stdout()), frontEnds);
            }
            failures.add("nft list ruleset failed (" + why(r) + ")");
        }
        String iptables = first(IPTABLES);
        if (iptables != null) {
            CommandResult r = commands.run(List.of(iptables, "-S"), TIMEOUT);
            if (r.ok()) {
                return verdict(LinuxFirewallRules.iptablesRules(r.stdout()), frontEnds);
            }
            failures.add("iptables -S failed (" + why(r) + ")");
        }
        if (ufwEnabled()) {
            return Check.yes("ufw is enabled in /etc/ufw/ufw.conf; the active rules could not be read: "
                    + String.join(", ", failures));
        }
        String firewallCmd = first(FIREWALL_CMD);
        if (firewallCmd != null) {
            CommandResult r = commands.run(List.of(firewallCmd, "--state"), TIMEOUT);
            if (r.failure() == null && !r.stdout().isEmpty()) {
                boolean running = r.stdout().get(0).trim().equals("running");
                return running ? Check.yes("firewalld is running") : Check.no("firewalld is installed but not running");
            }
        }
        if (nft == null && iptables == null && firewallCmd == null && first(UFW) == null) {
            if (legacyTablesLoaded()) {
                return Check.unknown("the kernel has iptables tables loaded but no tool to read them is installed");
            }
            return Check.no("no firewall is installed (nftables, iptables, ufw, firewalld) and the kernel has no "
                    + "iptables tables loaded");
        }
        return Check.unknown("the firewall rules cannot be read (the agent needs root): "
                + String.join(", ", failures));
    }

    private static Check verdict(LinuxFirewallRules.Verdict v, String frontEnds) {
        String summary = frontEnds.isEmpty() ? v.summary() : v.summary() + "; " + frontEnds;
        return v.filtersInput() ? Check.yes(summary) : Check.no(summary);
    }

    private String frontEnds() {
        List<String> out = new ArrayList<>();
        if (first(UFW) != null) {
            out.add(ufwEnabled() ? "ufw enabled" : "ufw installed but not enabled");
        }
        if (first(FIREWALL_CMD) != null) {
            out.add("firewalld installed");
        }
        return String.join(", ", out);
    }

    private boolean ufwEnabled() {
        try {
            return files.exists("/etc/ufw/ufw.conf")
                    && LinuxFirewallRules.ufwEnabled(files.readLines("/etc/ufw/ufw.conf"));
        } catch (IOException e) {
            return false;
        }
    }

    /** /proc/net/ip_tables_names lists the legacy tables in use; empty when nothing set up iptables-legacy. */
    private boolean legacyTablesLoaded() {
        for (String f : List.of("/proc/net/ip_tables_names", "/proc/net/ip6_tables_names")) {
            try {
                if (files.exists(f) && files.readLines(f).stream().anyMatch(l -> !l.isBlank())) {
                    return true;
                }
            } catch (IOException e) {
                // unreadable: treat as not loaded, the tools check above already found none
            }
        }
        return false;
    }

    private String first(List<String> candidates) {
        return candidates.stream().filter(files::exists).findFirst().orElse(null);
    }

    private static String why(CommandResult r) {
        return r.failure() != null ? r.failure() : "exit code " + r.exitCode();
    }
}
