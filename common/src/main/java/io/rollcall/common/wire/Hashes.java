package io.rollcall.common.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers shared by agent and collector. */
public final class Hashes {
    private Hashes() {
    }

    public static byte[] sha256(byte[] data) {
        return sha256(data, 0, data.length);
    }

    /** SHA-256 of {@code data[off, off + len)}. */
    public static byte[] sha256(byte[] data, int off, int len) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(data, off, len);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** SHA-256 of {@code data[off, off + len)} as unpadded base64url (43 characters). */
    public static String sha256Url(byte[] data, int off, int len) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(data, off, len));
    }

    public static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(sha256(data));
    }

    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The name hash a personal account reports: SHA-256 over the device's salt and the name, so the
     * same name on two devices gives two unrelated hashes.
     */
    public static String accountNameHash(String deviceSalt, String accountName) {
        return sha256Hex(deviceSalt + "\u0000" + accountName);
    }

    /** Constant-time comparison of two secrets or hashes. */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
