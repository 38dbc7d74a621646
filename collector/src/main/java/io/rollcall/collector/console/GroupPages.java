package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.esc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollcall.collector.groups.GroupCsv;
import io.rollcall.collector.groups.GroupRule;
import io.rollcall.collector.groups.GroupService;
import io.rollcall.collector.groups.GroupThresholds;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Groups: every role sees them and their members; admins and technicians add a group, set its thresholds, add
 * pattern rules, add devices by host name or id, and import a CSV, through the same {@link GroupService} checks as
 * the API.
 */
public final class GroupPages implements ConsoleModule {
    static final String PATH = "/console/groups";
    private static final Map<String, String> DONE = Map.of("created", "Group added.", "saved", "Group saved; its "
            + "devices re-evaluated.", "rule", "Rule added; members updated.", "ruledel", "Rule removed.",
            "members", "Members added.", "imported", "CSV imported.");
    private final GroupService groups;
    private ConsoleRouter console;

    public GroupPages(GroupService groups) {
        this.groups = groups;
    }

    @Override
    public void mount(ConsoleRouter console) {
        this.console = console;
        console.nav("Groups", PATH, Role.READERS);
        console.page(PATH, Role.READERS, this::list);
        console.action(PATH, Role.TECHNICIANS, this::create);
        console.action(PATH + "/import", Role.TECHNICIANS, 2 * 1024 * 1024, this::importCsv);
        console.page(PATH + "/:id", Role.READERS, this::detail);
        console.action(PATH + "/:id", Role.TECHNICIANS, this::save);
        console.action(PATH + "/:id/rules", Role.TECHNICIANS, this::addRule);
        console.action(PATH + "/:id/rules/:rule/delete", Role.TECHNICIANS, this::deleteRule);
        console.action(PATH + "/:id/members", Role.TECHNICIANS, this::addMembers);
    }

    private String list(RoutingContext ctx, Viewer v) throws Exception {
        StringBuilder h = new StringBuilder(Form.done(DONE, ctx));
        h.append("<p>Lists, the compliance summary, findings and exports filter by group (<code>group=</code>). "
                + "A group's thresholds replace the school's for its devices; in two groups, the stricter wins.</p>");
        h.append("<table><thead><tr><th scope=\"col\">Group</th><th scope=\"col\">Devices</th><th scope=\"col\">Assets"
                + "</th><th scope=\"col\">Thresholds</th><th scope=\"col\">Rules</th></tr></thead><tbody>");
        for (GroupService.Group g : groups.list()) {
            h.append("<tr><td><a href=\"").append(PATH).append('/').append(g.id()).append("\">").append(esc(g.name()))
                    .append("</a></td><td><a href=\"/console/devices?group=").append(Html.url(g.name())).append("\">")
                    .append(g.devices()).append("</a></td><td>").append(g.assets()).append("</td><td>")
                    .append(esc(thresholds(g.overrides()))).append("</td><td>").append(g.rules().size()).append("</td></tr>");
        }
        h.append("</tbody></table>");
        if (v.role() == Role.ADMIN || v.role() == Role.TECHNICIAN) {
            h.append("<h2>Add a group</h2>").append(Form.open(PATH, "stack", v.csrf()))
                    .append(Form.input("group-name", "name", "Name", "text", "", "required maxlength=\"128\""))
                    .append(Form.input("group-description", "description", "Description", "text", "", "maxlength=\"512\""))
                    .append(overrideInputs(GroupThresholds.NONE))
                    .append("<button type=\"submit\">Add group</button></form>");
            h.append("<h2>Import membership (CSV)</h2><p>Columns: <code>group</code> and one of <code>hostname</code>, "
                    + "<code>serial</code>, <code>device</code> (id), <code>asset</code> (tag). Missing groups are added.</p>")
                    .append(Form.open(PATH + "/import", "stack", v.csrf()))
                    .append(Form.textarea("group-csv", "csv", "CSV", "group,hostname\n", 6, "required"))
                    .append("<button type=\"submit\">Import</button></form>");
        }
        return Layout.page("Groups", v, console.navFor(v.role()), PATH, h.toString());
    }

