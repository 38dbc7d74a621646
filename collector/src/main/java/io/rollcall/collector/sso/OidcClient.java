package io.rollcall.collector.sso;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenID Connect relying party, on the Nimbus OAuth 2.0 / OIDC SDK: reads each provider's discovery document,
 * builds the authorisation request (code flow, PKCE S256, state, nonce), exchanges the code, and validates the ID
 * token (signature against the provider's JWKS, issuer, audience, expiry, nonce). The discovery document and the JWKS
 * are cached per provider on this node (a cache any node rebuilds); a token signed with a key the cached JWKS lacks
 * makes the JWKS be fetched again, so a provider's key rotation needs nothing from the admin. Blocking (HTTP).
 */
public final class OidcClient {
    /** How long a JWKS is trusted before it is fetched again. */
    static final Duration JWKS_TTL = Duration.ofMinutes(15);
    private static final int TIMEOUT_MS = 5_000;
    /** Allowed difference between the provider's clock and ours when checking iat/exp. */
    static final int CLOCK_SKEW_SECONDS = 60;

    /** What an authorisation request carries that the callback must check: kept server-side until then. */
    public record Started(URI redirect, String state, String nonce, String codeVerifier) {
    }

    private record Cached(OIDCProviderMetadata metadata, IDTokenValidator validator) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final long jwksRefetchMinMillis;

    /**
     * @param jwksRefetchMinMillis the least time between two JWKS fetches caused by unknown keys (so a flood of
     *                             forged tokens cannot make us hammer the provider); 0 only in tests
     */
    public OidcClient(long jwksRefetchMinMillis) {
        this.jwksRefetchMinMillis = jwksRefetchMinMillis;
    }

    /** The authorisation request for {@code p}, with fresh state, nonce and PKCE verifier. */
    public Started start(SsoProvider p, URI callback) throws Exception {
        OIDCProviderMetadata m = cached(p).metadata();
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        Nonce nonce = new Nonce();
        AuthenticationRequest req = new AuthenticationRequest.Builder(ResponseType.CODE,
                new Scope("openid", "email", "profile"), new ClientID(p.clientId()), callback)
                .endpointURI(m.getAuthorizationEndpointURI())
                .state(state).nonce(nonce).codeChallenge(verifier, CodeChallengeMethod.S256)
                .build();
        return new Started(req.toURI(), state.getValue(), nonce.getValue(), verifier.getValue());
    }

    /**
     * Exchanges {@code code} at the token endpoint and returns the validated ID token's claims.
     *
     * @throws SsoRefusal naming what failed (the provider's error, signature, audience, issuer, expiry, nonce)
     */
    public IDTokenClaimsSet finish(SsoProvider p, URI callback, String code, String codeVerifier, String nonce)
            throws Exception {
        Cached c = cached(p);
        TokenRequest tr = new TokenRequest(c.metadata().getTokenEndpointURI(),
                new ClientSecretBasic(new ClientID(p.clientId()), new Secret(p.secret())),
                new AuthorizationCodeGrant(new AuthorizationCode(code), callback, new CodeVerifier(codeVerifier)));
        HTTPRequest http = tr.toHTTPRequest();
        http.setConnectTimeout(TIMEOUT_MS);
        http.setReadTimeout(TIMEOUT_MS);
        TokenResponse res = OIDCTokenResponseParser.parse(http.send());
        if (!res.indicatesSuccess()) {
            ErrorObject e = res.toErrorResponse().getErrorObject();
            throw new SsoRefusal("the provider refused the sign-in code (" + e.getCode()
                    + (e.getDescription() == null ? "" : ": " + e.getDescription()) + ")");
        }
        JWT idToken = ((OIDCTokenResponse) res.toSuccessResponse()).getOIDCTokens().getIDToken();
        if (idToken == null) {
            throw new SsoRefusal("the provider sent no ID token");
        }
        return validate(p, idToken, nonce);
    }

    /** Checks the ID token's signature, issuer, audience, expiry and nonce. */
    public IDTokenClaimsSet validate(SsoProvider p, JWT idToken, String nonce) throws Exception {
        try {
            return cached(p).validator().validate(idToken, new Nonce(nonce));
        } catch (com.nimbusds.jose.proc.BadJOSEException e) {
            throw new SsoRefusal("the ID token was not valid: " + e.getMessage());
        } catch (com.nimbusds.jose.jwk.source.RateLimitReachedException e) {
            // an unknown key id again so soon after the last fetch: a forgery far likelier than a second rotation
            throw new SsoRefusal("the ID token was not valid: signed with a key the provider does not publish");
        }
    }

    /** Forgets a provider's discovery document and keys (after the admin changes it). */
    public void forget(String providerId) {
        cache.keySet().removeIf(k -> k.startsWith(providerId + "|"));
    }

    private Cached cached(SsoProvider p) throws Exception {
        String key = p.id() + "|" + p.issuer() + "|" + p.clientId();
        Cached c = cache.get(key);
        if (c == null) {
            c = load(p);
            cache.put(key, c);
        }
        return c;
    }

    private Cached load(SsoProvider p) throws Exception {
        // resolve() also checks that the document names the same issuer we asked
        OIDCProviderMetadata m = OIDCProviderMetadata.resolve(new Issuer(p.issuer()), TIMEOUT_MS, TIMEOUT_MS);
        requireSafe("jwks_uri", m.getJWKSetURI());
        requireSafe("token_endpoint", m.getTokenEndpointURI());
        JWKSourceBuilder<SecurityContext> b = JWKSourceBuilder.create(m.getJWKSetURI().toURL(),
                        new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS, 512 * 1024))
                .cache(JWKS_TTL.toMillis(), TIMEOUT_MS);
        JWKSource<SecurityContext> keys = (jwksRefetchMinMillis > 0 ? b.rateLimited(jwksRefetchMinMillis)
                : b.rateLimited(false)).build();
        // only asymmetric algorithms: an HMAC "signed" with the client secret, or alg none, is never accepted
        Set<JWSAlgorithm> algs = new LinkedHashSet<>();
        if (m.getIDTokenJWSAlgs() != null) {
            for (JWSAlgorithm a : m.getIDTokenJWSAlgs()) {
                if (JWSAlgorithm.Family.RSA.contains(a) || JWSAlgorithm.Family.EC.contains(a)) {
                    algs.add(a);
                }
            }
        }
        if (algs.isEmpty()) {
            algs.add(JWSAlgorithm.RS256);
        }
        IDTokenValidator v = new IDTokenValidator(m.getIssuer(), new ClientID(p.clientId()),
                new JWSVerificationKeySelector<>(algs, keys), null);
        v.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        return new Cached(m, v);
    }

    private static void requireSafe(String what, URI u) throws SsoRefusal {
        if (u == null || !isSafe(u)) {
            throw new SsoRefusal("the provider's " + what + " (" + u + ") must be an https URL");
        }
    }

    /** https, or http to this machine only (a provider run beside the collector, or in a test). */
    public static boolean isSafe(URI u) {
        if ("https".equals(u.getScheme())) {
            return u.getHost() != null;
        }
        if (!"http".equals(u.getScheme()) || u.getHost() == null) {
            return false;
        }
        try {
            return InetAddress.getByName(u.getHost()).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
