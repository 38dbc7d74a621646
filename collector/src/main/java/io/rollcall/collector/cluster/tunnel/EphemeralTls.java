package io.rollcall.collector.cluster.tunnel;

import java.math.BigInteger;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The tunnel's TLS identity: a fresh EC P-256 key and self-signed certificate made when the node starts, never written
 * to disk. TLS gives the tunnel confidentiality; who is on the other end is proven by {@link TunnelAuth}, which binds
 * the shared secret to both certificates' fingerprints. That is why the trust manager accepts any certificate: a
 * certificate alone proves nothing here, and an impostor's certificate makes the proof fail.
 */
final class EphemeralTls {
    private final SSLContext context;
    private final byte[] fingerprint;

    private EphemeralTls(SSLContext context, byte[] fingerprint) {
        this.context = context;
        this.fingerprint = fingerprint;
    }

    static EphemeralTls create(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        KeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name("CN=rollcall-cluster-tunnel");
        Instant now = Instant.now();
        byte[] serial = new byte[16];
        random.nextBytes(serial);
        X509Certificate cert;
        try {
            cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                    new BigInteger(1, serial), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(3650))), name, keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the tunnel certificate", e);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot create an in-memory key store", e);
        }
        char[] password = new char[0];
        store.setKeyEntry("tunnel", keys.getPrivate(), password, new Certificate[]{cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(kmf.getKeyManagers(), new TrustManager[]{new AnyCertificate()}, random);
        return new EphemeralTls(ctx, fingerprint(cert));
    }

    SSLContext context() {
        return context;
    }

    /** SHA-256 of this node's certificate (DER). */
    byte[] fingerprint() {
        return fingerprint.clone();
    }

    static byte[] fingerprint(Certificate cert) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
    }

    /** Accepts every peer certificate; see the class comment for why that is safe here. */
    private static final class AnyCertificate extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
