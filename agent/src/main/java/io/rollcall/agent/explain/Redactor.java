package io.rollcall.agent.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.rollcall.common.report.Sections;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes what is personal from a capture: the names of people's accounts and of their home folders, their full
 * names, the machine's host name (schools name laptops after their pupils), the report's salted name hashes, and
 * password hashes. Hardware model, vendor and serial numbers stay: they name equipment the school owns, and the
 * media probe's serial joins are among the readings a capture must reproduce.
 *
 * <p>The names come only from what the probes read (/etc/passwd entries with uid 1000 and up, {@code dscl} UIDs of 500
 * and up, Netapi32 accounts with RID 1000 and up, ProfileList folders) and from the scan's own sections; nothing is
 * read for the purpose. Each is replaced wherever it occurs, case-insensitively and even inside other words (a user
 * "dan" also changes "redundant"), by a placeholder ("user1", "person1", "host1", "hash1") that is the same throughout
 * the capture, so paths still match and a replay still finds the files; names under three characters only as whole
 * words (a host name that short is kept). In binary content the replacement keeps the length ("xxxx"), so offsets
 * stay right. Built-in names (root, Administrator, Guest, admin, …) are kept: they are nobody's.
 */
public final class Redactor {
    static final Pattern PASSWORD_HASH = Pattern.compile("\\$(1|2[abxy]?|5|6|7|y|gy|sha1|md5|apr1)\\$[^:\\s\"]+");
    private static final Set<String> BUILT_IN = Set.of("root", "admin", "administrator", "administrators", "guest",
            "defaultaccount", "wdagutilityaccount", "nobody", "user", "users", "public", "default", "student",
            "teacher", "staff", "shared", "daemon", "system", "systemprofile", "localservice", "networkservice",
            "all users", "default user", "localadmin");

    private final Map<String, String> placeholders; // lower-case term → placeholder
    private final Map<String, String> legend;
    private final Pattern text;
    private final Pattern binary;

    private Redactor(Map<String, String> placeholders, Map<String, String> legend) {
        this.placeholders = placeholders;
        this.legend = legend;
        this.text = pattern(placeholders.keySet(), false);
        this.binary = pattern(placeholders.keySet(), true);
    }

    /** Password hashes replaced by "$id$redacted" (a set password stays set); nothing else changed. */
    public static String withoutPasswordHashes(String s) {
        return PASSWORD_HASH.matcher(s).replaceAll("\\$$1\\$redacted");
    }

    /** The personal names and hashes in {@code records} and {@code sections}. */
    public static Redactor from(List<SourceRecord> records, Sections sections) {
        Terms t = new Terms();
        for (SourceRecord r : records) {
            t.fromRecord(r);
        }
        if (sections != null) {
            if (sections.accounts() != null) {
                sections.accounts().users().forEach(u -> {
                    t.name(u.name());
                    t.add(u.nameHash(), "hash", "a salted account-name hash");
                });
            }
            if (sections.screenLock() != null) {
                sections.screenLock().perAccount().forEach(a -> t.name(a.account()));
            }
            if (sections.os() != null && sections.os().hostname() != null) {
                // a host name of one or two letters names nobody, and replacing it would garble paths ("/vm/")
                String host = sections.os().hostname();
                String shortName = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
                if (shortName.length() >= 3) {
                    t.add(host, "host", "the host name");
                    t.add(shortName, "host", "the host name");
                }
            }
        }
        return new Redactor(t.placeholders, t.legend);
    }

    /** Placeholder → what kind of value it replaced (never the value). */
    public Map<String, String> legend() {
        return Map.copyOf(legend);
    }

