package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.esc;
import static io.rollcall.collector.console.Html.when;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.findings.Rule;
import io.rollcall.collector.findings.RuleSettings;
import io.rollcall.collector.findings.Severity;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.rollcall.collector.policy.PolicyDocument;
import io.rollcall.collector.policy.PolicyHandlers;
import io.rollcall.collector.policy.PolicyStore;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Policy settings for technicians: one form with every rule's switch, severity and policy reference,
 * the thresholds and the compliance levels, and the version history. A submitted form becomes a
 * {@link Policy} checked whole by the same code as {@code PUT /api/v1/policy}; when anything is wrong
 * the form comes back (400) with each error next to its field and nothing is applied.
 */
public final class PolicyPage implements ConsoleModule {
    static final String PATH = "/console/policy";
    static final int PAGE = 50;
    /** Threshold fields in form order, with their labels. */
    private static final Map<String, String> THRESHOLDS = new LinkedHashMap<>();

    static {
        THRESHOLDS.put(PolicyDocument.MINUTES, "Screen must lock after this many idle minutes (Windows, Linux)");
        THRESHOLDS.put(PolicyDocument.MINUTES_MAC, "Screen must lock after this many idle minutes (macOS)");
        THRESHOLDS.put("screenLockMaxGraceSeconds", "Longest grace before the password is asked, seconds");
        THRESHOLDS.put("staleDays", "Days without a report before a device is stale");
        THRESHOLDS.put("staleDaysOnLoan", "The same for a device on loan, days");
        THRESHOLDS.put("mediaWindowDays", "Days a connected USB medium still counts");
        THRESHOLDS.put("osUpdateMaxDays", "Longest time since the last OS security update, days");
    }

    private static final java.util.regex.Pattern MINUTES_TEXT = java.util.regex.Pattern.compile("-?\\d{1,9}(\\.\\d{1,6})?");
    /** The Policy's seconds field each minutes field of the form stands for. */
    private static final Map<String, String> SECONDS_OF = Map.of(PolicyDocument.MINUTES, "screenLockMaxIdleSeconds",
            PolicyDocument.MINUTES_MAC, "screenLockMaxIdleSecondsMac");

    private final PolicyHandlers policy;
    private ConsoleRouter console;

    public PolicyPage(PolicyHandlers policy) {
        this.policy = policy;
    }

    @Override
    public void mount(ConsoleRouter console) {
        this.console = console;
        console.nav("Policy settings", PATH, Role.TECHNICIANS);
        console.page(PATH, Role.TECHNICIANS, this::show);
        console.formPage(PATH, Role.TECHNICIANS, 64 * 1024, this::save);
    }

    private String show(RoutingContext ctx, Viewer v) throws Exception {
        PolicyStore.Snapshot s = policy.store().snapshot();
        Map<String, String> values = values(s.policy());
        String notice = "saved".equals(Query.text(ctx, "done", 16))
                ? Form.done("Saved as version " + s.version() + "; every device has been re-evaluated.") : "";
        return page(ctx, v, s, values::get, Map.of(), List.of(), notice);
    }

    /** The form's values for the policy in force. */
    private Map<String, String> values(Policy p) {
        Map<String, String> m = new HashMap<>();
        for (Rule r : policy.engine().rules()) {
            RuleSettings rs = p.rule(r.id());
            m.put("enabled." + r.id(), rs.enabled() ? "on" : null);
            m.put("severity." + r.id(), rs.severity() == null ? "" : rs.severity().wireName());
            m.put("policyRef." + r.id(), rs.policyRef() != null ? rs.policyRef() : r.defaultPolicyRef());
        }
        // the school's policy speaks of minutes; the document gives whole minutes, or two places when not whole
        Map<String, Object> doc = PolicyDocument.render(p);
        m.put(PolicyDocument.MINUTES, String.valueOf(doc.get(PolicyDocument.MINUTES)));
        m.put(PolicyDocument.MINUTES_MAC, String.valueOf(doc.get(PolicyDocument.MINUTES_MAC)));
        m.put("screenLockMaxGraceSeconds", String.valueOf(p.screenLockMaxGraceSeconds()));
        m.put("staleDays", String.valueOf(p.staleDays()));
        m.put("staleDaysOnLoan", String.valueOf(p.staleDaysOnLoan()));
        m.put("mediaWindowDays", String.valueOf(p.mediaWindowDays()));
        m.put("osUpdateMaxDays", String.valueOf(p.osUpdateMaxDays()));
        m.put("complianceSeverity", p.complianceSeverity().wireName());
        m.put("unknownSeverity", p.unknownSeverity().wireName());
        return m;
    }

