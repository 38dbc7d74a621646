package io.rollcall.collector.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relying party's ID token checks against a real provider whose signing key the test can rotate. */
class OidcClientTest {
    private static final String ISSUER_ID = "school";
    private static final String CLIENT = "rollcall";
    private static final String SECRET = "a-client-secret-of-32-bytes-or-more-0123456789";

    /** The provider's signing key, swapped by the test as a provider rotates its keys (new key, new key id). */
    static final class RotatingKeys extends KeyProvider {
        volatile RSAKey current;

        @Override
        public JWK signingKey(String issuerId) {
            return current;
        }
    }

    static final RotatingKeys keys = new RotatingKeys();
    static MockOAuth2Server idp;
    static SsoProvider provider;

    @BeforeAll
    static void start() throws Exception {
        idp = new MockOAuth2Server(new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(keys)));
        idp.start(InetAddress.getLoopbackAddress(), 0);
        provider = new SsoProvider("t", "T", idp.issuerUrl(ISSUER_ID).toString(), CLIENT, SECRET, null, true,
                Instant.now(), "test");
    }

    @BeforeEach
    void freshKey() throws Exception {
        // each test starts from a key no client has cached (each test's client is new anyway)
        keys.current = new RSAKeyGenerator(2048).keyID("key-" + java.util.UUID.randomUUID()).generate();
    }

    @AfterAll
    static void stop() {
        idp.shutdown();
    }

    private SignedJWT token(String nonce) {
        return idp.issueToken(ISSUER_ID, CLIENT, new DefaultOAuth2TokenCallback(ISSUER_ID, "someone", "JWT",
                List.of(CLIENT), Map.of("email", "someone@school.test", "nonce", nonce), 600));
    }

    @Test
    void aRotatedSigningKeyIsFetchedWithoutTheAdmin() throws Exception {
        OidcClient client = new OidcClient(0);
        assertEquals("someone@school.test", client.validate(provider, token("n1"), "n1").getStringClaim("email"));
        keys.current = new RSAKeyGenerator(2048).keyID("key-2026-02").generate();
        // the cached JWKS lacks the new key id, so it is fetched again and the new key verifies
        assertEquals("someone@school.test", client.validate(provider, token("n2"), "n2").getStringClaim("email"));
    }

    @Test
    void unknownKeyIdsCannotMakeItFetchTheJwksMoreThanTwiceAnInterval() throws Exception {
        OidcClient client = new OidcClient(60_000);
        client.validate(provider, token("n1"), "n1");
        // Nimbus's rate limit allows a second fetch in the interval (a genuine rotation right after a fetch)…
        keys.current = new RSAKeyGenerator(2048).keyID("key-2").generate();
        client.validate(provider, token("n2"), "n2");
        // …and no third: a flood of made-up key ids is refused from the cache, not passed on to the provider
        keys.current = new RSAKeyGenerator(2048).keyID("key-3").generate();
        assertThrows(SsoRefusal.class, () -> client.validate(provider, token("n3"), "n3"));
    }

    @Test
    void aTokenMacedWithTheClientSecretIsRefused() throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(provider.issuer()).audience(CLIENT).subject("x")
                .claim("nonce", "n").issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(SECRET));
        SsoRefusal e = assertThrows(SsoRefusal.class, () -> new OidcClient(0).validate(provider, jwt, "n"));
        assertTrue(e.getMessage().contains("not valid"), e.getMessage());
    }

    @Test
    void aProviderOutsideHttpsOrLoopbackIsNotSafe() {
        assertTrue(OidcClient.isSafe(java.net.URI.create("https://accounts.google.com")));
        assertTrue(OidcClient.isSafe(java.net.URI.create("http://127.0.0.1:8080/x")));
        assertTrue(!OidcClient.isSafe(java.net.URI.create("http://login.example.com")));
    }
}