    private String detail(RoutingContext ctx, Viewer v) throws Exception {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        GroupService.Group g = groups.get(id);
        boolean edit = v.role() == Role.ADMIN || v.role() == Role.TECHNICIAN;
        StringBuilder h = new StringBuilder(Form.done(DONE, ctx));
        h.append("<p>").append(esc(g.description() == null ? "" : g.description())).append("</p><p>Thresholds: ")
                .append(esc(thresholds(g.overrides()))).append(". <a href=\"/console/termly-pack?group=")
                .append(Html.url(g.name())).append("\">Termly pack for this group</a></p>");
        if (edit) {
            h.append(Form.open(PATH + "/" + id, "stack", v.csrf()))
                    .append(Form.input("group-name", "name", "Name", "text", g.name(), "required maxlength=\"128\""))
                    .append(Form.input("group-description", "description", "Description", "text",
                            g.description() == null ? "" : g.description(), "maxlength=\"512\""))
                    .append(overrideInputs(g.overrides())).append("<button type=\"submit\">Save</button></form>");
        }
        h.append("<h2>Rules</h2><ul>");
        for (GroupRule r : g.rules()) {
            h.append("<li><code>").append(esc(r.field())).append("</code> matches <code>").append(esc(r.pattern()))
                    .append("</code>");
            if (edit) {
                h.append(Form.open(PATH + "/" + id + "/rules/" + r.id() + "/delete", "inline", v.csrf()))
                        .append("<button type=\"submit\" class=\"danger\" aria-label=\"Remove rule ")
                        .append(esc(r.pattern())).append("\">Remove</button></form>");
            }
            h.append("</li>");
        }
        h.append("</ul>");
        if (edit) {
            h.append(Form.open(PATH + "/" + id + "/rules", "stack", v.csrf()))
                    .append(Form.select("rule-field", "field", "Field", "hostname", "hostname", "Host name", "serial",
                            "Serial number", "tag", "Asset tag", "model", "Asset model"))
                    .append(Form.input("rule-pattern", "pattern", "Pattern (RE2, whole value, any case; e.g. PRES-.*)",
                            "text", "", "required maxlength=\"512\"")).append("<button type=\"submit\">Add rule</button></form>")
                    .append("<h2>Add devices</h2>").append(Form.open(PATH + "/" + id + "/members", "stack", v.csrf()))
                    .append(Form.textarea("member-hosts", "hosts", "Host names or device ids, one a line", "", 4, "required"))
                    .append("<button type=\"submit\">Add</button></form>");
        }
        h.append("<h2>Devices</h2><table><thead><tr><th scope=\"col\">Host name</th><th scope=\"col\">Serial</th>"
                + "<th scope=\"col\">Compliant</th><th scope=\"col\">Member by</th></tr></thead><tbody>");
        for (var d : groups.devices(id, 1000)) {
            h.append("<tr><td>").append(esc(d.hostname())).append("</td><td>").append(esc(d.serial())).append("</td><td>")
                    .append(d.compliant() == null ? "not yet known" : d.compliant() ? "yes" : "no").append("</td><td>")
                    .append(esc(String.join(", ", d.sources()))).append("</td></tr>");
        }
        h.append("</tbody></table><h2>Assets</h2><ul>");
        groups.assets(id, 1000).forEach(a -> h.append("<li>").append(esc(a.tag())).append(" ").append(esc(a.type()))
                .append(" ").append(esc(a.model())).append(" (").append(esc(String.join(", ", a.sources()))).append(")</li>"));
        h.append("</ul>");
        return Layout.page("Group " + g.name(), v, console.navFor(v.role()), PATH, h.toString());
    }

    private String create(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        GroupService.Group g = groups.create(form.get("name"), blank(form.get("description")), overrides(form));
        return PATH + "/" + g.id() + "?done=created";
    }

    private String save(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        groups.update(id, form.get("name"), blank(form.get("description")), overrides(form));
        return PATH + "/" + id + "?done=saved";
    }

    private String addRule(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        groups.addRule(id, form.get("field"), form.get("pattern"));
        return PATH + "/" + id + "?done=rule";
    }

    private String deleteRule(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        groups.deleteRule(id, Query.uuid("rule", ctx.pathParam("rule")));
        return PATH + "/" + id + "?done=ruledel";
    }

