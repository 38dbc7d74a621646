package io.rollcall.agent.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed command line: a command, its {@code --name value} options and its {@code --flag}s. Options may also be
 * written {@code --name=value}. Parsing knows which options each command takes, so a typo is a usage error rather
 * than silently ignored.
 */
record Args(String command, Map<String, String> options, Set<String> flags) {

    /** A command line that does not follow the usage; the message names the offending word. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static final Set<String> COMMON_FLAGS = Set.of("--debug", "--help");

    /** Flags (no value) only some commands take. */
    static final Map<String, Set<String>> COMMAND_FLAGS = Map.of("explain", Set.of("--json"),
            "tick", Set.of("--service-start", "--media"));

    static final Map<String, Set<String>> OPTIONS = Map.of(
            "scan", Set.of("--state"),
            "enroll", Set.of("--server", "--token", "--token-file", "--config", "--ca-fingerprint", "--state"),
            "once", Set.of("--state", "--config"),
            "run", Set.of("--state", "--config"),
            "service", Set.of("--state", "--config"),
            "tick", Set.of("--state", "--config"),
            "status", Set.of("--state"),
            "explain", Set.of("--state"),
            "capture", Set.of("--state", "--out"));

    static Args parse(List<String> argv) throws UsageException {
        if (argv.isEmpty()) {
            throw new UsageException("no command given");
        }
        String first = argv.get(0);
        if (first.equals("--help") || first.equals("-h") || first.equals("help")) {
            return new Args("help", Map.of(), Set.of("--help"));
        }
        if (!OPTIONS.containsKey(first)) {
            throw new UsageException(String.format("unknown command '%s'", first));
        }
        Set<String> allowed = OPTIONS.get(first);
        Map<String, String> options = new LinkedHashMap<>();
        Set<String> flags = new java.util.LinkedHashSet<>();
        for (int i = 1; i < argv.size(); i++) {
            String word = argv.get(i);
            String name = word;
            String value = null;
            int eq = word.indexOf('=');
            if (word.startsWith("--") && eq > 0) {
                name = word.substring(0, eq);
                value = word.substring(eq + 1);
            }
            if (word.equals("-h")) {
                name = "--help";
            }
            if ((COMMON_FLAGS.contains(name) || COMMAND_FLAGS.getOrDefault(first, Set.of()).contains(name))
                    && value == null) {
                flags.add(name);
                continue;
            }
            if (!allowed.contains(name)) {
                throw new UsageException(String.format("unknown option '%s' for '%s'", word, first));
            }
            if (value == null) {
                if (i + 1 >= argv.size() || argv.get(i + 1).startsWith("--")) {
                    throw new UsageException(String.format("option '%s' needs a value", name));
                }
                value = argv.get(++i);
            }
            if (options.put(name, value) != null) {
                throw new UsageException(String.format("option '%s' given twice", name));
            }
        }
        return new Args(first, Map.copyOf(options), Set.copyOf(flags));
    }

    String option(String name) {
        return options.get(name);
    }

    String required(String name) throws UsageException {
        String v = options.get(name);
        if (v == null || v.isBlank()) {
            throw new UsageException(String.format("'%s' needs %s", command, name));
        }
        return v;
    }

    boolean flag(String name) {
        return flags.contains(name);
    }
}