    private String save(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, RuleSettings> rules = new HashMap<>();
        for (Rule r : policy.engine().rules()) {
            Severity sev = severity(errors, "severity." + r.id(), form.get("severity." + r.id()), true);
            String ref = form.get("policyRef." + r.id());
            // the rule's own clause left as shown is "the default", so a later change of default still applies
            ref = ref == null || ref.isBlank() || ref.strip().equals(r.defaultPolicyRef()) ? null : ref.strip();
            rules.put(r.id(), new RuleSettings(form.contains("enabled." + r.id()), sev, ref));
        }
        Map<String, Integer> n = new HashMap<>();
        for (String field : THRESHOLDS.keySet()) {
            if (SECONDS_OF.containsKey(field)) {
                n.put(SECONDS_OF.get(field), seconds(errors, field, form.get(field)));
            } else {
                n.put(field, integer(errors, field, form.get(field)));
            }
        }
        Severity compliance = severity(errors, "complianceSeverity", form.get("complianceSeverity"), false);
        Severity unknown = severity(errors, "unknownSeverity", form.get("unknownSeverity"), false);
        Policy p = new Policy(rules, n.get("screenLockMaxIdleSeconds"), n.get("screenLockMaxIdleSecondsMac"),
                n.get("screenLockMaxGraceSeconds"), n.get("staleDays"), n.get("staleDaysOnLoan"), n.get("mediaWindowDays"),
                compliance, unknown, null, n.get("osUpdateMaxDays"));
        List<String> general = new ArrayList<>();
        for (String problem : policy.problems(p)) {
            String field = fieldOf(problem);
            if (field != null && !errors.containsKey(field)) {
                errors.put(field, problem);
            } else if (field == null) {
                general.add(problem);
            }
        }
        if (!errors.isEmpty() || !general.isEmpty()) {
            ctx.response().setStatusCode(400);
            return page(ctx, v, policy.store().snapshot(), form::get, errors, general, "");
        }
        policy.apply(p, v.principal().id());
        ctx.response().setStatusCode(303).putHeader("Location", PATH + "?done=saved");
        return "";
    }

    /** The form field a problem message from {@link Policy#problems()} names, or null. */
    private String fieldOf(String problem) {
        for (var e : SECONDS_OF.entrySet()) {
            if (problem.startsWith(e.getValue() + " ")) {
                return e.getKey();
            }
        }
        for (String f : THRESHOLDS.keySet()) {
            if (problem.startsWith(f + " ")) {
                return f;
            }
        }
        for (Rule r : policy.engine().rules()) {
            if (problem.startsWith("rules." + r.id() + ".policyRef")) {
                return "policyRef." + r.id();
            }
        }
        return null;
    }

    /**
     * A minutes field as the Policy's seconds, converted and range-checked by {@link PolicyDocument#read} as for
     * {@code PUT /api/v1/policy}, so the form and the API accept the same minutes and name the same field.
     */
    private static Integer seconds(Map<String, String> errors, String field, String v) {
        if (v == null || v.isBlank()) {
            errors.put(field, field + " is required: a number of minutes");
            return null;
        }
        // plain decimals only: an exponent such as 1e999999999 would be a billion digits once written out
        if (!MINUTES_TEXT.matcher(v.strip()).matches()) {
            errors.put(field, field + " was '" + clip(v) + "', must be a number of minutes such as 15 or 7.5");
            return null;
        }
        java.math.BigDecimal minutes = new java.math.BigDecimal(v.strip());
        ObjectNode doc = JsonNodeFactory.instance.objectNode().put(field, minutes);
        List<String> problems = new ArrayList<>();
        Policy p = PolicyDocument.read(doc, problems);
        if (!problems.isEmpty()) {
            errors.put(field, problems.get(0));
            return null;
        }
        return field.equals(PolicyDocument.MINUTES) ? p.screenLockMaxIdleSeconds() : p.screenLockMaxIdleSecondsMac();
    }

