package io.rollcall.collector.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.wire.WireJson;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Works out every figure of the termly pack independently of it, from the live API only: the compliance summary,
 * the trend, the findings, each device's detail, the evidence mapping, the term calendar and the people register.
 * Keys are the pack's JSON paths ({@code controls.<id>.meeting}), as the page's {@code data-figure} attributes.
 */
public final class PackFromApi {
    private final TestCollector tc;

    public PackFromApi(TestCollector tc) {
        this.tc = tc;
    }

    /** The figures, plus {@code failing.<control>} → "host|user|borrower|since" rows, for {@code group} (null: all). */
    public Map<String, String> figures(String group) throws Exception {
        String g = group == null ? "" : "group=" + URLEncoder.encode(group, StandardCharsets.UTF_8);
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode summary = get("/api/v1/compliance/summary" + (g.isEmpty() ? "" : "?" + g));
        long devices = summary.get("devices").asLong();
        out.put("summary.devices", summary.get("devices").asText());
        out.put("summary.compliant", summary.get("compliant").asText());
        out.put("summary.stale", summary.get("stale").asText());
        out.put("trend.now.devices", String.valueOf(devices));
        out.put("trend.now.compliant", summary.get("compliant").asText());
        out.put("trend.now.compliantPercent", String.valueOf(percent(summary.get("compliant").asLong(), devices)));
        if (group == null) {
            JsonNode terms = get("/api/v1/evidence/terms");
            LocalDate prevEnd = LocalDate.parse(terms.at("/previous/end").asText());
            LocalDate start = LocalDate.parse(terms.at("/current/start").asText());
            JsonNode prev = null;
            JsonNode first = null;
            for (JsonNode d : get("/api/v1/compliance/trend?days=366").get("days")) {
                LocalDate day = LocalDate.parse(d.get("day").asText());
                if (!day.isAfter(prevEnd) && !day.isBefore(LocalDate.parse(terms.at("/previous/start").asText()))) {
                    prev = d;
                }
                if (first == null && !day.isBefore(start)) {
                    first = d;
                }
            }
            point(out, "previousTermEnd", prev);
            point(out, "termStart", first);
        }

        // the mapping in force: rule → controls, each sub-requirement's rules also counting for its parent
        Map<String, String> parent = new HashMap<>();
        List<String> controlIds = new java.util.ArrayList<>();
        for (JsonNode c : get("/api/v1/evidence/controls").get("controls")) {
            controlIds.add(c.get("id").asText());
            if (c.hasNonNull("parent")) {
                parent.put(c.get("id").asText(), c.get("parent").asText());
            }
        }
        Map<String, Set<String>> rulesOf = new LinkedHashMap<>();
        controlIds.forEach(id -> rulesOf.put(id, new TreeSet<>()));
        for (JsonNode e : get("/api/v1/evidence/mapping").get("entries")) {
            String subject = e.get("subject").asText();
            if (subject.startsWith("rule:")) {
                for (JsonNode c : e.get("controls")) {
                    rulesOf.get(c.asText()).add(subject.substring(5));
                    if (parent.containsKey(c.asText())) {
                        rulesOf.get(parent.get(c.asText())).add(subject.substring(5));
                    }
                }
            }
        }
        Map<String, JsonNode> detail = new HashMap<>();
        for (Map.Entry<String, Set<String>> c : rulesOf.entrySet()) {
            if (c.getValue().isEmpty()) {
                continue;
            }
            Set<String> fail = new LinkedHashSet<>();
            Set<String> unknown = new LinkedHashSet<>();
            Map<String, String> since = new HashMap<>();
            Map<String, String> host = new HashMap<>();
            for (String rule : c.getValue()) {
                for (JsonNode f : findings(rule, g)) {
                    String d = f.get("device").asText();
                    if (f.get("verdict").asText().equals("fail")) {
                        fail.add(d);
                        String s = f.get("firstSeen").asText().substring(0, 10);
                        since.merge(d, s, (a, b) -> a.compareTo(b) <= 0 ? a : b);
                        host.put(d, f.get("hostname").asText());
                    } else {
                        unknown.add(d);
                    }
                }
            }
            unknown.removeAll(fail);
            String k = "controls." + c.getKey() + ".";
            out.put(k + "devices", String.valueOf(devices));
            out.put(k + "meeting", String.valueOf(devices - fail.size()));
            out.put(k + "failing.length", String.valueOf(fail.size()));
            out.put(k + "cannotVerify", String.valueOf(unknown.size()));
            Set<String> rows = new TreeSet<>();
            for (String d : fail) {
                JsonNode dev = detail.computeIfAbsent(d, this::device);
                rows.add(host.get(d) + "|" + dailyUser(dev) + "|" + since.get(d));
            }
            out.put("failing." + c.getKey(), String.join(";", rows));
        }
        coverage(out, "screenLock", "screenLock", Set.of("screenlock.disabled", "screenlock.idle-too-long",
                "screenlock.no-password"), g, detail);
        coverage(out, "encryption", "security", Set.of("security.unencrypted"), g, detail);
        coverage(out, "accountSeparation", "accounts", Set.of("accounts.daily-admin", "accounts.no-separate-account"), g,
                detail);
        coverage(out, "dailyAdmin", "accounts", Set.of("accounts.daily-admin"), g, detail);
        out.put("unsupported.operatingSystems", String.valueOf(failingDevices("security.os-unsupported", g).size()));
        out.put("unsupported.updatesOverdue", String.valueOf(failingDevices("security.updates-overdue", g).size()));
        out.put("unsupported.unlicensedSoftware", String.valueOf(failingDevices("software.unlicensed", g).size()));
        long held = 0;
        for (JsonNode p : get("/api/v1/people?status=leaver&holdsKit=true").get("items")) {
            held += get("/api/v1/people/" + p.get("id").asText() + "/holdings").get("items").size();
        }
        out.put("leaversHoldingKit.length", String.valueOf(held));
        return out;
    }

