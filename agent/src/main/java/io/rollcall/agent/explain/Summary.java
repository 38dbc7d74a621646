package io.rollcall.agent.explain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One line and a short excerpt per source, bounded (three lines of 120 characters), with password hashes removed
 * ({@link Redactor#withoutPasswordHashes}): {@code explain} shows what a probe found, not the file.
 */
final class Summary {
    static final int EXCERPT_LINES = 3;
    static final int EXCERPT_WIDTH = 120;

    private Summary() {
    }

    /** "file readLines /etc/passwd → 34 lines, 1.9 KB [0.1 ms]". */
    static String line(SourceRecord r) {
        String target = r.seam().equals("command") ? String.join(" ", r.args()) : r.op() + " " + target(r);
        return String.format("%s %s → %s [%s]", r.seam(), target, found(r), duration(r.micros()));
    }

    private static String target(SourceRecord r) {
        if (r.seam().equals("wmi") && r.args().size() >= 2) {
            return r.args().get(0) + " " + r.args().get(1) + " (" + String.join(", ", r.args().subList(2,
                    r.args().size())) + ")";
        }
        if (r.op().equals("readUntrusted") && r.args().size() == 3) {
            return r.args().get(0) + " ~/" + r.args().get(1) + " (at most " + r.args().get(2) + " bytes)";
        }
        if (r.op().equals("readBytes") && r.args().size() == 3) {
            return r.args().get(0) + " (" + r.args().get(2) + " bytes at " + r.args().get(1) + ")";
        }
        return String.join(" ", r.args());
    }

    /** What the read gave, in a few words. */
    static String found(SourceRecord r) {
        JsonNode n = r.result();
        if (n.has("omitted")) {
            return "omitted: " + n.path("omitted").asText();
        }
        if (n.has("error")) {
            return "error" + (n.has("exception") ? " (" + n.path("exception").asText() + ")" : "") + ": "
                    + n.path("error").asText();
        }
        if (n.has("refused")) {
            return "refused: " + n.path("refused").asText();
        }
        if (n.has("missing")) {
            return "missing";
        }
        if (n.has("exitCode")) {
            String s = "exit " + n.path("exitCode").asInt() + ", " + count(n.path("stdout").size(), "line")
                    + ", " + size(chars(n.path("stdout")));
            return n.hasNonNull("failure") ? s + ", failed: " + n.path("failure").asText() : s;
        }
        if (n.has("lines")) {
            return count(n.path("lines").size(), "line") + ", " + size(chars(n.path("lines")));
        }
        if (n.has("text")) {
            return size(n.path("text").asText().length());
        }
        if (n.has("base64")) {
            return size(n.path("base64").asText().length() * 3L / 4) + " (binary)";
        }
        if (n.has("entries")) {
            return count(n.path("entries").size(), "entry");
        }
        if (n.has("names")) {
            return count(n.path("names").size(), "name");
        }
        if (n.has("values")) {
            return count(n.path("values").size(), "value");
        }
        if (n.has("rows")) {
            String s = count(n.path("rows").size(), "row");
            return n.hasNonNull("failure") ? s + ", failed: " + n.path("failure").asText() : s;
        }
        if (n.has("users")) {
            return count(n.path("users").size(), "account");
        }
        if (n.has("drives")) {
            return count(n.path("drives").size(), "drive");
        }
        if (n.has("value")) {
            return n.path("value").asText();
        }
        return "nothing";
    }

    /** The first few lines of what the read gave. */
    static List<String> excerpt(SourceRecord r) {
        JsonNode n = r.result();
        List<String> raw = new ArrayList<>();
        if (n.has("lines") || n.has("stdout")) {
            n.path(n.has("lines") ? "lines" : "stdout").forEach(l -> raw.add(l.asText()));
        } else if (n.has("text")) {
            raw.addAll(n.path("text").asText().lines().toList());
        } else if (n.has("names")) {
            List<String> names = Codec.strings(n.path("names"));
            raw.add(String.join(", ", names.subList(0, Math.min(8, names.size()))));
        } else if (n.has("values")) {
            n.path("values").fields().forEachRemaining(e -> raw.add(e.getKey() + " = " + shown(e.getValue())));
        } else if (n.has("rows") && n.path("rows").size() > 0) {
            Iterator<Map.Entry<String, JsonNode>> it = n.path("rows").get(0).fields();
            it.forEachRemaining(e -> raw.add(e.getKey() + " = " + shown(e.getValue())));
        } else if (n.has("entries")) {
            List<String> names = new ArrayList<>();
            n.path("entries").forEach(e -> names.add(e.path("name").asText()));
            raw.add(String.join(", ", names.subList(0, Math.min(8, names.size()))));
        }
        List<String> out = new ArrayList<>();
        for (String line : raw) {
            if (line.isBlank()) {
                continue;
            }
            if (out.size() == EXCERPT_LINES) {
                out.add("… (" + (raw.size() - EXCERPT_LINES) + " more)");
                break;
            }
            String clean = Redactor.withoutPasswordHashes(line.strip());
            out.add(clean.length() > EXCERPT_WIDTH ? clean.substring(0, EXCERPT_WIDTH) + "…" : clean);
        }
        return out;
    }

    private static String shown(JsonNode typed) {
        Object v = Codec.value(typed);
        return v instanceof byte[] b ? "<" + b.length + " bytes>" : String.valueOf(v);
    }

    private static long chars(JsonNode lines) {
        long n = 0;
        for (JsonNode l : lines) {
            n += l.asText().length() + 1;
        }
        return n;
    }

    private static String count(int n, String what) {
        return n + " " + (n == 1 ? what : what.endsWith("y") ? what.substring(0, what.length() - 1) + "ies"
                : what + "s");
    }

    private static String size(long chars) {
        return chars < 1024 ? chars + " B" : chars < 1024 * 1024 ? String.format("%.1f KB", chars / 1024.0)
                : String.format("%.1f MB", chars / 1048576.0);
    }

    private static String duration(long micros) {
        return micros < 1000 ? String.format("%.1f ms", micros / 1000.0) : (micros / 1000) + " ms";
    }
}
