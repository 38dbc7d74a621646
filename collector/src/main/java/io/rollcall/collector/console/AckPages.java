package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.esc;
import static io.rollcall.collector.console.Html.when;

import io.rollcall.collector.acklinks.AckLinks;
import io.rollcall.collector.assets.Fields;
import io.rollcall.collector.audit.AuditLog;
import io.rollcall.collector.auth.Authenticator;
import io.rollcall.collector.auth.FailureLimiter;
import io.rollcall.collector.auth.Secrets;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.HttpVerticle;
import io.rollcall.collector.loans.Loan;
import io.rollcall.collector.loans.LoanStore;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The borrower's acknowledgement page, reached from the e-mailed link {@code /ack/<token>}: no sign-in, the token is
 * the credential. It shows what is lent and the terms, and takes the typed name. The form is protected by a
 * double-submit token (a SameSite=Strict cookie the hidden field must match), unknown tokens are counted per address in
 * the cluster's failure limiter (30 per 15 minutes, then 429), and the token never reaches a log, the audit log or a
 * Referer header: this class logs and audits "/ack/…" only, and its pages send {@code Referrer-Policy: no-referrer}.
 * A link that cannot be used gets a plain page saying why, never a stack trace.
 */
public final class AckPages implements HttpVerticle.PublicModule {
    private static final Logger LOG = LoggerFactory.getLogger(AckPages.class);
    static final String CSRF_COOKIE = "rc_ack";
    static final FailureLimiter.Limit LIMIT = new FailureLimiter.Limit("ack-link", 30);
    /** Secrets.random(""): 32 bytes, base64url without padding. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final WorkerExecutor blocking;
    private final AckLinks links;
    private final FailureLimiter limiter;
    private final AuditLog audit;
    private final String schoolName;

    public AckPages(WorkerExecutor blocking, AckLinks links, FailureLimiter limiter, AuditLog audit, String schoolName) {
        this.blocking = blocking;
        this.links = links;
        this.limiter = limiter;
        this.audit = audit;
        this.schoolName = schoolName;
    }

    @Override
    public void mount(Router router) {
        router.route("/ack/*").failureHandler(this::failed);
        router.get("/ack/:token").handler(this::show);
        router.post("/ack/:token").handler(BodyHandler.create(false).setBodyLimit(8 * 1024));
        router.post("/ack/:token").handler(this::submit);
    }

    private void show(RoutingContext ctx) {
        String token = ctx.pathParam("token");
        String address = Authenticator.address(ctx);
        blocking.executeBlocking(() -> {
            refuseIfLimited(address);
            AckLinks.Lookup l = TOKEN.matcher(token).matches() ? links.lookup(token) : null;
            if (l == null || l.state() == AckLinks.State.UNKNOWN) {
                limiter.failed(LIMIT, address);
            }
            return l;
        }, false).onSuccess(l -> {
            if (l == null || l.state() != AckLinks.State.OPEN) {
                closed(ctx, l == null ? AckLinks.State.UNKNOWN : l.state());
                return;
            }
            String csrf = Secrets.random("");
            ctx.response().addCookie(LoginPages.cookie(CSRF_COOKIE, csrf).setPath("/ack"));
            send(ctx, 200, "Acknowledge your loan", form(l, token, csrf, null));
        }).onFailure(e -> failed(ctx, e));
    }

    private void submit(RoutingContext ctx) {
        String token = ctx.pathParam("token");
        String address = Authenticator.address(ctx);
        var form = ctx.request().formAttributes();
        Cookie c = ctx.request().getCookie(CSRF_COOKIE);
        if (c == null || !Secrets.same(c.getValue(), form.get("_csrf"))) {
            send(ctx, 403, "Form expired", "<p class=\"message\">This form was out of date or did not come from this "
                    + "page. Open the link from your e-mail again.</p>");
            return;
        }
        String typed;
        try {
            typed = Fields.clean("typedName", form.get("typedName"), 256, true);
        } catch (ApiException e) {
            blocking.executeBlocking(() -> links.lookup(TOKEN.matcher(token).matches() ? token : null), false)
                    .onSuccess(l -> {
                        if (l.state() != AckLinks.State.OPEN) {
                            closed(ctx, l.state());
                        } else {
                            send(ctx, 400, "Acknowledge your loan", form(l, token, c.getValue(),
                                    "Type your full name to acknowledge (" + e.getMessage() + ")."));
                        }
                    }).onFailure(x -> failed(ctx, x));
            return;
        }
        blocking.executeBlocking(() -> {
            refuseIfLimited(address);
            AckLinks.Lookup l = links.acknowledge(TOKEN.matcher(token).matches() ? token : null, typed);
            if (l.state() == AckLinks.State.UNKNOWN) {
                limiter.failed(LIMIT, address);
            }
            return l;
        }, false).onSuccess(l -> {
            if (l.state() != AckLinks.State.ACKNOWLEDGED) {
                closed(ctx, l.state());
                return;
            }
            ctx.response().addCookie(LoginPages.cookie(CSRF_COOKIE, "").setPath("/ack").setMaxAge(0));
            List<UUID> ids = l.loans().stream().map(Loan::id).toList();
            audit.record(null, "acknowledge", "/ack/… loans " + ids, 200, address,
                    "borrower's own device, typed name over the terms hash");
            StringBuilder h = new StringBuilder("<p class=\"notice\" role=\"status\">Thank you, ").append(esc(typed))
                    .append(". Your acknowledgement was recorded at ").append(when(links.now())).append(" for:</p><ul>");
            for (Loan loan : l.loans()) {
                h.append("<li>").append(esc(loan.assetType())).append(' ').append(esc(loan.assetTag())).append("</li>");
            }
            send(ctx, 200, "Acknowledged", h.append("</ul><p>You can close this page.</p>").toString());
        }).onFailure(e -> failed(ctx, e));
    }

    private void refuseIfLimited(String address) {
        if (!limiter.allowed(LIMIT, address)) {
            throw ApiException.tooManyAttempts("too many links that do not work were tried from this address; "
                    + "wait and try again", limiter.retryAfterSeconds());
        }
    }

    private String form(AckLinks.Lookup l, String token, String csrf, String error) {
        Loan first = l.loans().get(0);
        StringBuilder h = new StringBuilder();
        if (error != null) {
            h.append("<p class=\"error\" role=\"alert\">").append(esc(error)).append("</p>");
        }
        h.append("<p>").append(esc(schoolName)).append(" has lent <strong>").append(esc(first.borrowerName()))
                .append("</strong> the following:</p><div class=\"scroll\"><table><caption>On loan</caption><thead><tr><th scope=\"col\">Asset")
                .append("</th><th scope=\"col\">What</th><th scope=\"col\">Serial</th><th scope=\"col\">Due back</th>")
                .append("</tr></thead><tbody>");
        for (Loan loan : l.loans()) {
            h.append("<tr><td>").append(esc(loan.assetTag())).append("</td><td>").append(esc(loan.assetType()))
                    .append(' ').append(esc(loan.make())).append(' ').append(esc(loan.model())).append("</td><td>")
                    .append(esc(loan.serial())).append("</td><td>").append(when(loan.dueAt())).append("</td></tr>");
        }
        h.append("</tbody></table></div><h2>Terms</h2>");
        for (LoanStore.Terms t : l.terms()) {
            h.append("<blockquote class=\"terms\" id=\"terms\">").append(esc(t.text())).append("</blockquote>");
        }
        h.append("<form method=\"post\" class=\"stack\" action=\"/ack/").append(esc(token)).append("\">")
                .append(Html.csrfField(csrf))
                .append(Form.input("typedName", "typedName", "Type your full name to accept these terms", "text", "",
                        "required maxlength=\"256\" autocomplete=\"name\" aria-describedby=\"terms\""))
                .append("<button type=\"submit\">I accept these terms</button></form>")
                .append("<p>This link works once and until ").append(when(l.link().expiresAt())).append(".</p>");
        return h.toString();
    }

    private void closed(RoutingContext ctx, AckLinks.State s) {
        switch (s) {
            case USED -> send(ctx, 410, "Link already used", "<p class=\"message\">This link has already been used to "
                    + "acknowledge the loan. Nothing more is needed.</p>");
            case EXPIRED -> send(ctx, 410, "Link expired", "<p class=\"message\">This link has expired. Ask the school "
                    + "office to send you a new one.</p>");
            case REVOKED -> send(ctx, 410, "Link replaced", "<p class=\"message\">This link was replaced by a newer "
                    + "one sent to you by e-mail; use that, or ask the school office to send a new one.</p>");
            case DONE -> send(ctx, 200, "Nothing to acknowledge", "<p class=\"message\">There is nothing left to "
                    + "acknowledge: the loan was acknowledged already or has been returned.</p>");
            default -> send(ctx, 404, "Link not recognised", "<p class=\"message\">This link is not valid. Check that "
                    + "you copied all of it, or ask the school office for a new one.</p>");
        }
    }

    private void failed(RoutingContext ctx) {
        failed(ctx, ctx.failure());
    }

    private void failed(RoutingContext ctx, Throwable e) {
        if (e instanceof ApiException a && a.status() == 429) {
            ctx.response().putHeader("Retry-After", Long.toString(a.retryAfterSeconds()));
            send(ctx, 429, "Too many attempts", "<p class=\"message\">" + esc(a.getMessage()) + ".</p>");
            return;
        }
        if (e instanceof ApiException a && a.status() < 500) {
            send(ctx, a.status(), "Cannot do that", "<p class=\"message\">" + esc(a.getMessage()) + "</p>");
            return;
        }
        String incident = UUID.randomUUID().toString();
        // the path holds the token: never logged
        LOG.error("acknowledgement page /ack/… failed, incident {}: {}", incident, e == null ? "status "
                + ctx.statusCode() : e.toString());
        send(ctx, 500, "Something went wrong", "<p class=\"message\">The page could not be shown. Incident "
                + incident + ".</p>");
    }

    private static void send(RoutingContext ctx, int status, String title, String main) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                        + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
                .putHeader("X-Frame-Options", "DENY")
                // the URL is the credential: no page or resource load may carry it to anyone in a Referer
                .putHeader("Referrer-Policy", "no-referrer")
                .end(Layout.page(title, null, List.of(), null, main));
    }
}