    public String apply(String s) {
        if (s == null) {
            return null;
        }
        String out = withoutPasswordHashes(s);
        if (text == null) {
            return out;
        }
        Matcher m = text.matcher(out);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(placeholders.get(m.group().toLowerCase(Locale.ROOT))));
        }
        return m.appendTail(b).toString();
    }

    /** Binary content with each name overwritten by as many 'x' (offsets keep their meaning). */
    byte[] apply(byte[] bytes) {
        if (binary == null) {
            return bytes;
        }
        String latin = new String(bytes, StandardCharsets.ISO_8859_1);
        String replaced = binary.matcher(latin).replaceAll(m -> "x".repeat(m.group().length()));
        return replaced.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A copy of {@code node} with every string, field name and binary value redacted. */
    public JsonNode apply(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(apply(node.asText()));
        }
        if (node.isArray()) {
            ArrayNode a = Codec.JSON.arrayNode();
            node.forEach(x -> a.add(apply(x)));
            return a;
        }
        if (node.isObject()) {
            ObjectNode o = Codec.JSON.objectNode();
            node.fields().forEachRemaining(e -> {
                boolean binaryField = e.getKey().equals("base64") || e.getKey().equals("bytes");
                o.set(apply(e.getKey()), binaryField ? TextNode.valueOf(Base64.getEncoder().encodeToString(
                        apply(Base64.getDecoder().decode(e.getValue().asText())))) : apply(e.getValue()));
            });
            return o;
        }
        return node;
    }

    private static Pattern pattern(Set<String> terms, boolean asBytes) {
        if (terms.isEmpty()) {
            return null;
        }
        List<String> sorted = new ArrayList<>(terms);
        sorted.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        List<String> alternatives = new ArrayList<>();
        for (String term : sorted) {
            String t = asBytes ? new String(term.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1) : term;
            String q = Pattern.quote(t);
            alternatives.add(term.length() >= 3 ? q : "(?<![\\p{L}\\p{N}])" + q + "(?![\\p{L}\\p{N}])");
        }
        return Pattern.compile(String.join("|", alternatives),
                asBytes ? Pattern.CASE_INSENSITIVE : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** Collects terms and gives each a placeholder. */
    private static final class Terms {
        final Map<String, String> placeholders = new LinkedHashMap<>();
        final Map<String, String> legend = new LinkedHashMap<>();
        final Map<String, Integer> counters = new LinkedHashMap<>();

        void add(String term, String kind, String meaning) {
            if (term == null || term.isBlank()) {
                return;
            }
            String key = term.strip().toLowerCase(Locale.ROOT);
            if (BUILT_IN.contains(key) || placeholders.containsKey(key)) {
                return;
            }
            String p = kind + counters.merge(kind, 1, Integer::sum);
            placeholders.put(key, p);
            legend.put(p, meaning);
        }

        void name(String name) {
            add(name, "user", "an account or home-folder name");
        }

        void fullName(String full) {
            if (full == null || full.isBlank()) {
                return;
            }
            add(full.strip(), "person", "a full name");
            for (String part : full.strip().split("\\s+")) {
                if (part.length() >= 3) {
                    add(part, "person", "part of a full name");
                }
            }
        }

        void fromRecord(SourceRecord r) {
            JsonNode res = r.result();
            String first = r.args().isEmpty() ? "" : r.args().get(0);
            if (r.seam().equals("file") && first.equals("/etc/passwd")) {
                List<String> lines = res.has("lines") ? Codec.strings(res.path("lines"))
                        : res.path("text").asText("").lines().toList();
                lines.forEach(this::passwd);
            } else if (r.seam().equals("command") && first.endsWith("/dscl")) {
                dscl(r.args(), Codec.strings(res.path("stdout")));
            } else if (r.seam().equals("accounts") && r.op().equals("users")) {
                for (JsonNode u : res.path("users")) {
                    String sid = u.path("sid").asText("");
                    long rid = parse(sid.substring(sid.lastIndexOf('-') + 1));
                    if (rid >= 1000) {
                        name(u.path("name").asText());
                    }
                }
            } else if (r.seam().equals("registry") && r.op().equals("values")) {
                JsonNode path = res.path("values").path("ProfileImagePath");
                String p = path.path("sz").asText("");
                int users = p.toLowerCase(Locale.ROOT).indexOf("\\users\\");
                if (users >= 0) {
                    // a profile folder is the account name, with ".DOMAIN" or ".000" added when it was taken
                    String folder = p.substring(users + "\\users\\".length()).split("\\\\")[0];
                    name(folder);
                    name(folder.contains(".") ? folder.substring(0, folder.indexOf('.')) : null);
                }
            }
        }

        private void passwd(String line) {
            String[] f = line.split(":", -1);
            if (f.length < 7 || parse(f[2]) < 1000 || parse(f[2]) >= 60000) {
                return;
            }
            name(f[0]);
            String home = f[5];
            name(home.substring(home.lastIndexOf('/') + 1));
            fullName(f[4].split(",", -1)[0]);
        }

        private void dscl(List<String> args, List<String> stdout) {
            boolean uids = args.contains("UniqueID");
            boolean realNames = args.contains("RealName");
            for (String line : stdout) {
                String[] parts = line.strip().split("\\s+", 2);
                if (parts.length < 2 || parts[0].startsWith("_")) {
                    continue;
                }
                if (uids && parse(parts[1].strip()) >= 500) {
                    name(parts[0]);
                } else if (realNames) {
                    fullName(parts[1]);
                }
            }
        }

        private static long parse(String s) {
            try {
                return Long.parseLong(s.strip());
            } catch (RuntimeException e) {
                return -1;
            }
        }
    }
}
