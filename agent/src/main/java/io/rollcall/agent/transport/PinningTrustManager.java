package io.rollcall.agent.transport;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust for the one connection that enrols: the server is trusted only if its presented chain contains a
 * certificate with the pinned SHA-256 fingerprint and the server certificate ({@code chain[0]}) is signed by that
 * certificate's key. The chain is then checked once more by the JDK's PKIX trust manager with the pinned CA as the
 * only anchor, which adds validity dates and, through the SSLEngine's parameters, host name verification.
 *
 * <p>After a successful handshake {@link #pinnedCa()} is the CA to save and trust from then on. Client
 * authentication is never trusted by this manager.
 */
public final class PinningTrustManager extends X509ExtendedTrustManager {
    private final Fingerprint pin;
    private volatile X509Certificate pinnedCa;

    public PinningTrustManager(Fingerprint pin) {
        this.pin = pin;
    }

    /** The CA that matched the pin in the last accepted handshake; {@code null} before one. */
    public X509Certificate pinnedCa() {
        return pinnedCa;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        pkix(verifyPin(chain)).checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        pkix(verifyPin(chain)).checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix(verifyPin(chain)).checkServerTrusted(chain, authType);
    }

    private X509Certificate verifyPin(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server presented no certificate");
        }
        X509Certificate ca = Arrays.stream(chain).filter(pin::matches).findFirst().orElseThrow(() ->
                new CertificateException(String.format(
                        "no certificate in the server's chain has the pinned fingerprint %s (chain: %s); "
                                + "check --ca-fingerprint against the collector's first-run.json", pin, describe(chain))));
        try {
            chain[0].verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new CertificateException(String.format("the server certificate %s is not signed by the pinned CA %s: %s",
                    chain[0].getSubjectX500Principal(), ca.getSubjectX500Principal(), e.getMessage()), e);
        }
        pinnedCa = ca;
        return ca;
    }

    /** A PKIX trust manager whose only anchor is {@code ca}. */
    static X509ExtendedTrustManager pkixTrusting(X509Certificate ca) throws CertificateException {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setCertificateEntry("collector-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(ks);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
            throw new CertificateException("the JDK offers no X509ExtendedTrustManager for PKIX");
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw new CertificateException("cannot build a trust store for " + ca.getSubjectX500Principal(), e);
        }
    }

    private static X509ExtendedTrustManager pkix(X509Certificate ca) throws CertificateException {
        return pkixTrusting(ca);
    }

    private static String describe(X509Certificate[] chain) {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : chain) {
            if (!sb.isEmpty()) {
                sb.append(" <- ");
            }
            sb.append(c.getSubjectX500Principal().getName()).append(" [").append(Fingerprint.of(c)).append(']');
        }
        return sb.toString();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("an agent never accepts client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("an agent never accepts client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("an agent never accepts client certificates");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
