package io.rollcall.collector.metrics;

import io.rollcall.collector.http.AdminAuth;
import io.rollcall.common.wire.Hashes;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Who may scrape {@code GET /metrics}: the rule of {@link MetricsSettings}, apart from HTTP so it can be tested alone. */
final class MetricsAccess {
    enum Decision { ALLOW, UNAUTHORIZED, FORBIDDEN }

    private MetricsAccess() {
    }

    /**
     * @param peer          the address the TCP connection comes from (never a forwarded header, which anyone can set)
     * @param authorization the request's {@code Authorization} header, or {@code null}
     */
    static Decision decide(MetricsSettings settings, InetAddress peer, String authorization) {
        if (settings.token() == null) {
            return peer != null && peer.isLoopbackAddress() ? Decision.ALLOW : Decision.FORBIDDEN;
        }
        String given = AdminAuth.bearer(authorization);
        if (given == null) {
            return Decision.UNAUTHORIZED;
        }
        // digests of equal length, compared in constant time: neither the token's bytes nor its length leak
        return MessageDigest.isEqual(Hashes.sha256(given.getBytes(StandardCharsets.UTF_8)),
                Hashes.sha256(settings.token().getBytes(StandardCharsets.UTF_8))) ? Decision.ALLOW : Decision.UNAUTHORIZED;
    }
}
