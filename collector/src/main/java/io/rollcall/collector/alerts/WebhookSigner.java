package io.rollcall.collector.alerts;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature a webhook receiver checks: {@code X-Rollcall-Signature: sha256=<hex HMAC-SHA256 of
 * "<timestamp>.<body>" under the target's secret>} and {@code X-Rollcall-Timestamp: <Unix seconds>}. Signing the
 * timestamp with the body lets a receiver refuse a captured request replayed later (we suggest 5 minutes).
 */
public final class WebhookSigner {
    public static final String SIGNATURE = "X-Rollcall-Signature";
    public static final String TIMESTAMP = "X-Rollcall-Timestamp";
    public static final String DELIVERY = "X-Rollcall-Delivery";
    public static final String EVENT = "X-Rollcall-Event";

    private WebhookSigner() {
    }

    /** {@code sha256=<hex>} for this body sent at {@code epochSeconds}. */
    public static String sign(String secret, long epochSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] h = mac.doFinal((epochSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
