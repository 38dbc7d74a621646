package io.rollcall.collector.sso;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.map.IMap;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import io.rollcall.collector.auth.AuthService;
import io.rollcall.collector.auth.Secrets;
import io.rollcall.collector.auth.User;
import io.rollcall.collector.auth.UserStore;
import io.rollcall.collector.http.Role;
import io.rollcall.common.wire.WireJson;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Single sign-on, start to session. {@link #start} remembers the request's state, nonce and PKCE verifier in the
 * Hazelcast map {@value #PENDING} (any node may receive the callback; 10 minutes to finish); {@link #finish} takes
 * that entry out (so a state, and with it the code, works once), checks the browser is the one that started,
 * exchanges the code, validates the ID token, maps the person to a role with the admin's rules (first match wins)
 * and gives them a console session exactly like a password sign-in. A person signs in as a row of {@code users}
 * named by their e-mail address, created at the first sign-in; its password hash is a marker no password matches,
 * so an SSO account never signs in with a password. Blocking.
 */
public final class SsoService {
    public static final String PENDING = "sso-pending";
    static final Duration PENDING_FOR = Duration.ofMinutes(10);
    /** The password-hash marker of an account made by single sign-on; never a valid PHC string. */
    static final String SSO_MARKER = "sso:";

    /** A finished sign-in: the user, the new session's cookie value and where to send the browser. */
    public record SignedIn(User user, String sessionCookie, String next, String provider) {
    }

    private final SsoStore store;
    private final OidcClient oidc;
    private final IMap<String, String> pending;
    private final UserStore users;
    private final AuthService auth;
    private final Supplier<String> baseUrl;
    private final Clock clock;

    /** @param baseUrl the collector's public URL; the callback is {@code baseUrl + /console/sso/callback} */
    public SsoService(SsoStore store, OidcClient oidc, IMap<String, String> pending, AuthService auth,
                      Supplier<String> baseUrl, Clock clock) {
        this.store = store;
        this.oidc = oidc;
        this.pending = pending;
        this.users = auth.users();
        this.auth = auth;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    public SsoStore store() {
        return store;
    }

    public OidcClient oidc() {
        return oidc;
    }

    URI callback() {
        return URI.create(baseUrl.get() + "/console/sso/callback");
    }

    /** The enabled providers, for the sign-in page's buttons. */
    public List<SsoProvider> enabled() throws Exception {
        List<SsoProvider> out = new ArrayList<>();
        for (SsoProvider p : store.providers()) {
            if (p.enabled()) {
                out.add(p);
            }
        }
        return out;
    }

    /** Starts a sign-in with {@code providerId}; the state goes in the browser's cookie too. */
    public OidcClient.Started start(String providerId, String next) throws Exception {
        SsoProvider p = store.provider(providerId);
        if (p == null || !p.enabled()) {
            throw new SsoRefusal("there is no sign-in provider called '" + providerId + "'");
        }
        OidcClient.Started s = oidc.start(p, callback());
        ObjectNode n = WireJson.mapper().createObjectNode();
        n.put("provider", p.id()).put("nonce", s.nonce()).put("verifier", s.codeVerifier()).put("next", next);
        pending.put(Secrets.sha256Hex(s.state()), WireJson.mapper().writeValueAsString(n),
                PENDING_FOR.toSeconds(), TimeUnit.SECONDS);
        return s;
    }

    /**
     * Finishes a sign-in from the provider's redirect.
     *
     * @param browserState the state from this browser's cookie (null when it has none)
     * @throws SsoRefusal with a reason the person may read
     */
    public SignedIn finish(String browserState, String state, String code, String error) throws Exception {
        if (state == null || state.isEmpty() || state.length() > 200) {
            throw new SsoRefusal("the provider's answer carried no state");
        }
        // taken out first: whatever happens next, this state (and the code sent with it) is spent
        String json = pending.remove(Secrets.sha256Hex(state));
        if (json == null) {
            throw new SsoRefusal("this sign-in link was already used or has expired; start again");
        }
        if (!Secrets.same(browserState, state)) {
            throw new SsoRefusal("this sign-in was started in another browser; start again here");
        }
        if (error != null) {
            throw new SsoRefusal("the provider did not sign you in (" + error + ")");
        }
        if (code == null || code.isEmpty() || code.length() > 4096) {
            throw new SsoRefusal("the provider's answer carried no code");
        }
        JsonNode p = WireJson.mapper().readTree(json);
        SsoProvider provider = store.provider(p.get("provider").asText());
        if (provider == null || !provider.enabled()) {
            throw new SsoRefusal("that sign-in provider has been removed");
        }
        IDTokenClaimsSet claims = oidc.finish(provider, callback(), code, p.get("verifier").asText(),
                p.get("nonce").asText());
        User u = account(provider, claims);
        String cookie = auth.startSession(u);
        return new SignedIn(u, cookie, p.get("next").asText(), provider.id());
    }

    /** The e-mail address an ID token names: {@code email}, else an e-mail-shaped {@code preferred_username} (Entra). */
    static String email(IDTokenClaimsSet c) throws SsoRefusal {
        Object verified = c.getClaim("email_verified");
        if (Boolean.FALSE.equals(verified) || "false".equals(verified)) {
            throw new SsoRefusal("the provider says your e-mail address is not verified");
        }
        String e = c.getStringClaim("email");
        if (e == null) {
            e = c.getStringClaim("preferred_username");
        }
        if (e == null || !e.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new SsoRefusal("the provider did not say who you are (no e-mail address in the ID token)");
        }
        return e.toLowerCase(Locale.ROOT);
    }

    static List<String> groups(IDTokenClaimsSet c) {
        List<String> out = new ArrayList<>();
        Object g = c.getClaim("groups");
        if (g instanceof List<?> l) {
            for (Object o : l) {
                out.add(String.valueOf(o));
            }
        } else if (g instanceof String s) {
            out.add(s);
        }
        return out;
    }

    private User account(SsoProvider provider, IDTokenClaimsSet claims) throws Exception {
        String email = email(claims);
        if (email.length() > 64) {
            throw new SsoRefusal("your e-mail address is longer than Rollcall's 64-character user names");
        }
        Role role = RoleRule.first(store.rules(), email, groups(claims));
        if (role == null) {
            throw new Unmapped(email);
        }
        String name = claims.getStringClaim("name");
        name = name == null || name.isBlank() ? email : name.strip();
        name = name.length() > 200 ? name.substring(0, 200) : name;
        User u = users.byUsername(email);
        if (u == null) {
            u = new User(UUID.randomUUID(), email, name, role, SSO_MARKER + provider.id(), clock.instant(),
                    clock.instant(), "sso:" + provider.id(), false);
            if (!users.insert(u)) {
                u = users.byUsername(email); // another node made it a moment ago
            }
        }
        if (!u.passwordHash().startsWith(SSO_MARKER)) {
            throw new SsoRefusal("a local account already has the name " + email + "; ask the admin to rename it");
        }
        if (u.disabled()) {
            throw new SsoRefusal("your Rollcall account (" + email + ") has been disabled");
        }
        if (u.role() != role || !u.displayName().equals(name)) {
            users.setNameAndRole(u.id(), name, role);
            u = users.byId(u.id());
        }
        return u;
    }

    /** Signed in at the provider, but no rule gives the person a role. */
    public static final class Unmapped extends SsoRefusal {
        private final String email;

        Unmapped(String email) {
            super("your account " + email + " has no role in Rollcall: no group or e-mail domain rule matches it. "
                    + "Ask the school's IT administrator to add one.");
            this.email = email;
        }

        public String email() {
            return email;
        }
    }
}
