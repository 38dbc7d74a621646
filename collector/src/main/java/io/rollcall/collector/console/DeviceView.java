package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.badge;
import static io.rollcall.collector.console.Html.esc;
import static io.rollcall.collector.console.Html.when;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.compliance.FindingQueries;
import io.rollcall.collector.db.Docs;
import io.rollcall.collector.devices.DeviceQueries;
import java.util.List;
import java.util.Map;

/**
 * One device's page body: findings first (each with the policy clause it cites and how to fix it),
 * then software, accounts, screen lock, security and removable media, from the stored section
 * documents. Pure: takes what the queries returned, returns HTML.
 */
final class DeviceView {
    private DeviceView() {
    }

    static String render(DeviceQueries.DeviceSummary d, Map<String, byte[]> sections,
                         List<DeviceQueries.MediaEventRow> events, List<FindingQueries.Finding> findings) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<dl class=\"facts\"><dt>Compliance</dt><dd>").append(DevicePages.complianceBadge(d.compliant()))
                .append("</dd><dt>Last report</dt><dd>").append(when(d.lastSeenAt()))
                .append(d.stale() ? " " + badge("warn", "stale") : "").append("</dd><dt>Serial</dt><dd>")
                .append(esc(d.serialNumber())).append("</dd><dt>Operating system</dt><dd>").append(esc(d.osFamily()))
                .append(' ').append(esc(d.osVersion())).append("</dd><dt>Agent</dt><dd>").append(esc(d.agentVersion()))
                .append("</dd><dt>Enrolled</dt><dd>").append(when(d.enrolledAt())).append("</dd></dl>");

        h.append("<h2 id=\"findings\">Findings</h2>");
        if (findings.isEmpty()) {
            h.append("<p>No findings.</p>");
        } else {
            h.append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Status</th>")
                    .append("<th scope=\"col\">Severity</th><th scope=\"col\">What</th><th scope=\"col\">How to fix</th>")
                    .append("<th scope=\"col\">Policy clause</th><th scope=\"col\">Since</th></tr></thead><tbody>");
            for (FindingQueries.Finding f : findings) {
                Object fix = f.evidence().get("fix");
                h.append("<tr><td>").append(esc(f.rule())).append("</td><td>")
                        .append(badge("open".equals(f.status()) ? "bad" : "ok", f.status()))
                        .append("unknown".equals(f.verdict()) ? " " + badge("unknown", "cannot verify") : "")
                        .append("</td><td>").append(esc(f.severity())).append("</td><td>").append(subject(f))
                        .append("</td><td>").append(esc(fix)).append("</td><td>").append(esc(f.policyRef()))
                        .append("</td><td>").append(when(f.firstSeen())).append("</td></tr>");
            }
            h.append("</tbody></table></div>");
        }

        JsonNode software = doc(sections, "software");
        h.append("<h2 id=\"software\">Software (").append(software == null ? 0 : software.size()).append(")</h2>");
        h.append(table(software, new String[] {"name", "version", "publisher", "source", "installedAt"},
                new String[] {"Name", "Version", "Publisher", "Source", "Installed"}));

        JsonNode accounts = doc(sections, "accounts");
        h.append("<h2 id=\"accounts\">Accounts</h2>");
        if (accounts != null && accounts.has("guestEnabled")) {
            h.append("<p>Guest account: ").append(esc(accounts.get("guestEnabled").asText())).append("</p>");
        }
        h.append(table(accounts == null ? null : accounts.get("users"),
                new String[] {"name", "kind", "admin", "disabled", "passwordSet", "interactive", "isSchoolAccount", "lastLoginAt"},
                new String[] {"Name", "Kind", "Administrator", "Disabled", "Password set", "Interactive", "School account", "Last login"}));

        JsonNode lock = doc(sections, "screenLock");
        h.append("<h2 id=\"screen-lock\">Screen lock</h2>");
        String[] lockCols = {"account", "lockEnabled", "idleSeconds", "passwordRequired", "graceSeconds", "source", "reason"};
        String[] lockHead = {"Account", "Locks", "Idle seconds", "Password required", "Grace seconds", "Source", "Note"};
        if (lock != null && lock.has("effective")) {
            h.append("<p>Effective (worst) setting:</p>").append(table(json(List.of(lock.get("effective"))), lockCols, lockHead));
        }
        h.append(table(lock == null ? null : lock.get("perAccount"), lockCols, lockHead));

        JsonNode sec = doc(sections, "security");
        h.append("<h2 id=\"security\">Security</h2>");
        if (sec == null) {
            h.append("<p>Not reported yet.</p>");
        } else {
            h.append("<dl class=\"facts\"><dt>Disk encryption</dt><dd>").append(esc(sec.path("diskEncryption").asText()))
                    .append("</dd><dt>Firewall</dt><dd>").append(esc(sec.path("firewallEnabled").asText()))
                    .append("</dd><dt>OS up to date</dt><dd>").append(esc(sec.path("osUpToDate").asText())).append("</dd></dl>");
            h.append(table(sec.get("antivirus"), new String[] {"name", "enabled", "upToDate"},
                    new String[] {"Antivirus", "Enabled", "Up to date"}));
        }

        JsonNode media = doc(sections, "removableMedia");
        h.append("<h2 id=\"media\">Removable media</h2><p>Connected at the last report:</p>");
        h.append(table(media == null ? null : media.get("connected"),
                new String[] {"kind", "vendor", "product", "serial", "capacityBytes", "encrypted"},
                new String[] {"Kind", "Vendor", "Product", "Serial", "Bytes", "Encrypted"}));
        h.append("<p>Recent events:</p><div class=\"scroll\"><table><thead><tr><th scope=\"col\">When</th>")
                .append("<th scope=\"col\">Action</th><th scope=\"col\">Kind</th><th scope=\"col\">Vendor</th>")
                .append("<th scope=\"col\">Product</th><th scope=\"col\">Serial</th></tr></thead><tbody>");
        for (DeviceQueries.MediaEventRow e : events) {
            h.append("<tr><td>").append(when(e.at())).append("</td><td>").append(esc(e.action())).append("</td><td>")
                    .append(esc(e.kind())).append("</td><td>").append(esc(e.vendor())).append("</td><td>")
                    .append(esc(e.product())).append("</td><td>").append(esc(e.serial())).append("</td></tr>");
        }
        if (events.isEmpty()) {
            h.append("<tr><td colspan=\"6\">None recorded.</td></tr>");
        }
        return h.append("</tbody></table></div>").toString();
    }

    private static JsonNode doc(Map<String, byte[]> sections, String name) {
        byte[] gz = sections.get(name);
        return gz == null ? null : Docs.decode(gz, JsonNode.class);
    }

    private static JsonNode json(List<JsonNode> nodes) {
        var arr = io.rollcall.common.wire.WireJson.mapper().createArrayNode();
        nodes.forEach(arr::add);
        return arr;
    }

    /** A table of an array of objects, one column per field; "Not reported yet." when absent. */
    private static String table(JsonNode rows, String[] fields, String[] headings) {
        if (rows == null || !rows.isArray()) {
            return "<p>Not reported yet.</p>";
        }
        if (rows.isEmpty()) {
            return "<p>None.</p>";
        }
        StringBuilder h = new StringBuilder("<div class=\"scroll\"><table><thead><tr>");
        for (String t : headings) {
            h.append("<th scope=\"col\">").append(esc(t)).append("</th>");
        }
        h.append("</tr></thead><tbody>");
        for (JsonNode r : rows) {
            h.append("<tr>");
            for (String f : fields) {
                JsonNode v = r.get(f);
                if (f.equals("name") && (v == null || v.isNull()) && r.has("nameHash")) {
                    h.append("<td>").append(badge("unknown", "personal account (name not collected)")).append("</td>");
                    continue;
                }
                h.append("<td>").append(v == null || v.isNull() ? "" : esc(v.asText())).append("</td>");
            }
            h.append("</tr>");
        }
        return h.append("</tbody></table></div>").toString();
    }

    /** What a finding is about; a software finding links to its catalogue title, or to the review queue. */
    static String subject(FindingQueries.Finding f) {
        if (f.rule() != null && f.rule().startsWith("software.")) {
            if (f.subject() != null && f.subject().matches("[a-z0-9][a-z0-9-]*")) {
                return "<a href=\"/console/software/" + esc(f.subject()) + "\">" + esc(f.subject()) + "</a>";
            }
            if ("software.unapproved".equals(f.rule())) {
                Object titles = f.evidence().get("titles");
                String names = titles instanceof java.util.Collection<?> c
                        ? String.join(", ", c.stream().map(String::valueOf).toList()) : titles == null ? "" : titles.toString();
                return esc(names) + " <a href=\"/console/review\">Review queue</a>";
            }
        }
        return esc(f.subject());
    }
}
