package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.badge;
import static io.rollcall.collector.console.Html.esc;
import static io.rollcall.collector.console.Html.when;

import io.rollcall.collector.enrollment.EnrollToken;
import io.rollcall.collector.enrollment.EnrollTokens;
import io.rollcall.collector.enrollment.PendingEnrolment;
import io.rollcall.collector.enrollment.PendingEnrolments;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Technicians' enrolment control, beside the enrolment page: the enrolment tokens (create — the token shown once on
 * the answer page, never again —, list, revoke) and the re-enrolments waiting for approval, each next to the device
 * as it is now, with approve and reject buttons. Same services and checks as {@code /api/v1/enrollment/*}.
 */
public final class EnrolmentPages implements ConsoleModule {
    static final String TOKENS = "/console/enrol/tokens";
    static final String PENDING = "/console/enrol/pending";
    private static final Map<String, String> DONE = Map.of("revoked", "Token revoked. Devices it enrolled keep reporting.",
            "approved", "Re-enrolment approved: the new credential reports, the old one no longer does.",
            "rejected", "Re-enrolment rejected: the device keeps its credential.");

    private final EnrollTokens tokens;
    private final PendingEnrolments pending;
    private final Clock clock;
    private ConsoleRouter console;

    public EnrolmentPages(EnrollTokens tokens, PendingEnrolments pending, Clock clock) {
        this.tokens = tokens;
        this.pending = pending;
        this.clock = clock;
    }

    @Override
    public void mount(ConsoleRouter console) {
        this.console = console;
        console.page(TOKENS, Role.TECHNICIANS, this::tokens);
        console.formPage(TOKENS, Role.TECHNICIANS, 16 * 1024, this::create);
        console.action(TOKENS + "/:id/revoke", Role.TECHNICIANS, this::revoke);
        console.page(PENDING, Role.TECHNICIANS, this::pending);
        console.action(PENDING + "/:id/approve", Role.TECHNICIANS, this::approve);
        console.action(PENDING + "/:id/reject", Role.TECHNICIANS, this::reject);
    }

    private String tokens(RoutingContext ctx, Viewer v) throws Exception {
        Instant now = clock.instant();
        List<EnrollToken> all = tokens.list();
        StringBuilder h = new StringBuilder(Form.done(DONE, ctx)).append(links());
        h.append("<p>Each installer or enrolment carries one token. Give each group of machines its own, with an end ")
                .append("date and a device limit; revoking a token stops new enrolments with it and unenrols nothing.</p>")
                .append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Label</th><th scope=\"col\">State</th>")
                .append("<th scope=\"col\">Devices enrolled</th><th scope=\"col\">Per minute</th><th scope=\"col\">Expires</th>")
                .append("<th scope=\"col\">Last used</th><th scope=\"col\">Created</th>")
                .append("<th scope=\"col\"><span class=\"sr-only\">Actions</span></th></tr></thead><tbody>");
        Actors.Names names = console.actors().names(all.stream().map(EnrollToken::createdBy).toList());
        for (EnrollToken t : all) {
            String state = t.state(now);
            h.append("<tr><td>").append(esc(t.label())).append("</td><td>")
                    .append(badge(EnrollToken.ACTIVE.equals(state) ? "ok" : "bad", state)).append("</td><td>")
                    .append(t.enrolled()).append(" of ").append(t.maxDevices()).append("</td><td>").append(t.perMinute())
                    .append("</td><td>").append(when(t.expiresAt())).append("</td><td>").append(when(t.lastUsedAt()))
                    .append("</td><td>").append(esc(names.of(t.createdBy()))).append(", ").append(when(t.createdAt()))
                    .append("</td><td>");
            if (t.revokedAt() == null) {
                h.append(Form.open(TOKENS + "/" + t.id() + "/revoke", "inline", v.csrf()))
                        .append("<button type=\"submit\" class=\"danger\" aria-label=\"Revoke the token ")
                        .append(esc(t.label())).append("\">Revoke</button></form>");
            }
            h.append("</td></tr>");
        }
        if (all.isEmpty()) {
            h.append("<tr><td colspan=\"8\">No enrolment token yet.</td></tr>");
        }
        h.append("</tbody></table></div>");
        h.append("<h2 id=\"new-token\">New token</h2>").append(Form.open(TOKENS, "stack", v.csrf()))
                .append(Form.input("token-label", "label", "Label (e.g. Year 7 trolley)", "text", "",
                        "required maxlength=\"100\""))
                .append(Form.input("token-days", "validDays", "Valid for (days)", "number", "30", "required min=\"1\" max=\"3650\""))
                .append(Form.input("token-max", "maxDevices", "Device limit", "number", "", "required min=\"1\" max=\"1000000\""))
                .append(Form.input("token-rate", "perMinute", "Enrolments per minute", "number",
                        Integer.toString(EnrollTokens.DEFAULT_PER_MINUTE), "min=\"1\" max=\"100000\""))
                .append("<button type=\"submit\">Create token</button></form>");
        return Layout.page("Enrolment tokens", v, console.navFor(v.role()), TOKENS, h.toString());
    }

    private String create(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        EnrollTokens.Created c = tokens.create(EnrollTokens.parse(Form.json(form), clock.instant()), v.principal().id());
        ctx.response().putHeader("Cache-Control", "no-store");
        String h = links() + "<p class=\"notice\" role=\"status\">Token created. Copy it now: it is shown only this once "
                + "and the collector keeps only its hash.</p><dl class=\"facts\"><dt>Label</dt><dd>" + esc(c.info().label())
                + "</dd><dt>Token</dt><dd><code id=\"new-enroll-token\">" + esc(c.token()) + "</code></dd><dt>Expires</dt><dd>"
                + when(c.info().expiresAt()) + "</dd><dt>Device limit</dt><dd>" + c.info().maxDevices()
                + "</dd><dt>Enrolments per minute</dt><dd>" + c.info().perMinute() + "</dd></dl><p><a href=\"" + TOKENS
                + "\">Back to the tokens</a></p>";
        return Layout.page("Enrolment token created", v, console.navFor(v.role()), TOKENS, h);
    }

    private String revoke(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        tokens.revoke(Query.uuid("id", ctx.pathParam("id")), v.principal().id());
        return TOKENS + "?done=revoked";
    }

    private String pending(RoutingContext ctx, Viewer v) throws Exception {
        List<PendingEnrolment> all = pending.waiting();
        StringBuilder h = new StringBuilder(Form.done(DONE, ctx)).append(links());
        h.append("<p>Someone enrolled hardware that already has a device without proving they hold its credential. ")
                .append("That is what a reinstalled agent does, and what someone copying a laptop's identity does. The ")
                .append("device keeps reporting with its own credential until you approve. A device that reported recently, ")
                .append("or a request whose host name, serial or address does not match, deserves a question first.</p>");
        h.append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Requested</th><th scope=\"col\">From address</th>")
                .append("<th scope=\"col\">Claims</th><th scope=\"col\">Device now</th><th scope=\"col\">Token</th>")
                .append("<th scope=\"col\"><span class=\"sr-only\">Actions</span></th></tr></thead><tbody>");
        for (PendingEnrolment p : all) {
            PendingEnrolment.Current d = p.device();
            h.append("<tr><td>").append(when(p.requestedAt())).append("</td><td>").append(esc(p.address()))
                    .append("</td><td>").append(facts(p.hostname(), p.serialNumber(), p.osFamily(), p.osVersion(), d))
                    .append("</td><td><a href=\"/console/devices/").append(p.deviceId()).append("\">")
                    .append(esc(d.hostname() == null ? p.deviceId() : d.hostname())).append("</a><br>serial ")
                    .append(esc(d.serialNumber())).append("<br>").append(esc(d.osFamily())).append(' ')
                    .append(esc(d.osVersion())).append("<br>last report ").append(when(d.lastReportAt()))
                    .append("</td><td>").append(esc(p.tokenLabel())).append("</td><td>")
                    .append(Form.open(PENDING + "/" + p.id() + "/approve", "inline", v.csrf()))
                    .append("<button type=\"submit\" aria-label=\"Approve the re-enrolment of ").append(esc(d.hostname()))
                    .append(" from ").append(esc(p.address())).append("\">Approve</button></form> ")
                    .append(Form.open(PENDING + "/" + p.id() + "/reject", "inline", v.csrf()))
                    .append("<button type=\"submit\" class=\"danger\" aria-label=\"Reject the re-enrolment of ")
                    .append(esc(d.hostname())).append(" from ").append(esc(p.address())).append("\">Reject</button></form>")
                    .append("</td></tr>");
        }
        if (all.isEmpty()) {
            h.append("<tr><td colspan=\"6\">No re-enrolment is waiting.</td></tr>");
        }
        h.append("</tbody></table></div>");
        return Layout.page("Re-enrolments waiting for approval", v, console.navFor(v.role()), PENDING, h.toString());
    }

    /** What the request claims, each value that differs from the device's marked so it cannot be missed. */
    private static String facts(String host, String serial, String family, String version, PendingEnrolment.Current d) {
        return differs(host, d.hostname()) + "<br>serial " + differs(serial, d.serialNumber()) + "<br>"
                + differs(family, d.osFamily()) + " " + differs(version, d.osVersion());
    }

    private static String differs(String claimed, String current) {
        return Objects.equals(claimed, current) ? esc(claimed)
                : "<mark>" + esc(claimed) + "</mark> " + badge("warn", "differs");
    }

    private String approve(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        pending.approve(Query.uuid("id", ctx.pathParam("id")), v.principal().id());
        return PENDING + "?done=approved";
    }

    private String reject(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        pending.reject(Query.uuid("id", ctx.pathParam("id")), v.principal().id());
        return PENDING + "?done=rejected";
    }

    private static String links() {
        return "<p><a href=\"/console/enrol\">Enrolment page</a> · <a href=\"" + TOKENS + "\">Enrolment tokens</a> · "
                + "<a href=\"" + PENDING + "\">Re-enrolments waiting for approval</a></p>";
    }
}
