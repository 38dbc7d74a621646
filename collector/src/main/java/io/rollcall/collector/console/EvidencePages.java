package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.esc;

import io.rollcall.collector.evidence.ControlCatalogue;
import io.rollcall.collector.evidence.EvidenceMapping;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.Role;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;

/**
 * Evidence by control: the source documents with their editions, the controls, and which rule or report field
 * evidences each (every role reads it). An admin changes one subject's controls and note, or resets it to what the
 * collector ships; the same {@link EvidenceMapping} checks as the API, and console actions are audited.
 */
public final class EvidencePages implements ConsoleModule {
    static final String PATH = "/console/evidence";
    private static final Map<String, String> DONE = Map.of("edited", "Mapping saved.",
            "reset", "Mapping reset to what Rollcall ships.");
    private final EvidenceMapping mapping;
    private ConsoleRouter console;

    public EvidencePages(EvidenceMapping mapping) {
        this.mapping = mapping;
    }

    @Override
    public void mount(ConsoleRouter console) {
        this.console = console;
        console.nav("Evidence by control", PATH, Role.READERS);
        console.page(PATH, Role.READERS, this::render);
        console.page(PATH + "/edit", Role.ADMIN_ONLY, this::editForm);
        console.action(PATH + "/edit", Role.ADMIN_ONLY, this::edit);
        console.action(PATH + "/reset", Role.ADMIN_ONLY, this::reset);
    }

    private String render(RoutingContext ctx, Viewer v) throws Exception {
        ControlCatalogue cat = mapping.catalogue();
        StringBuilder h = new StringBuilder(Form.done(DONE, ctx));
        h.append("<h2>Sources</h2><ul>");
        for (ControlCatalogue.Source s : cat.sources()) {
            h.append("<li>").append(esc(s.publisher())).append(", <cite>").append(esc(s.title())).append("</cite>, ")
                    .append(esc(s.edition())).append(s.verified() ? "" : " <span class=\"badge\">not verified</span> ")
                    .append("<span class=\"muted\">").append(esc(s.note())).append("</span></li>");
        }
        h.append("</ul><h2>Controls</h2><div class=\"scroll\"><table><thead><tr><th scope=\"col\">Control</th>")
                .append("<th scope=\"col\">What it asks</th><th scope=\"col\">Evidenced by</th></tr></thead><tbody>");
        var entries = mapping.entries();
        for (ControlCatalogue.Control c : cat.controls()) {
            StringBuilder by = new StringBuilder();
            entries.stream().filter(e -> e.controls().contains(c.id()))
                    .forEach(e -> by.append(by.isEmpty() ? "" : ", ").append("<code>").append(esc(e.subject())).append("</code>"));
            h.append("<tr id=\"").append(esc(c.id())).append("\"><td>").append(esc(c.name())).append("<br><code>")
                    .append(esc(c.id())).append("</code></td><td>").append(esc(c.text())).append("</td><td>")
                    .append(by.isEmpty() ? "not evidenced by device data" : by).append("</td></tr>");
        }
        h.append("</tbody></table></div><h2>Mapping</h2><div class=\"scroll\"><table><thead><tr>")
                .append("<th scope=\"col\">Rule or field</th><th scope=\"col\">Controls</th><th scope=\"col\">Note</th>")
                .append(v.role() == Role.ADMIN ? "<th scope=\"col\"><span class=\"sr-only\">Actions</span></th>" : "")
                .append("</tr></thead><tbody>");
        for (EvidenceMapping.Entry e : entries) {
            h.append("<tr data-subject=\"").append(esc(e.subject())).append("\"><td><code>").append(esc(e.subject()))
                    .append("</code>").append(e.edited() ? " " + Html.badge("warn", "edited") : "").append("</td><td>")
                    .append(esc(String.join(", ", e.controls()))).append("</td><td>").append(esc(e.note())).append("</td>");
            if (v.role() == Role.ADMIN) {
                h.append("<td><a href=\"").append(PATH).append("/edit?subject=").append(Html.url(e.subject()))
                        .append("\" aria-label=\"Edit ").append(esc(e.subject())).append("\">Edit</a>");
                if (e.edited()) {
                    h.append(Form.open(PATH + "/reset", "inline", v.csrf()))
                            .append("<input type=\"hidden\" name=\"subject\" value=\"").append(esc(e.subject())).append("\">")
                            .append("<button type=\"submit\" aria-label=\"Reset ").append(esc(e.subject()))
                            .append(" to shipped\">Reset</button></form>");
                }
                h.append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</tbody></table></div>");
        return Layout.page("Evidence by control", v, console.navFor(v.role()), PATH, h.toString());
    }

    private String editForm(RoutingContext ctx, Viewer v) throws Exception {
        String subject = ctx.request().getParam("subject");
        if (subject == null) {
            throw ApiException.badRequest("subject: is required");
        }
        EvidenceMapping.Entry e = mapping.entry(subject);
        Set<String> on = Set.copyOf(e.controls());
        StringBuilder h = new StringBuilder("<p>What <code>").append(esc(subject)).append("</code> evidences.")
                .append(e.edited() ? " Rollcall ships: " + esc(String.join(", ", e.shipped())) + "." : "").append("</p>");
        h.append(Form.open(PATH + "/edit", "stack", v.csrf()))
                .append("<input type=\"hidden\" name=\"subject\" value=\"").append(esc(subject)).append("\">")
                .append("<fieldset><legend>Controls</legend>");
        int i = 0;
        for (ControlCatalogue.Control c : mapping.catalogue().controls()) {
            String id = "control-" + i++;
            h.append("<label for=\"").append(id).append("\"><input type=\"checkbox\" id=\"").append(id)
                    .append("\" name=\"controls\" value=\"").append(esc(c.id())).append('"')
                    .append(on.contains(c.id()) ? " checked" : "").append("> ").append(esc(c.name())).append(" <code>")
                    .append(esc(c.id())).append("</code></label>");
        }
        h.append("</fieldset>").append(Form.textarea("mapping-note", "note", "Note", e.note() == null ? "" : e.note(), 3,
                "maxlength=\"" + ControlCatalogue.MAX_NOTE + "\"")).append("<button type=\"submit\">Save</button></form>");
        return Layout.page("Edit evidence mapping", v, console.navFor(v.role()), PATH, h.toString());
    }

    private String edit(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        mapping.edit(form.get("subject"), form.getAll("controls"), form.get("note"), v.principal().id());
        return PATH + "?done=edited";
    }

    private String reset(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        mapping.reset(form.get("subject"));
        return PATH + "?done=reset";
    }
}
