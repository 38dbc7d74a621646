package io.rollcall.agent.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** PEM encoding of a single X.509 certificate. */
public final class Pem {
    private Pem() {
    }

    public static String encode(X509Certificate cert) {
        try {
            String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(cert.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + cert.getSubjectX500Principal(), e);
        }
    }

    /** Reads the first certificate in a PEM (or DER) file. */
    public static X509Certificate read(Path file) throws IOException {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            return (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(file)));
        } catch (CertificateException e) {
            throw new IOException(String.format("%s does not hold an X.509 certificate: %s", file, e.getMessage()), e);
        }
    }
}
