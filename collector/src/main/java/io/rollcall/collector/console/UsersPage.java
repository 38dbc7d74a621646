package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.esc;
import static io.rollcall.collector.console.Html.when;

import io.rollcall.collector.auth.AccountService;
import io.rollcall.collector.auth.User;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/** Admin: the people who log in, a form to add one, and a form to reset a password. */
public final class UsersPage implements ConsoleModule {
    private final AccountService accounts;
    private ConsoleRouter console;

    public UsersPage(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    public void mount(ConsoleRouter console) {
        this.console = console;
        console.nav("People who log in", "/console/users", Role.ADMIN_ONLY);
        console.page("/console/users", Role.ADMIN_ONLY, this::render);
        console.action("/console/users", Role.ADMIN_ONLY, this::create);
        console.action("/console/users/password", Role.ADMIN_ONLY, this::reset);
    }

    private String render(RoutingContext ctx, Viewer v) throws Exception {
        String done = Query.text(ctx, "done", 20);
        var users = accounts.list(1000, 0);
        StringBuilder h = new StringBuilder();
        if ("created".equals(done)) {
            h.append("<p class=\"notice\" role=\"status\">Account created.</p>");
        } else if ("reset".equals(done)) {
            h.append("<p class=\"notice\" role=\"status\">Password reset. Their open sessions have ended.</p>");
        }
        h.append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Username</th><th scope=\"col\">Name</th>")
                .append("<th scope=\"col\">Role</th><th scope=\"col\">State</th><th scope=\"col\">Created</th></tr></thead><tbody>");
        for (User u : users) {
            h.append("<tr><td>").append(esc(u.username())).append("</td><td>").append(esc(u.displayName()))
                    .append("</td><td>").append(esc(u.role().wire())).append("</td><td>")
                    .append(u.disabled() ? Html.badge("warn", "disabled") : Html.badge("ok", "active"))
                    .append("</td><td>").append(when(u.createdAt())).append("</td></tr>");
        }
        if (users.isEmpty()) {
            h.append("<tr><td colspan=\"5\">Nobody yet.</td></tr>");
        }
        h.append("</tbody></table></div>");

        h.append("<h2 id=\"add\">Add a person</h2><form class=\"stack\" method=\"post\" action=\"/console/users\">")
                .append(Html.csrfField(v.csrf()))
                .append(input("new-username", "username", "Username (e.g. j.smith)", "text", "username"))
                .append(input("new-display", "displayName", "Full name", "text", "name"))
                .append("<label for=\"new-role\">Role<select id=\"new-role\" name=\"role\" required>")
                .append("<option value=\"technician\">Technician</option><option value=\"business-manager\">Business manager</option>")
                .append("<option value=\"slt\">Senior leadership (read only)</option><option value=\"admin\">Admin</option>")
                .append("</select></label>")
                .append(input("new-password", "password", "Initial password (at least " + AccountService.MIN_PASSWORD
                        + " characters)", "password", "new-password"))
                .append("<button type=\"submit\">Add</button></form>");

        h.append("<h2 id=\"reset\">Reset a password</h2><form class=\"stack\" method=\"post\" action=\"/console/users/password\">")
                .append(Html.csrfField(v.csrf()))
                .append("<label for=\"reset-user\">Person<select id=\"reset-user\" name=\"id\" required>");
        for (User u : users) {
            h.append("<option value=\"").append(u.id()).append("\">").append(esc(u.username())).append(" (")
                    .append(esc(u.displayName())).append(")</option>");
        }
        h.append("</select></label>")
                .append(input("reset-password", "password", "New password", "password", "new-password"))
                .append("<button type=\"submit\">Reset password</button></form>");
        return Layout.page("People who log in", v, console.navFor(v.role()), "/console/users", h.toString());
    }

    private String create(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        accounts.create(v.principal(), form.get("username"), form.get("displayName"), form.get("role"),
                form.get("password"));
        return "/console/users?done=created";
    }

    private String reset(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        var id = Query.uuid("id", form.get("id"));
        if (id == null) {
            throw ApiException.badRequest("Choose the person whose password to reset.");
        }
        accounts.resetPassword(id, form.get("password"));
        return "/console/users?done=reset";
    }

    private static String input(String id, String name, String label, String type, String autocomplete) {
        return "<label for=\"" + id + "\">" + esc(label) + "<input id=\"" + id + "\" name=\"" + name + "\" type=\"" + type
                + "\" autocomplete=\"" + autocomplete + "\" required></label>";
    }
}
