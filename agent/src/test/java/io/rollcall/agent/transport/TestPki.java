package io.rollcall.agent.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throwaway CA and a server certificate it signed (SAN 127.0.0.1 and localhost), made with the JDK's keytool
 * because the JDK has no certificate-building API. The key store password is random per run.
 */
public final class TestPki {
    public final Path dir;
    public final X509Certificate ca;
    public final SSLContext serverContext;

    private TestPki(Path dir, X509Certificate ca, SSLContext serverContext) {
        this.dir = dir;
        this.ca = ca;
        this.serverContext = serverContext;
    }

    public Fingerprint caFingerprint() {
        return Fingerprint.of(ca);
    }

    public static TestPki create(Path dir, String caName) throws Exception {
        byte[] pw = new byte[12];
        new SecureRandom().nextBytes(pw);
        String pass = HexFormat.of().formatHex(pw);
        String caStore = dir.resolve("ca.p12").toString();
        String srvStore = dir.resolve("server.p12").toString();
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + caName,
                "-ext", "bc:c", "-validity", "2", "-keystore", caStore, "-storetype", "PKCS12", "-storepass", pass);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", caStore, "-storepass", pass,
                "-file", dir.resolve("ca.pem").toString());
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=localhost", "-validity", "2", "-keystore", srvStore, "-storetype", "PKCS12", "-storepass", pass);
        keytool("-certreq", "-alias", "server", "-keystore", srvStore, "-storepass", pass,
                "-file", dir.resolve("server.csr").toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", caStore, "-storepass", pass,
                "-infile", dir.resolve("server.csr").toString(), "-outfile", dir.resolve("server.pem").toString(),
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth", "-validity", "2");
        // the reply chain: server certificate then CA, so the server presents both
        Path chain = dir.resolve("chain.pem");
        Files.writeString(chain, Files.readString(dir.resolve("server.pem")) + Files.readString(dir.resolve("ca.pem")));
        keytool("-importcert", "-noprompt", "-alias", "server", "-keystore", srvStore, "-storepass", pass,
                "-file", chain.toString());

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(srvStore))) {
            ks.load(in, pass.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pass.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return new TestPki(dir, Pem.read(dir.resolve("ca.pem")), ctx);
    }

    /** Only a CA certificate (two keytool runs instead of seven), for "some other CA" cases. */
    public static X509Certificate caOnly(Path dir, String caName) throws Exception {
        String pass = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        String store = dir.resolve("other-ca.p12").toString();
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + caName,
                "-ext", "bc:c", "-validity", "2", "-keystore", store, "-storetype", "PKCS12", "-storepass", pass);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", store, "-storepass", pass,
                "-file", dir.resolve("other-ca.pem").toString());
        return Pem.read(dir.resolve("other-ca.pem"));
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }
}
