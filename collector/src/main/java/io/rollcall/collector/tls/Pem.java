package io.rollcall.collector.tls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM text for certificates and PKCS#8 private keys (RFC 7468), using only JDK providers so the
 * shaded collector jar needs no signed security provider. Pure functions: no file I/O.
 */
public final class Pem {

    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final Base64.Encoder ENCODER =
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Pem() {
    }

    /** One certificate as a {@code CERTIFICATE} block ending in a newline. */
    public static String certificate(X509Certificate certificate) {
        try {
            return block("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("certificate cannot be DER-encoded: " + certificate.getSubjectX500Principal(), e);
        }
    }

    /** Several certificates, leaf first, as consecutive blocks (a TLS chain file). */
    public static String certificates(List<X509Certificate> chain) {
        StringBuilder text = new StringBuilder();
        chain.forEach(c -> text.append(certificate(c)));
        return text.toString();
    }

    /** A private key as an unencrypted PKCS#8 {@code PRIVATE KEY} block (what Vert.x and OpenSSL read). */
    public static String privateKey(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("private key format was " + key.getFormat() + ", must be PKCS#8");
        }
        return block("PRIVATE KEY", key.getEncoded());
    }

    /** Every certificate in {@code pem}, in file order; fails when there is none. */
    public static List<X509Certificate> parseCertificates(String pem) throws CertificateException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> result = new ArrayList<>();
        for (Certificate c : factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            result.add((X509Certificate) c);
        }
        if (result.isEmpty()) {
            throw new CertificateException("no certificate found in PEM text");
        }
        return result;
    }

    /**
     * The PKCS#8 private key in {@code pem}, decoded with the JDK's {@code algorithm} key factory
     * ("EC" or "RSA").
     */
    public static PrivateKey parsePrivateKey(String pem, String algorithm) throws GeneralSecurityException {
        Matcher matcher = PRIVATE_KEY.matcher(pem);
        if (!matcher.find()) {
            throw new GeneralSecurityException("no PKCS#8 'PRIVATE KEY' block found");
        }
        byte[] der = Base64.getMimeDecoder().decode(matcher.group(1));
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + ENCODER.encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
