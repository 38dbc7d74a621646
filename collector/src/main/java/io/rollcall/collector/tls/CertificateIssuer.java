package io.rollcall.collector.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Creates the collector's CA and server certificates in memory; no file I/O.
 *
 * <p>Keys are EC P-256 with ECDSA-SHA256 signatures: generation takes milliseconds (an RSA-3072
 * key can take seconds on a small VM at first start), the certificates are small, and every TLS
 * 1.2/1.3 stack the agent or a browser uses supports it. Bouncy Castle only assembles the ASN.1;
 * key generation, signing and certificate parsing use the JDK's own providers, because the BC
 * provider is never registered (a shaded jar cannot carry its signature).
 */
final class CertificateIssuer {

    static final String KEY_ALGORITHM = "EC";
    static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    static final Duration CA_VALIDITY = Duration.ofDays(3652);
    static final Duration SERVER_VALIDITY = Duration.ofDays(825);
    /** Backdating absorbs clock skew on laptops that have been asleep or offline. */
    private static final Duration BACKDATE = Duration.ofHours(1);

    private final SecureRandom random;

    CertificateIssuer(SecureRandom random) {
        this.random = random;
    }

    /** A fresh EC P-256 key pair from the JDK provider. */
    KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(KEY_ALGORITHM);
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    /**
     * A self-signed CA certificate "Rollcall CA &lt;id&gt;": CA:true with pathlen 0 (it signs server
     * certificates only, never another CA), keyCertSign|cRLSign, valid ten years from {@code now}.
     * The random id tells two installations' CAs apart in a trust store.
     */
    X509Certificate issueCa(KeyPair caKeys, Instant now) throws GeneralSecurityException {
        byte[] id = new byte[4];
        random.nextBytes(id);
        X500Name subject = cn("Rollcall CA " + HexFormat.of().formatHex(id));
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), subject, caKeys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
        } catch (CertIOException e) {
            throw new GeneralSecurityException("cannot encode CA certificate extensions", e);
        }
        return sign(builder, caKeys.getPrivate());
    }

    /**
     * A server certificate for {@code names}, signed by the CA: CN = host name, subjectAltName = the
     * DNS names and IPs, serverAuth only, valid 825 days (the longest lifetime Apple platforms accept
     * for a TLS server certificate).
     */
    X509Certificate issueServer(KeyPair serverKeys, ServerNames names, X509Certificate caCert, PrivateKey caKey,
                                Instant now) throws GeneralSecurityException {
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCert, serial(),
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(SERVER_VALIDITY)), cn(names.commonName()),
                serverKeys.getPublic());
        List<GeneralName> altNames = new ArrayList<>();
        names.dnsNames().forEach(dns -> altNames.add(new GeneralName(GeneralName.dNSName, dns)));
        names.ipAddresses().forEach(ip -> altNames.add(new GeneralName(GeneralName.iPAddress, ip)));
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    // ECDSA certificates sign the handshake; keyEncipherment applies to RSA key transport only.
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(altNames.toArray(GeneralName[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(serverKeys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(caCert));
        } catch (CertIOException e) {
            throw new GeneralSecurityException("cannot encode server certificate extensions", e);
        }
        return sign(builder, caKey);
    }

    /** True when {@code key} is the private half of the key in {@code certificate}. */
    static boolean keyMatches(PrivateKey key, X509Certificate certificate) {
        try {
            byte[] challenge = "rollcall key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(SIGNATURE_ALGORITHM);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signingKey)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot create " + SIGNATURE_ALGORITHM + " signer", e);
        }
    }

    /** A positive 127-bit serial: unique without a counter (no shared state across collectors). */
    private BigInteger serial() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        bytes[0] &= 0x7f;
        bytes[0] |= 0x40;
        return new BigInteger(1, bytes);
    }

    private static X500Name cn(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }
}