    private static Integer integer(Map<String, String> errors, String field, String v) {
        if (v == null || v.isBlank()) {
            errors.put(field, field + " is required: a whole number");
            return null;
        }
        try {
            return Integer.valueOf(v.strip());
        } catch (NumberFormatException e) {
            errors.put(field, field + " was '" + clip(v) + "', must be a whole number");
            return null;
        }
    }

    private static Severity severity(Map<String, String> errors, String field, String v, boolean blankIsDefault) {
        if (v == null || v.isBlank()) {
            if (!blankIsDefault) {
                errors.put(field, field + " is required: info, low, medium, high or critical");
            }
            return null;
        }
        try {
            return Severity.parse(v);
        } catch (IllegalArgumentException e) {
            errors.put(field, field + " was '" + clip(v) + "', must be info, low, medium, high or critical");
            return null;
        }
    }

    private static String clip(String s) {
        return s.length() > 32 ? s.substring(0, 32) + "…" : s;
    }

    private String page(RoutingContext ctx, Viewer v, PolicyStore.Snapshot s, Function<String, String> values,
                        Map<String, String> errors, List<String> general, String notice) throws Exception {
        List<PolicyStore.VersionRow> history = policy.store().history();
        int offset = Query.integer(ctx, "offset", 0, 0, 10_000_000);
        List<PolicyStore.VersionRow> shown = history.subList(Math.min(offset, history.size()),
                Math.min(history.size(), offset + PAGE));
        List<String> ids = new ArrayList<>(shown.stream().map(PolicyStore.VersionRow::changedBy).toList());
        ids.add(s.changedBy());
        Actors.Names names = console.actors().names(ids);
        StringBuilder h = new StringBuilder(notice);
        h.append("<p>Version in force: <strong>").append(s.version() == 0 ? "defaults" : String.valueOf(s.version()))
                .append("</strong>").append(s.changedBy() == null ? "" : ", by " + esc(names.of(s.changedBy())) + " on " + when(s.changedAt()))
                .append(". Saving re-evaluates every device at once.</p>");
        if (!errors.isEmpty() || !general.isEmpty()) {
            h.append("<div class=\"message\" role=\"alert\" id=\"policy-errors\"><p class=\"error\">Nothing was saved: ")
                    .append(errors.size() + general.size()).append(" field(s) need correcting.</p><ul>");
            errors.forEach((f, m) -> h.append("<li><a href=\"#").append(esc(f)).append("\">").append(esc(m)).append("</a></li>"));
            general.forEach(m -> h.append("<li>").append(esc(m)).append("</li>"));
            h.append("</ul></div>");
        }
        h.append("<form method=\"post\" action=\"").append(PATH).append("\" class=\"policy\">").append(Html.csrfField(v.csrf()));
        h.append("<h2>Rules</h2><div class=\"scroll\"><table class=\"rules\"><thead><tr><th scope=\"col\">Rule</th>")
                .append("<th scope=\"col\">On</th><th scope=\"col\">Severity</th><th scope=\"col\">Policy reference cited</th>")
                .append("</tr></thead><tbody>");
        for (Rule r : policy.engine().rules()) {
            String id = r.id();
            h.append("<tr><th scope=\"row\"><code>").append(esc(id)).append("</code></th><td>")
                    .append("<label for=\"enabled.").append(esc(id)).append("\"><span class=\"sr-only\">")
                    .append(esc(id)).append(" on</span><input type=\"checkbox\" id=\"enabled.").append(esc(id))
                    .append("\" name=\"enabled.").append(esc(id)).append('"')
                    .append(values.apply("enabled." + id) != null ? " checked" : "").append("></label></td><td>")
                    .append(severitySelect("severity." + id, id + " severity", values.apply("severity." + id), true,
                            "default: " + r.defaultSeverity().wireName(), errors))
                    .append("</td><td>").append(text("policyRef." + id, id + " policy reference",
                            values.apply("policyRef." + id), "maxlength=\"" + Policy.MAX_POLICY_REF_LENGTH + "\"", errors))
                    .append("</td></tr>");
        }
        h.append("</tbody></table></div><h2>Thresholds</h2><div class=\"stack-fields\">");
        for (var e : THRESHOLDS.entrySet()) {
            // minutes may have a fraction (a limit in seconds that is not whole minutes shows as e.g. 7.5)
            String step = SECONDS_OF.containsKey(e.getKey()) ? "step=\"any\" min=\"0\" " : "";
            h.append("<div>").append(Form.input(e.getKey(), e.getKey(), e.getValue(), "number", values.apply(e.getKey()),
                    invalid(e.getKey(), errors) + step + "required")).append(error(e.getKey(), errors)).append("</div>");
        }
        h.append("<div>").append(severitySelect("complianceSeverity", "Lowest failing severity that makes a device "
                        + "non-compliant", values.apply("complianceSeverity"), false, null, errors)).append("</div>")
                .append("<div>").append(severitySelect("unknownSeverity", "Severity of \"cannot verify\" findings",
                        values.apply("unknownSeverity"), false, null, errors)).append("</div>")
                .append("</div><p><button type=\"submit\" id=\"save-policy\">Save as a new version</button></p></form>");

        h.append("<h2 id=\"versions\">Version history</h2><div class=\"scroll\"><table><thead><tr><th scope=\"col\">Version</th>")
                .append("<th scope=\"col\">Changed by</th><th scope=\"col\">When</th></tr></thead><tbody>");
        for (PolicyStore.VersionRow r : shown) {
            h.append("<tr><td>").append(r.version()).append("</td><td>").append(esc(names.of(r.changedBy()))).append("</td><td>")
                    .append(when(r.changedAt())).append("</td></tr>");
        }
        if (history.isEmpty()) {
            h.append("<tr><td colspan=\"3\">Never changed: the shipped defaults are in force.</td></tr>");
        }
        h.append("</tbody></table></div>").append(Layout.pager(PATH, "", history.size(), PAGE, offset));
        return Layout.page("Policy settings", v, console.navFor(v.role()), PATH, h.toString());
    }

