package io.rollcall.collector.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.auth.Secrets;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.JsonBody;
import io.rollcall.collector.http.Principal;
import io.rollcall.collector.sso.OidcClient;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Adding and removing alert targets, checked once for the API and the console: a bad field is a 400 naming it. */
public final class AlertAdmin {
    private final AlertService alerts;
    private final Clock clock;

    public AlertAdmin(AlertService alerts, Clock clock) {
        this.alerts = alerts;
        this.clock = clock;
    }

    public AlertService service() {
        return alerts;
    }

    /**
     * Adds a target from {@code {name, kind, url, secret?, email, format?, events}}; {@code events} is an array or a
     * comma-separated string. A webhook without a secret gets a random one. Returns the target as the API shows it,
     * with the secret this once.
     */
    public Map<String, Object> create(Principal by, JsonNode b) throws Exception {
        String name = JsonBody.text(b, "name", 1, 100);
        String kind = JsonBody.text(b, "kind", 1, 16);
        String url = null;
        String secret = null;
        String email = null;
        if (AlertTarget.WEBHOOK.equals(kind)) {
            url = JsonBody.text(b, "url", 1, 2048);
            URI u;
            try {
                u = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("url: is not a URL");
            }
            if (!OidcClient.isSafe(u)) {
                throw ApiException.badRequest("url: must be an https URL (http only to this machine)");
            }
            secret = JsonBody.text(b, "secret", 0, 256);
            if (secret != null && secret.length() < 16) {
                throw ApiException.badRequest("secret: must be at least 16 characters, or left out for a random one");
            }
            secret = secret == null ? Secrets.random("rcwh_") : secret;
        } else if (AlertTarget.EMAIL.equals(kind)) {
            email = JsonBody.text(b, "email", 3, 320);
            if (!email.matches("[^@\\s,;]+@[^@\\s,;]+\\.[^@\\s,;]+")) {
                throw ApiException.badRequest("email: must be one e-mail address");
            }
            if (!alerts.mailEnabled()) {
                throw ApiException.badRequest("email: e-mail alerts need smtp.host in the collector's settings");
            }
        } else {
            throw ApiException.badRequest("kind: must be webhook or email");
        }
        String format = JsonBody.text(b, "format", 0, 16);
        format = format == null ? "generic" : format;
        if (!format.equals("generic") && !format.equals("text")) {
            throw ApiException.badRequest("format: must be generic or text");
        }
        List<String> events = events(b.get("events"));
        AlertTarget t = new AlertTarget(UUID.randomUUID(), name, kind, url, secret, email, format, events, true,
                clock.instant(), by.id());
        alerts.store().insert(t);
        Map<String, Object> m = view(t);
        if (secret != null) {
            m.put("secret", secret);
        }
        return m;
    }

    private static List<String> events(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(e -> out.add(e.asText()));
        } else if (n != null && n.isTextual()) {
            for (String s : n.asText().split(",")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        if (out.isEmpty()) {
            throw ApiException.badRequest("events: name at least one of " + String.join(", ", AlertTarget.EVENTS.stream().sorted().toList()));
        }
        for (String e : out) {
            if (!AlertTarget.EVENTS.contains(e)) {
                throw ApiException.badRequest("events: '" + e + "' is not one of "
                        + String.join(", ", AlertTarget.EVENTS.stream().sorted().toList()));
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(out));
    }

    public void delete(UUID id) throws Exception {
        if (!alerts.store().delete(id)) {
            throw ApiException.notFound("no alert target " + id);
        }
    }

    /** A target as the API shows it: the webhook's host, never its full URL or secret. */
    public static Map<String, Object> view(AlertTarget t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("kind", t.kind());
        m.put("urlHost", t.urlHost());
        m.put("email", t.email());
        m.put("format", t.format());
        m.put("events", t.events());
        m.put("enabled", t.enabled());
        m.put("createdAt", t.createdAt());
        m.put("createdBy", t.createdBy());
        return m;
    }
}