    private void coverage(Map<String, String> out, String key, String section, Set<String> rules, String g,
                          Map<String, JsonNode> detail) throws Exception {
        long reporting = 0;
        for (JsonNode d : list("/api/v1/devices?limit=1000" + (g.isEmpty() ? "" : "&" + g))) {
            JsonNode dev = detail.computeIfAbsent(d.get("id").asText(), this::device);
            if (dev.hasNonNull(section)) {
                reporting++;
            }
        }
        Set<String> fail = new LinkedHashSet<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (String rule : rules) {
            for (JsonNode f : findings(rule, g)) {
                (f.get("verdict").asText().equals("fail") ? fail : unknown).add(f.get("device").asText());
            }
        }
        unknown.removeAll(fail);
        String k = "coverage." + key + ".";
        out.put(k + "reporting", String.valueOf(reporting));
        out.put(k + "meeting", String.valueOf(reporting - fail.size() - unknown.size()));
        out.put(k + "failing", String.valueOf(fail.size()));
        out.put(k + "cannotVerify", String.valueOf(unknown.size()));
    }

    private Set<String> failingDevices(String rule, String g) throws Exception {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode f : findings(rule, g)) {
            if (f.get("verdict").asText().equals("fail")) {
                out.add(f.get("device").asText());
            }
        }
        return out;
    }

    private JsonNode findings(String rule, String g) throws Exception {
        return list("/api/v1/findings?status=open&limit=1000&rule=" + rule + (g.isEmpty() ? "" : "&" + g));
    }

    /** The device's everyday user as the device page shows it: the school account signed in most often. */
    static String dailyUser(JsonNode device) {
        String best = "unknown";
        long most = -1;
        for (JsonNode a : device.path("accounts").path("users")) {
            if (a.path("isSchoolAccount").asBoolean() && !a.path("disabled").asBoolean()
                    && a.path("loginCount").asLong(0) > most) {
                best = a.path("name").asText();
                most = a.path("loginCount").asLong(0);
            }
        }
        return best;
    }

    private JsonNode device(String id) {
        try {
            return get("/api/v1/devices/" + id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void point(Map<String, String> out, String key, JsonNode d) {
        if (d != null) {
            out.put("trend." + key + ".devices", d.get("devices").asText());
            out.put("trend." + key + ".compliant", d.get("compliant").asText());
            out.put("trend." + key + ".compliantPercent",
                    String.valueOf(percent(d.get("compliant").asLong(), d.get("devices").asLong())));
        }
    }

    private JsonNode list(String path) throws Exception {
        return get(path).get("items");
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> res = tc.adminGet(path);
        assertEquals(200, res.statusCode(), path + ": " + res.body());
        return WireJson.mapper().readTree(res.body());
    }

    static long percent(long part, long whole) {
        return whole == 0 ? 0 : Math.round(100.0 * part / whole);
    }
}
