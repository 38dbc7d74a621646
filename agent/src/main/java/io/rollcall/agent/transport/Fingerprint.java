package io.rollcall.agent.transport;

import io.rollcall.common.wire.Hashes;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A SHA-256 certificate fingerprint: the hash of the certificate's DER encoding. Accepts what people paste:
 * upper or lower case, with or without colons or spaces.
 */
public record Fingerprint(byte[] sha256) {

    public Fingerprint {
        if (sha256 == null || sha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 fingerprint is 32 bytes");
        }
        sha256 = sha256.clone();
    }

    /** @throws IllegalArgumentException naming the value when it is not 64 hex digits */
    public static Fingerprint parse(String text) {
        String hex = text == null ? "" : text.replace(":", "").replace(" ", "").trim().toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(String.format(
                    "CA fingerprint was '%s', expected SHA-256 as 64 hex digits (colons allowed)", text));
        }
        return new Fingerprint(HexFormat.of().parseHex(hex));
    }

    public static Fingerprint of(X509Certificate cert) {
        try {
            return new Fingerprint(Hashes.sha256(cert.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + cert.getSubjectX500Principal(), e);
        }
    }

    public boolean matches(X509Certificate cert) {
        return MessageDigest.isEqual(sha256, of(cert).sha256);
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint f && MessageDigest.isEqual(sha256, f.sha256);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(sha256);
    }

    /** Colon-separated upper-case hex, the way keytool and browsers show it. */
    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256);
    }
}
