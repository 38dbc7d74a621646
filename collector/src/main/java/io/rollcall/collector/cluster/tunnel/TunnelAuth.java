package io.rollcall.collector.cluster.tunnel;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

/**
 * Mutual proof of the cluster secret over a finished TLS handshake, before a single byte of Hazelcast traffic:
 * <ol>
 * <li>server → client: {@code RCT1} and a 32-byte random nonce;</li>
 * <li>client → server: {@code RCT1}, its own nonce and HMAC-SHA256(secret, "client" ‖ transcript);</li>
 * <li>server checks it (constant time) and only then answers HMAC-SHA256(secret, "server" ‖ transcript).</li>
 * </ol>
 * The transcript is both nonces and the SHA-256 fingerprints of the server's and the client's certificates, so the
 * proof is bound to this TLS session: a man in the middle has its own certificates on each leg, the two ends compute
 * different transcripts and both proofs fail. Fresh nonces stop replay; the labels stop a proof being reflected
 * back. The secret itself never crosses the wire.
 */
final class TunnelAuth {
    private static final byte[] MAGIC = "RCT1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE = 32;
    private static final int MAC = 32;

    private final byte[] secret;
    private final SecureRandom random;

    TunnelAuth(String secret, SecureRandom random) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.random = random;
    }

    /** Thrown when the peer cannot prove the secret or breaks the protocol; the caller drops the connection. */
    static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    void asServer(SSLSocket socket, byte[] ownFingerprint) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        byte[] serverNonce = nonce();
        out.write(concat(MAGIC, serverNonce));
        out.flush();
        byte[] hello = new byte[MAGIC.length + NONCE + MAC];
        in.readFully(hello);
        if (!MessageDigest.isEqual(slice(hello, 0, MAGIC.length), MAGIC)) {
            throw new Refused("peer does not speak the tunnel protocol");
        }
        // read after the client's first message: by then the client's certificate has surely arrived
        byte[] peer = peerFingerprint(socket);
        byte[] clientNonce = slice(hello, MAGIC.length, NONCE);
        byte[] transcript = concat(serverNonce, clientNonce, ownFingerprint, peer);
        if (!MessageDigest.isEqual(slice(hello, MAGIC.length + NONCE, MAC), mac("client", transcript))) {
            throw new Refused("peer could not prove the cluster secret");
        }
        out.write(mac("server", transcript));
        out.flush();
    }

    void asClient(SSLSocket socket, byte[] ownFingerprint) throws IOException {
        byte[] peer = peerFingerprint(socket);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        byte[] greeting = new byte[MAGIC.length + NONCE];
        in.readFully(greeting);
        if (!MessageDigest.isEqual(slice(greeting, 0, MAGIC.length), MAGIC)) {
            throw new Refused("peer does not speak the tunnel protocol");
        }
        byte[] serverNonce = slice(greeting, MAGIC.length, NONCE);
        byte[] clientNonce = nonce();
        byte[] transcript = concat(serverNonce, clientNonce, peer, ownFingerprint);
        out.write(concat(MAGIC, clientNonce, mac("client", transcript)));
        out.flush();
        byte[] answer = new byte[MAC];
        in.readFully(answer);
        if (!MessageDigest.isEqual(answer, mac("server", transcript))) {
            throw new Refused("peer could not prove the cluster secret");
        }
    }

    private static byte[] peerFingerprint(SSLSocket socket) throws IOException {
        try {
            return EphemeralTls.fingerprint(socket.getSession().getPeerCertificates()[0]);
        } catch (SSLPeerUnverifiedException e) {
            throw new Refused("no client certificate (handshake not completed)");
        } catch (GeneralSecurityException e) {
            throw new Refused("peer certificate unreadable");
        }
    }

    private byte[] mac(String label, byte[] transcript) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(label.getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(transcript);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private byte[] nonce() {
        byte[] n = new byte[NONCE];
        random.nextBytes(n);
        return n;
    }

    private static byte[] slice(byte[] b, int from, int length) {
        byte[] out = new byte[length];
        System.arraycopy(b, from, out, 0, length);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
