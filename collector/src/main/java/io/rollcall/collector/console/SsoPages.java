package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.esc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.Role;
import io.rollcall.collector.sso.RoleRule;
import io.rollcall.collector.sso.SsoAdmin;
import io.rollcall.collector.sso.SsoProvider;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Admin: {@code /console/sso} — the sign-in providers (Google Workspace, Microsoft Entra ID, any OpenID provider),
 * the redirect URI to register with them, and the role rules (first match wins). Forms go through {@link SsoAdmin},
 * as the API does, so both refuse the same things.
 */
public final class SsoPages implements ConsoleModule {
    static final String PATH = "/console/sso";
    private static final Map<String, String> DONE = Map.of("saved", "Provider saved.", "deleted", "Provider removed.",
            "rules", "Role rules saved.");
    private final SsoAdmin admin;
    private final Supplier<String> baseUrl;
    private ConsoleRouter console;

    public SsoPages(SsoAdmin admin, Supplier<String> baseUrl) {
        this.admin = admin;
        this.baseUrl = baseUrl;
    }

    @Override
    public void mount(ConsoleRouter console) {
        this.console = console;
        console.nav("Single sign-on", PATH, Role.ADMIN_ONLY);
        console.page(PATH, Role.ADMIN_ONLY, this::render);
        console.action(PATH + "/providers", Role.ADMIN_ONLY, this::save);
        console.action(PATH + "/providers/delete", Role.ADMIN_ONLY, this::delete);
        console.action(PATH + "/rules", Role.ADMIN_ONLY, this::rules);
    }

    private String render(RoutingContext ctx, Viewer v) throws Exception {
        StringBuilder h = new StringBuilder(Form.done(DONE, ctx));
        h.append("<p>Register this redirect URI with each provider: <code>").append(esc(baseUrl.get()))
                .append("/console/sso/callback</code></p>");
        h.append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Id</th><th scope=\"col\">Button</th>")
                .append("<th scope=\"col\">Issuer</th><th scope=\"col\">Client id</th><th scope=\"col\">Secret</th>")
                .append("<th scope=\"col\">State</th><th scope=\"col\"></th></tr></thead><tbody>");
        var providers = admin.service().store().providers();
        for (SsoProvider p : providers) {
            h.append("<tr><td>").append(esc(p.id())).append("</td><td>").append(esc(p.displayName()))
                    .append("</td><td>").append(esc(p.issuer())).append("</td><td>").append(esc(p.clientId()))
                    .append("</td><td>").append(p.clientSecretFile() != null ? "file " + esc(p.clientSecretFile())
                            : p.clientSecretSet() ? "set" : "missing")
                    .append("</td><td>").append(p.enabled() ? Html.badge("ok", "on") : Html.badge("warn", "off"))
                    .append("</td><td>").append(Form.open(PATH + "/providers/delete", "inline", v.csrf()))
                    .append("<input type=\"hidden\" name=\"id\" value=\"").append(esc(p.id())).append("\">")
                    .append("<button type=\"submit\">Remove ").append(esc(p.id())).append("</button></form></td></tr>");
        }
        if (providers.isEmpty()) {
            h.append("<tr><td colspan=\"7\">No provider yet: only passwords sign in.</td></tr>");
        }
        h.append("</tbody></table></div>");
        h.append("<h2 id=\"add\">Add or change a provider</h2>").append(Form.open(PATH + "/providers", "stack", v.csrf()))
                .append(Form.input("sso-id", "id", "Id (e.g. google, entra)", "text", "", "required maxlength=\"32\""))
                .append(Form.input("sso-name", "displayName", "Button text (e.g. Sign in with Google)", "text", "",
                        "required maxlength=\"100\""))
                .append(Form.input("sso-issuer", "issuer", "Issuer URL (https://accounts.google.com, "
                        + "https://login.microsoftonline.com/<tenant>/v2.0)", "url", "", "required maxlength=\"512\""))
                .append(Form.input("sso-client", "clientId", "Client id", "text", "", "required maxlength=\"512\""))
                .append(Form.input("sso-secret", "clientSecret", "Client secret (left blank: keep the current one)",
                        "password", "", "maxlength=\"1024\" autocomplete=\"off\""))
                .append(Form.input("sso-secret-file", "clientSecretFile", "…or a file on every node holding it",
                        "text", "", "maxlength=\"1024\""))
                .append("<button type=\"submit\">Save provider</button></form>");
        h.append("<h2 id=\"rules\">Role rules</h2><p>One rule a line, tried from the top; the first that matches ")
                .append("gives the role, and someone no rule matches is refused. <code>domain school.org staff</code> ")
                .append("matches e-mail addresses ending in @school.org; <code>group &lt;id&gt; technician</code> ")
                .append("matches a value of the ID token's groups claim. Roles: admin, technician, ")
                .append("business-manager, slt, staff.</p>")
                .append(Form.open(PATH + "/rules", "stack", v.csrf()));
        StringBuilder lines = new StringBuilder();
        for (RoleRule r : admin.service().store().rules()) {
            lines.append(r.kind()).append(' ').append(r.value()).append(' ').append(r.role().wire()).append('\n');
        }
        h.append(Form.textarea("sso-rules", "rules", "Rules", lines.toString(), 8, "maxlength=\"20000\""))
                .append("<button type=\"submit\">Save rules</button></form>");
        return Layout.page("Single sign-on", v, console.navFor(v.role()), PATH, h.toString());
    }

    private String save(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        ObjectNode b = Form.json(form);
        admin.putProvider(v.principal(), form.get("id"), b);
        return PATH + "?done=saved";
    }

    private String delete(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        admin.deleteProvider(form.get("id"));
        return PATH + "?done=deleted";
    }

    private String rules(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        ArrayNode rules = JsonNodeFactory.instance.arrayNode();
        String text = form.get("rules") == null ? "" : form.get("rules");
        int n = 0;
        for (String line : text.split("\r?\n")) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.strip().split("\\s+");
            if (parts.length != 3) {
                throw ApiException.badRequest("rules: line " + n + " must be: kind value role");
            }
            rules.addObject().put("kind", parts[0]).put("value", parts[1]).put("role", parts[2]);
        }
        admin.putRules(rules);
        return PATH + "?done=rules";
    }
}