    private String addMembers(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        StringBuilder csv = new StringBuilder("group,device,hostname\n");
        String name = groups.get(id).name();
        for (String line : form.get("hosts") == null ? new String[0] : form.get("hosts").split("\\R")) {
            String s = line.strip();
            if (s.isEmpty()) {
                continue;
            }
            boolean isId = s.matches("[0-9a-fA-F-]{36}");
            csv.append('"').append(name.replace("\"", "\"\"")).append("\",").append(isId ? s : "").append(',')
                    .append(isId ? "" : "\"" + s.replace("\"", "\"\"") + "\"").append('\n');
        }
        apply(csv.toString());
        return PATH + "/" + id + "?done=members";
    }

    private String importCsv(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        apply(form.get("csv") == null ? "" : form.get("csv"));
        return PATH + "?done=imported";
    }

    private void apply(String csv) throws Exception {
        GroupCsv.Result r = GroupCsv.apply(groups, csv);
        if (!r.errors().isEmpty()) {
            List<String> lines = new ArrayList<>();
            r.errors().forEach(e -> lines.add("line " + e.line() + ": " + e.reason()));
            throw ApiException.badRequest("nothing applied; " + String.join("; ", lines));
        }
    }

    private static String overrideInputs(GroupThresholds o) {
        return "<fieldset><legend>Thresholds for this group (blank: the school's)</legend>"
                + Form.input("ov-idle", "screenLockMaxIdleMinutes", "Screen lock after at most (minutes)", "number",
                        o.screenLockMaxIdleSeconds() == null ? "" : minutes(o.screenLockMaxIdleSeconds()), "min=\"0\" step=\"any\"")
                + Form.input("ov-idle-mac", "screenLockMaxIdleMinutesMac", "macOS: screen lock after at most (minutes)",
                        "number", o.screenLockMaxIdleSecondsMac() == null ? "" : minutes(o.screenLockMaxIdleSecondsMac()),
                        "min=\"0\" step=\"any\"")
                + Form.input("ov-grace", "screenLockMaxGraceSeconds", "Password asked within (seconds)", "number",
                        o.screenLockMaxGraceSeconds() == null ? "" : String.valueOf(o.screenLockMaxGraceSeconds()), "min=\"0\"")
                + Form.input("ov-os", "osUpdateMaxDays", "Security updates within (days)", "number",
                        o.osUpdateMaxDays() == null ? "" : String.valueOf(o.osUpdateMaxDays()), "min=\"1\"")
                + "</fieldset>";
    }

    private static String minutes(int seconds) {
        return seconds % 60 == 0 ? String.valueOf(seconds / 60) : String.valueOf(seconds / 60.0);
    }

    /** The form's thresholds through the API's reader, so both refuse the same values with the same messages. */
    private static GroupThresholds overrides(MultiMap form) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (String f : List.of("screenLockMaxIdleMinutes", "screenLockMaxIdleMinutesMac", "screenLockMaxGraceSeconds",
                "osUpdateMaxDays")) {
            String s = form.get(f);
            if (s != null && !s.isBlank()) {
                try {
                    o.put(f, Double.parseDouble(s.strip()));
                } catch (NumberFormatException e) {
                    throw ApiException.badRequest("overrides." + f + ": was \"" + s + "\", must be a number");
                }
            }
        }
        return io.rollcall.collector.groups.GroupHandlers.readOverrides(o);
    }

    private static String thresholds(GroupThresholds o) {
        if (!o.any()) {
            return "the school's";
        }
        List<String> parts = new ArrayList<>();
        if (o.screenLockMaxIdleSeconds() != null) {
            parts.add("lock after " + minutes(o.screenLockMaxIdleSeconds()) + " min");
        }
        if (o.screenLockMaxIdleSecondsMac() != null) {
            parts.add("macOS lock after " + minutes(o.screenLockMaxIdleSecondsMac()) + " min");
        }
        if (o.screenLockMaxGraceSeconds() != null) {
            parts.add("grace " + o.screenLockMaxGraceSeconds() + " s");
        }
        if (o.osUpdateMaxDays() != null) {
            parts.add("updates within " + o.osUpdateMaxDays() + " days");
        }
        return String.join(", ", parts);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
