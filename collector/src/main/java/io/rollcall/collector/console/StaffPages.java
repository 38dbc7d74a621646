package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.badge;
import static io.rollcall.collector.console.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.assets.Fields;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.rollcall.collector.people.PeopleService;
import io.rollcall.collector.people.PeopleStore;
import io.rollcall.collector.people.Person;
import io.rollcall.collector.people.StaffCsv;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Staff who borrow kit: the list (search, status, pages of 50), the add form, and the MIS CSV import
 * in two steps. The preview parses the file and runs {@link PeopleService#apply} as a dry run,
 * showing what would change and every bad line; its confirm form carries the same file back
 * (base64 in a hidden field, so not one byte changes, under the session's CSRF token) and applies it.
 * The console takes files up to {@link #MAX_CSV_CHARS} characters; larger ones go through the API.
 */
public final class StaffPages implements ConsoleModule {
    static final int MAX_CSV_CHARS = 1_000_000;
    /** Form body limit: the CSV as base64, URL-encoded, with room to spare. */
    private static final int BODY_LIMIT = 3 * MAX_CSV_CHARS;
    private static final int PAGE = 50;
    private static final int PREVIEW_ROWS = 500;
    private static final Map<String, String> DONE = Map.of("added", "Person added.");

    private final PeopleService people;
    private ConsoleRouter console;

    public StaffPages(PeopleService people) {
        this.people = people;
    }

    @Override
    public void mount(ConsoleRouter console) {
        this.console = console;
        console.nav("Staff", "/console/staff", Role.BUSINESS_MANAGERS);
        console.page("/console/staff", Role.BUSINESS_MANAGERS, this::list);
        console.action("/console/staff", Role.BUSINESS_MANAGERS, this::add);
        console.formPage("/console/staff/import/preview", Role.BUSINESS_MANAGERS, BODY_LIMIT, this::preview);
        console.action("/console/staff/import", Role.BUSINESS_MANAGERS, BODY_LIMIT, this::confirm);
    }

    private String list(RoutingContext ctx, Viewer v) throws Exception {
        String q = Query.text(ctx, "q", 128);
        String status = Query.text(ctx, "status", 16);
        if (status != null && !Person.STATUSES.contains(status)) {
            throw ApiException.badRequest("status: was '" + status + "', must be one of " + Person.STATUSES);
        }
        int offset = Query.integer(ctx, "offset", 0, 0, 10_000_000);
        List<PeopleStore.Listed> rows = people.list(status, null, q, PAGE + 1, offset);
        boolean more = rows.size() > PAGE;
        rows = more ? rows.subList(0, PAGE) : rows;
        String imported = Query.text(ctx, "imported", 64);

        StringBuilder h = new StringBuilder(Form.done(DONE, ctx));
        if (imported != null && imported.matches("\\d{1,6}-\\d{1,6}-\\d{1,6}")) {
            String[] n = imported.split("-");
            h.append(Form.done("Imported: " + n[0] + " added, " + n[1] + " updated, " + n[2] + " unchanged."));
        }
        h.append("<form class=\"filters\" method=\"get\" action=\"/console/staff\" role=\"search\">")
                .append(Form.select("status", "status", "Status", status, "", "Any", "active", "Active", "leaver", "Leaver"))
                .append(Form.input("q", "q", "Name, staff id or e-mail", "search", q, "maxlength=\"128\""))
                .append("<button type=\"submit\">Filter</button></form>")
                .append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Staff id</th>")
                .append("<th scope=\"col\">E-mail</th><th scope=\"col\">Department</th><th scope=\"col\">Status</th>")
                .append("<th scope=\"col\">Holds</th></tr></thead><tbody>");
        for (PeopleStore.Listed p : rows) {
            h.append("<tr><td>").append(esc(p.name())).append("</td><td>").append(esc(p.staffId())).append("</td><td>")
                    .append(esc(p.email())).append("</td><td>").append(esc(p.department())).append("</td><td>")
                    .append(p.status().equals("leaver") ? badge("warn", "leaver" + (p.leftOn() == null ? "" : " " + p.leftOn()))
                            : badge("ok", "active")).append("</td><td>")
                    .append(p.holding() == 0 ? "nothing" : "<a href=\"/console/loans?view=out&amp;person=" + p.id() + "\">"
                            + p.holding() + " items</a>").append("</td></tr>");
        }
        if (rows.isEmpty()) {
            h.append("<tr><td colspan=\"6\">No one matches.</td></tr>");
        }
        String query = (status == null ? "" : "status=" + status) + (q == null ? "" : (status == null ? "" : "&") + "q=" + Html.url(q));
        h.append("</tbody></table></div>").append(Layout.pagerMore("/console/staff", query, offset, PAGE, rows.size(), more));

        h.append("<h2>Add a person</h2>").append(Form.open("/console/staff", "stack", v.csrf()))
                .append(Form.input("new-staffId", "staffId", "Staff id", "text", "", "required maxlength=\"64\""))
                .append(Form.input("new-name", "name", "Full name", "text", "", "required maxlength=\"256\""))
                .append(Form.input("new-email", "email", "E-mail", "email", "", "maxlength=\"320\""))
                .append(Form.input("new-department", "department", "Department", "text", "", "maxlength=\"128\""))
                .append("<button type=\"submit\">Add person</button></form>");

        h.append("<h2>Import the staff list (CSV)</h2><p>Export staff from the MIS as CSV (UTF-8). Columns are matched by ")
                .append("name: Staff Code, First Name and Surname (or Name), Email Address, Dept, Leaving Date. You see what would ")
                .append("change before anything is saved.</p>")
                .append(Form.open("/console/staff/import/preview", "stack", v.csrf()))
                .append("<label for=\"csv-file\">CSV file<input id=\"csv-file\" type=\"file\" accept=\".csv,text/csv\" ")
                .append("data-csv-into=\"csv\"></label>")
                .append(Form.textarea("csv", "csv", "…or paste the CSV here", "", 8, "required spellcheck=\"false\""))
                .append("<button type=\"submit\">Preview the import</button></form>");
        return Layout.page("Staff", v, console.navFor(v.role()), "/console/staff", h.toString());
    }

    private String add(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        JsonNode b = Form.json(form);
        String email = Fields.text(b, "email", 320, false);
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw ApiException.badRequest("email: was '" + email + "', must be an e-mail address");
        }
        people.create(new Person(null, Fields.text(b, "staffId", 64, true), Fields.text(b, "name", 256, true), email,
                Fields.text(b, "department", 128, false), "active", null));
        return "/console/staff?done=added";
    }

    private static String csv(MultiMap form, boolean encoded) {
        String raw = form.get(encoded ? "csvBase64" : "csv");
        if (raw == null || raw.isBlank()) {
            throw ApiException.badRequest("csv: choose a file or paste the CSV");
        }
        String text;
        try {
            text = encoded ? new String(Base64.getDecoder().decode(raw.strip()), StandardCharsets.UTF_8) : raw;
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("csvBase64: is not base64; start the import again");
        }
        if (text.length() > MAX_CSV_CHARS) {
            throw ApiException.badRequest("csv: is " + text.length() + " characters; the console takes up to "
                    + MAX_CSV_CHARS + " (use POST /api/v1/people/import for larger files)");
        }
        return text;
    }

    private String preview(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        String text = csv(form, false);
        StaffCsv.Parsed parsed = StaffCsv.parse(text);
        StringBuilder h = new StringBuilder();
        if (!parsed.ignoredColumns().isEmpty()) {
            h.append("<p>Columns not used: ").append(esc(String.join(", ", parsed.ignoredColumns()))).append(".</p>");
        }
        if (!parsed.errors().isEmpty()) {
            h.append("<p class=\"error\" role=\"alert\">Nothing can be imported until these ").append(parsed.errors().size())
                    .append(" lines are fixed in the file:</p><div class=\"scroll\"><table><thead><tr><th scope=\"col\">Line</th>")
                    .append("<th scope=\"col\">Problem</th></tr></thead><tbody>");
            parsed.errors().stream().limit(PREVIEW_ROWS).forEach(e -> h.append("<tr><td>").append(e.line()).append("</td><td>")
                    .append(esc(e.reason())).append("</td></tr>"));
            h.append("</tbody></table></div>").append(more(parsed.errors().size()))
                    .append("<p><a href=\"/console/staff\">Back to staff</a></p>");
            return Layout.page("Import preview", v, console.navFor(v.role()), "/console/staff", h.toString());
        }
        PeopleService.ImportResult r = people.apply(parsed, true);
        h.append("<p role=\"status\">This file would add <strong>").append(r.created()).append("</strong>, update <strong>")
                .append(r.updated()).append("</strong> and leave <strong>").append(r.unchanged())
                .append("</strong> unchanged. People not in the file are left alone.</p>");
        List<PeopleService.RowOutcome> changes = r.rows().stream().filter(o -> !o.outcome().equals("unchanged")).toList();
        h.append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Line</th><th scope=\"col\">Staff id</th>")
                .append("<th scope=\"col\">Name</th><th scope=\"col\">Change</th></tr></thead><tbody>");
        changes.stream().limit(PREVIEW_ROWS).forEach(o -> h.append("<tr><td>").append(o.line()).append("</td><td>")
                .append(esc(o.staffId())).append("</td><td>").append(esc(o.name())).append("</td><td>")
                .append(badge(o.outcome().equals("created") ? "ok" : "warn", o.outcome().equals("created") ? "add" : "update"))
                .append("</td></tr>"));
        if (changes.isEmpty()) {
            h.append("<tr><td colspan=\"4\">Nothing would change.</td></tr>");
        }
        h.append("</tbody></table></div>").append(more(changes.size()))
                .append(Form.open("/console/staff/import", "stack", v.csrf()))
                .append("<input type=\"hidden\" name=\"csvBase64\" value=\"")
                .append(Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8))).append("\">")
                .append("<button type=\"submit\" id=\"confirm-import\">Import these changes</button></form>")
                .append("<p><a href=\"/console/staff\">Cancel</a></p>");
        return Layout.page("Import preview", v, console.navFor(v.role()), "/console/staff", h.toString());
    }

    private static String more(int total) {
        return total > PREVIEW_ROWS ? "<p>…and " + (total - PREVIEW_ROWS) + " more lines.</p>" : "";
    }

    private String confirm(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        StaffCsv.Parsed parsed = StaffCsv.parse(csv(form, true));
        if (!parsed.errors().isEmpty()) {
            // the preview refused this file; a confirm for it can only be hand-made
            throw ApiException.badRequest("csv: line " + parsed.errors().get(0).line() + ": " + parsed.errors().get(0).reason());
        }
        PeopleService.ImportResult r = people.apply(parsed, false);
        return "/console/staff?imported=" + r.created() + "-" + r.updated() + "-" + r.unchanged();
    }
}
