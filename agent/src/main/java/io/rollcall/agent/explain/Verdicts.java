package io.rollcall.agent.explain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A section in a few readable lines: one per account for accounts and screen lock (with the reason the probe gave),
 * the reasons behind each security value, counts for long lists. Works on the section's JSON so a field added to the
 * wire contract shows up without a change here.
 */
final class Verdicts {
    private static final int LISTED = 5;

    private Verdicts() {
    }

    static List<String> text(String probe, JsonNode section) {
        if (section == null) {
            return List.of("no section (see the problems below)");
        }
        return switch (probe) {
            case "screenLock" -> screenLock(section);
            case "accounts" -> accounts(section);
            case "software" -> software(section);
            case "removableMedia" -> media(section);
            case "security" -> security(section);
            default -> List.of(fields(section, Map.of()));
        };
    }

    private static List<String> screenLock(JsonNode s) {
        List<String> out = new ArrayList<>();
        for (JsonNode a : s.path("perAccount")) {
            out.add("account " + a.path("account").asText() + ": " + lock(a));
        }
        if (s.hasNonNull("effective")) {
            out.add("effective (the worst, what the rules use): " + lock(s.path("effective")));
        }
        return out.isEmpty() ? List.of("no interactive account") : out;
    }

    private static String lock(JsonNode a) {
        StringBuilder b = new StringBuilder("lock ").append(tri(a.path("lockEnabled")));
        if (a.hasNonNull("idleSeconds")) {
            b.append(" after ").append(a.path("idleSeconds").asInt()).append(" s");
        }
        b.append(", password ").append(tri(a.path("passwordRequired")));
        if (a.hasNonNull("graceSeconds")) {
            b.append(", grace ").append(a.path("graceSeconds").asInt()).append(" s");
        }
        b.append(", from ").append(a.path("source").asText("unknown"));
        if (a.hasNonNull("reason")) {
            b.append(" — ").append(a.path("reason").asText());
        }
        return b.toString();
    }

    private static List<String> accounts(JsonNode s) {
        List<String> out = new ArrayList<>();
        for (JsonNode u : s.path("users")) {
            String who = u.hasNonNull("name") ? u.path("name").asText() : "hash " + u.path("nameHash").asText();
            out.add(who + " (" + u.path("kind").asText() + "): " + fields(u, Map.of("name", "", "nameHash", "",
                    "kind", "")));
        }
        out.add("guest enabled: " + tri(s.path("guestEnabled")));
        return out;
    }

    private static List<String> software(JsonNode s) {
        Map<String, Integer> bySource = new TreeMap<>();
        List<String> names = new ArrayList<>();
        for (JsonNode i : s) {
            bySource.merge(i.path("source").asText(), 1, Integer::sum);
            if (names.size() < LISTED) {
                names.add(i.path("name").asText() + " " + i.path("version").asText(""));
            }
        }
        return List.of(s.size() + " titles " + bySource, "first: " + String.join(", ", names)
                + (s.size() > LISTED ? ", …" : ""));
    }

    private static List<String> media(JsonNode s) {
        List<String> out = new ArrayList<>();
        out.add(s.path("connected").size() + " connected, " + s.path("events").size() + " history events");
        for (JsonNode d : s.path("connected")) {
            out.add("connected: " + fields(d, Map.of()));
        }
        return out;
    }

    private static List<String> security(JsonNode s) {
        List<String> out = new ArrayList<>();
        out.add(fields(s, Map.of("reasons", "", "antivirus", "", "osUpdates", "")));
        for (JsonNode av : s.path("antivirus")) {
            out.add("antivirus " + fields(av, Map.of()));
        }
        if (s.hasNonNull("osUpdates")) {
            out.add("osUpdates " + fields(s.path("osUpdates"), Map.of()));
        }
        s.path("reasons").fields().forEachRemaining(e -> out.add("why " + e.getKey() + ": " + e.getValue().asText()));
        return out;
    }

    /** "key: value, …" of the non-null scalar fields, booleans as yes/no. */
    private static String fields(JsonNode n, Map<String, String> skip) {
        List<String> parts = new ArrayList<>();
        n.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (skip.containsKey(e.getKey()) || v.isNull()) {
                return;
            }
            parts.add(e.getKey() + ": " + (v.isBoolean() || v.asText().equals("unknown") ? tri(v)
                    : v.isValueNode() ? v.asText() : v.toString()));
        });
        return String.join(", ", parts);
    }

    private static String tri(JsonNode v) {
        return v.isBoolean() ? (v.asBoolean() ? "yes" : "no") : v.isMissingNode() || v.isNull() ? "unknown"
                : v.asText();
    }
}
