package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.esc;

import io.rollcall.collector.http.Role;
import io.rollcall.collector.sets.SetService;
import io.rollcall.collector.sets.SetStore;
import io.vertx.ext.web.RoutingContext;

/**
 * Label printing: a form that asks the API ({@code GET /api/v1/labels.pdf}) for a sheet of labels for typed or
 * scanned tags, or for every asset of a set. The layout is A4, 3 × 7 labels of 63.5 × 38.1 mm.
 */
public final class LabelPages implements ConsoleModule {
    private final SetService sets;
    private ConsoleRouter console;

    public LabelPages(SetService sets) {
        this.sets = sets;
    }

    @Override
    public void mount(ConsoleRouter console) {
        this.console = console;
        console.nav("Labels", "/console/labels", Role.BUSINESS_MANAGERS);
        console.page("/console/labels", Role.BUSINESS_MANAGERS, this::page);
    }

    private String page(RoutingContext ctx, Viewer v) throws Exception {
        StringBuilder h = new StringBuilder("<p>Labels print on A4 sheets of 21 (3 across, 7 down, 63.5 × 38.1 mm,"
                + " such as Avery L7160). Each carries the tag as text, a QR code and a Code 128 barcode that desk"
                + " scanners read. Print at 100% (no “fit to page”).</p>");
        h.append("<form method=\"get\" action=\"/api/v1/labels.pdf\" class=\"stack\">")
                .append(Form.textarea("tags", "tags", "Asset tags (scan or type, one per line)", "", 6, ""));
        String[] options = new String[2];
        java.util.List<String> opts = new java.util.ArrayList<>(java.util.List.of("", "No set"));
        for (SetStore.Listed s : sets.list(500, 0)) {
            opts.add(s.set().id().toString());
            opts.add(s.set().name() + " (" + s.members() + ")");
        }
        h.append(Form.select("set", "set", "…and/or every asset of a set", "", opts.toArray(options)))
                .append(Form.input("skip", "skip", "Labels already used on the first sheet", "number", "0",
                        "min=\"0\" max=\"20\""))
                .append("<button type=\"submit\">Make the label sheet (PDF)</button></form>")
                .append("<p class=\"muted\">").append(esc("Unknown tags are named and nothing is printed.")).append("</p>");
        return Layout.page("Print labels", v, console.navFor(v.role()), "/console/labels", h.toString());
    }
}