    private static String invalid(String field, Map<String, String> errors) {
        return errors.containsKey(field)
                ? "aria-invalid=\"true\" aria-describedby=\"err-" + esc(field) + "\" " : "";
    }

    private static String error(String field, Map<String, String> errors) {
        String m = errors.get(field);
        return m == null ? "" : "<p class=\"field-error\" id=\"err-" + esc(field) + "\">" + esc(m) + "</p>";
    }

    private static String text(String field, String label, String value, String attrs, Map<String, String> errors) {
        return "<label for=\"" + esc(field) + "\"><span class=\"sr-only\">" + esc(label) + "</span><input type=\"text\" id=\""
                + esc(field) + "\" name=\"" + esc(field) + "\" value=\"" + esc(value) + "\" " + invalid(field, errors)
                + attrs + "></label>" + error(field, errors);
    }

    private static String severitySelect(String field, String label, String selected, boolean hiddenLabel,
                                         String defaultText, Map<String, String> errors) {
        StringBuilder h = new StringBuilder("<label for=\"").append(esc(field)).append("\">")
                .append(hiddenLabel ? "<span class=\"sr-only\">" + esc(label) + "</span>" : esc(label))
                .append("<select id=\"").append(esc(field)).append("\" name=\"").append(esc(field)).append("\" ")
                .append(invalid(field, errors)).append('>');
        if (defaultText != null) {
            h.append("<option value=\"\"").append(selected == null || selected.isEmpty() ? " selected" : "").append('>')
                    .append(esc(defaultText)).append("</option>");
        }
        for (Severity s : Severity.values()) {
            h.append("<option value=\"").append(s.wireName()).append('"')
                    .append(s.wireName().equals(selected) ? " selected" : "").append('>').append(s.wireName()).append("</option>");
        }
        return h.append("</select></label>").append(error(field, errors)).toString();
    }
}
