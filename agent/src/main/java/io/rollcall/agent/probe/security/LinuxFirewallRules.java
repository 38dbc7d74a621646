package io.rollcall.agent.probe.security;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pure parsers for the kernel's packet-filter rules as {@code nft list ruleset} and {@code iptables -S} print them.
 * Incoming traffic is filtered when a chain hooked on input drops by default, or when it (or a chain it jumps to)
 * has a drop or reject rule: that is what ufw, firewalld and hand-written nftables configurations all produce, while
 * a container runtime's NAT and forward rules alone do not count.
 */
final class LinuxFirewallRules {
    private static final Pattern NFT_TABLE = Pattern.compile("^table\\s+(\\S+)\\s+(\\S+)\\s*\\{");
    private static final Pattern NFT_CHAIN = Pattern.compile("^chain\\s+(\\S+)\\s*\\{");
    private static final Pattern NFT_HOOK = Pattern.compile("\\bhook\\s+input\\b");
    private static final Pattern NFT_POLICY_DROP = Pattern.compile("\\bpolicy\\s+drop\\b");
    private static final Pattern NFT_JUMP = Pattern.compile("\\b(?:jump|goto)\\s+(\\S+)");
    private static final Pattern DROP_OR_REJECT = Pattern.compile("\\b(?:drop|reject)\\b");

    private LinuxFirewallRules() {
    }

    /**
     * What the rules say about incoming traffic.
     *
     * @param filtersInput whether incoming traffic is filtered
     * @param summary      which chain decides, e.g. "nftables inet filter/input: policy drop, 12 rules"
     */
    record Verdict(boolean filtersInput, String summary) {
    }

    private record Chain(boolean inputHook, boolean policyDrop, List<String> rules) {
    }

    /** Parses {@code nft list ruleset} (nft(8), "LIST RULESET"; one statement per line inside chain blocks). */
    static Verdict nftRuleset(List<String> lines) {
        Map<String, Chain> chains = new LinkedHashMap<>(); // "family name/chain"
        String table = null;
        String chain = null;
        boolean hook = false, drop = false;
        List<String> rules = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.trim();
            Matcher t = NFT_TABLE.matcher(line);
            Matcher c = NFT_CHAIN.matcher(line);
            if (chain == null && t.find()) {
                table = t.group(1) + " " + t.group(2);
            } else if (table != null && chain == null && c.find()) {
                chain = c.group(1);
                hook = false;
                drop = false;
                rules = new ArrayList<>();
            } else if (chain != null && line.equals("}")) {
                chains.put(table + "/" + chain, new Chain(hook, drop, rules));
                chain = null;
            } else if (chain != null && line.startsWith("type ")) {
                hook = NFT_HOOK.matcher(line).find();
                drop = NFT_POLICY_DROP.matcher(line).find();
            } else if (chain != null && !line.isEmpty() && !line.startsWith("#")) {
                rules.add(line);
            } else if (chain == null && line.equals("}")) {
                table = null;
            }
        }
        int totalRules = chains.values().stream().mapToInt(ch -> ch.rules().size()).sum();
        for (Map.Entry<String, Chain> e : chains.entrySet()) {
            Chain ch = e.getValue();
            if (!ch.inputHook()) {
                continue;
            }
            String tableName = e.getKey().substring(0, e.getKey().indexOf('/'));
            if (ch.policyDrop()) {
                return new Verdict(true, "nftables " + e.getKey() + ": policy drop, " + totalRules + " rules");
            }
            if (reachesDrop(e.getKey(), chains, tableName)) {
                return new Verdict(true, "nftables " + e.getKey() + " drops or rejects traffic, " + totalRules
                        + " rules");
            }
        }
        return new Verdict(false, chains.isEmpty() ? "the nftables ruleset is empty"
                : "no nftables chain on the input hook drops or rejects traffic (" + totalRules + " rules)");
    }

    private static boolean reachesDrop(String start, Map<String, Chain> chains, String table) {
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String key = todo.pop();
            Chain ch = chains.get(key);
            if (ch == null || !seen.add(key)) {
                continue;
            }
            for (String rule : ch.rules()) {
                if (DROP_OR_REJECT.matcher(rule).find()) {
                    return true;
                }
                Matcher j = NFT_JUMP.matcher(rule);
                while (j.find()) {
                    todo.push(table + "/" + j.group(1));
                }
            }
        }
        return false;
    }

    /** Parses {@code iptables -S} (iptables(8), "-S, --list-rules": the rules as iptables-save would print them). */
    static Verdict iptablesRules(List<String> lines) {
        Map<String, List<String>> targets = new HashMap<>();
        boolean policyDrop = false;
        int rules = 0;
        for (String raw : lines) {
            String[] f = raw.trim().split("\\s+");
            if (f.length >= 3 && f[0].equals("-P") && f[1].equals("INPUT")) {
                policyDrop = f[2].equals("DROP") || f[2].equals("REJECT");
            } else if (f.length >= 2 && f[0].equals("-A")) {
                rules++;
                for (int i = 2; i + 1 < f.length; i++) {
                    if (f[i].equals("-j") || f[i].equals("-g") || f[i].equals("--jump") || f[i].equals("--goto")) {
                        targets.computeIfAbsent(f[1], k -> new ArrayList<>()).add(f[i + 1]);
                    }
                }
            }
        }
        if (policyDrop) {
            return new Verdict(true, "iptables INPUT policy DROP, " + rules + " rules");
        }
        Deque<String> todo = new ArrayDeque<>(List.of("INPUT"));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String chain = todo.pop();
            if (!seen.add(chain)) {
                continue;
            }
            for (String target : targets.getOrDefault(chain, List.of())) {
                if (target.equals("DROP") || target.equals("REJECT")) {
                    return new Verdict(true, "iptables chain " + chain + " drops or rejects traffic, " + rules
                            + " rules");
                }
                todo.push(target);
            }
        }
        return new Verdict(false, "no iptables rule on INPUT drops or rejects traffic (" + rules + " rules)");
    }

    /** Whether /etc/ufw/ufw.conf says {@code ENABLED=yes} (ufw(8): the firewall is started at boot). */
    static boolean ufwEnabled(List<String> conf) {
        for (String raw : conf) {
            String line = raw.trim();
            if (line.startsWith("ENABLED=")) {
                String v = line.substring("ENABLED=".length()).replace("\"", "").replace("'", "").trim();
                return v.equalsIgnoreCase("yes");
            }
        }
        return false;
    }
}
