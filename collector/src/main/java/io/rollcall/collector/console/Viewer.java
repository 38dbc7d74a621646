package io.rollcall.collector.console;

import io.rollcall.collector.auth.Session;
import io.rollcall.collector.http.Principal;
import io.rollcall.collector.http.Role;

/** The signed-in person looking at a console page, and their session's CSRF token for forms. */
public record Viewer(Principal principal, Session session) {
    public Role role() {
        return principal.role();
    }

    public String csrf() {
        return session.csrf();
    }
}
