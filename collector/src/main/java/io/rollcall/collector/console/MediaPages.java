package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.esc;
import static io.rollcall.collector.console.Html.when;

import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.rollcall.collector.media.MediaHandlers;
import io.rollcall.collector.media.MediaStore;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * Approved removable media for technicians: the list, the add form (serial and/or USB vendor and
 * product id, description) and a remove button on each row. Both go through {@link MediaHandlers}'
 * checks and re-evaluation, so {@code media.unapproved} clears or reopens before the page returns.
 */
public final class MediaPages implements ConsoleModule {
    static final int PAGE = 50;
    static final String PATH = "/console/media";
    private static final Map<String, String> DONE = Map.of("added", "Medium approved; affected devices re-evaluated.",
            "removed", "Approval removed; affected devices re-evaluated.");

    private final MediaHandlers media;
    private ConsoleRouter console;

    public MediaPages(MediaHandlers media) {
        this.media = media;
    }

    @Override
    public void mount(ConsoleRouter console) {
        this.console = console;
        console.nav("Approved media", PATH, Role.TECHNICIANS);
        console.page(PATH, Role.TECHNICIANS, this::list);
        console.action(PATH, Role.TECHNICIANS, this::add);
        console.action(PATH + "/:id/remove", Role.TECHNICIANS, this::remove);
    }

    private String list(RoutingContext ctx, Viewer v) throws Exception {
        int offset = Query.integer(ctx, "offset", 0, 0, 10_000_000);
        List<MediaStore.Approved> all = media.store().list();
        List<MediaStore.Approved> shown = all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + PAGE));
        StringBuilder h = new StringBuilder(Form.done(DONE, ctx));
        h.append("<p>A USB stick or disk matching a row here raises no <code>media.unapproved</code> finding. "
                + "Approve one stick by its serial, or a whole model by vendor and product id together.</p>");
        h.append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Serial</th><th scope=\"col\">Vendor id</th>")
                .append("<th scope=\"col\">Product id</th><th scope=\"col\">Description</th><th scope=\"col\">Added</th>")
                .append("<th scope=\"col\"><span class=\"sr-only\">Actions</span></th></tr></thead><tbody>");
        Actors.Names names = console.actors().names(shown.stream().map(MediaStore.Approved::createdBy).toList());
        for (MediaStore.Approved a : shown) {
            h.append("<tr><td>").append(esc(a.serial())).append("</td><td>").append(esc(a.vendorId())).append("</td><td>")
                    .append(esc(a.productId())).append("</td><td>").append(esc(a.description())).append("</td><td>")
                    .append(esc(names.of(a.createdBy()))).append(", ").append(when(a.createdAt())).append("</td><td>")
                    .append(Form.open(PATH + "/" + a.id() + "/remove", "inline", v.csrf()))
                    .append("<button type=\"submit\" class=\"danger\" aria-label=\"Remove approval of ")
                    .append(esc(a.description() != null ? a.description() : a.serial() != null ? a.serial()
                            : a.vendorId() + ":" + a.productId()))
                    .append("\">Remove</button></form></td></tr>");
        }
        if (shown.isEmpty()) {
            h.append("<tr><td colspan=\"6\">No medium is approved.</td></tr>");
        }
        h.append("</tbody></table></div>").append(Layout.pager(PATH, "", all.size(), PAGE, offset));
        h.append("<h2 id=\"add\">Approve a medium</h2>").append(Form.open(PATH, "stack", v.csrf()))
                .append(Form.input("media-serial", "serial", "Serial", "text", "", "maxlength=\"256\""))
                .append(Form.input("media-vendor", "vendorId", "USB vendor id (4 hex digits, e.g. 0781)", "text", "",
                        "maxlength=\"4\" pattern=\"[0-9a-fA-F]{4}\""))
                .append(Form.input("media-product", "productId", "USB product id (4 hex digits)", "text", "",
                        "maxlength=\"4\" pattern=\"[0-9a-fA-F]{4}\""))
                .append(Form.input("media-description", "description", "Description", "text", "", "maxlength=\"256\""))
                .append("<button type=\"submit\">Approve</button></form>");
        return Layout.page("Approved media", v, console.navFor(v.role()), PATH, h.toString());
    }

    private String add(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        media.approve(media.validate(new MediaHandlers.ApprovalRequest(form.get("serial"), form.get("vendorId"),
                form.get("productId"), form.get("description")), v.principal().id()));
        return PATH + "?done=added";
    }

    private String remove(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        media.remove(Query.uuid("id", ctx.pathParam("id")));
        return PATH + "?done=removed";
    }
}
