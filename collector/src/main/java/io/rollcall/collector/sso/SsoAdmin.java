package io.rollcall.collector.sso;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.JsonBody;
import io.rollcall.collector.http.Principal;
import io.rollcall.collector.http.Role;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The admin's changes to providers and role rules, checked once for the API and the console alike: a bad field is a
 * 400 naming it. Blocking (SQL).
 */
public final class SsoAdmin {
    private final SsoService sso;
    private final Clock clock;

    public SsoAdmin(SsoService sso, Clock clock) {
        this.sso = sso;
        this.clock = clock;
    }

    public SsoService service() {
        return sso;
    }

    /** Adds or replaces provider {@code id}; a change that sets no secret keeps the one it had. */
    public SsoProvider putProvider(Principal by, String id, JsonNode b) throws Exception {
        if (id == null || !id.matches("[a-z0-9-]{1,32}")) {
            throw ApiException.badRequest("id: must be 1 to 32 lower-case letters, digits or dashes");
        }
        String name = JsonBody.text(b, "displayName", 1, 100);
        String issuer = JsonBody.text(b, "issuer", 1, 512);
        URI u;
        try {
            u = URI.create(issuer);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("issuer: is not a URL");
        }
        if (!OidcClient.isSafe(u) || u.getQuery() != null || u.getFragment() != null) {
            throw ApiException.badRequest("issuer: must be an https URL without query or fragment "
                    + "(e.g. https://accounts.google.com or https://login.microsoftonline.com/<tenant>/v2.0)");
        }
        String clientId = JsonBody.text(b, "clientId", 1, 512);
        String secret = JsonBody.text(b, "clientSecret", 0, 1024);
        String secretFile = JsonBody.text(b, "clientSecretFile", 0, 1024);
        if (secret != null && secretFile != null) {
            throw ApiException.badRequest("clientSecret: give the secret or clientSecretFile, not both");
        }
        JsonNode en = b.get("enabled");
        boolean enabled = en == null || en.isNull() || en.asBoolean() || "on".equals(en.asText());
        SsoProvider old = sso.store().provider(id);
        if (secret == null && secretFile == null && old != null) {
            secret = old.clientSecret();
            secretFile = old.clientSecretFile();
        }
        if (secret == null && secretFile == null) {
            throw ApiException.badRequest("clientSecret: is required (or clientSecretFile, a file on every node)");
        }
        SsoProvider p = new SsoProvider(id, name, issuer.replaceAll("/+$", ""), clientId, secret, secretFile, enabled,
                clock.instant(), by.id());
        sso.store().put(p);
        sso.oidc().forget(id);
        return p;
    }

    public void deleteProvider(String id) throws Exception {
        if (!sso.store().delete(id)) {
            throw ApiException.notFound("no sign-in provider " + id);
        }
        sso.oidc().forget(id);
    }

    /** Replaces the role rules with {@code rules} (an array of {kind, value, role}), tried in that order. */
    public List<RoleRule> putRules(JsonNode rules) throws Exception {
        if (rules == null || !rules.isArray()) {
            throw ApiException.badRequest("rules: must be an array of {kind, value, role}");
        }
        if (rules.size() > 200) {
            throw ApiException.badRequest("rules: at most 200");
        }
        List<RoleRule> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            JsonNode r = rules.get(i);
            String at = "rules[" + i + "].";
            if (!r.isObject()) {
                throw ApiException.badRequest(at.substring(0, at.length() - 1) + ": must be an object");
            }
            try {
                String kind = JsonBody.text(r, "kind", 1, 16);
                String value = JsonBody.text(r, "value", 1, 320);
                Role role = Role.parse(JsonBody.text(r, "role", 1, 32));
                out.add(new RoleRule(kind, value, role));
            } catch (ApiException e) {
                throw ApiException.badRequest(at + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(at + e.getMessage());
            }
        }
        sso.store().replaceRules(out);
        return out;
    }
}
