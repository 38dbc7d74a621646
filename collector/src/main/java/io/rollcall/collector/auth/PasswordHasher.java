package io.rollcall.collector.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}),
 * computed with Bouncy Castle, which the collector already ships for its CA. The default cost is
 * OWASP's minimum for Argon2id (19 MiB, 2 passes, 1 lane); the stored string carries its own cost,
 * so raising it later leaves old hashes verifiable. Blocking and CPU-heavy: call from a worker.
 */
public final class PasswordHasher {
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final int memoryKiB;
    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    public PasswordHasher(int memoryKiB, int iterations) {
        if (memoryKiB < 8 || iterations < 1) {
            throw new IllegalArgumentException("memoryKiB was " + memoryKiB + ", iterations " + iterations
                    + "; must be ≥ 8 and ≥ 1");
        }
        this.memoryKiB = memoryKiB;
        this.iterations = iterations;
    }

    public static PasswordHasher owaspDefaults() {
        return new PasswordHasher(19_456, 2);
    }

    /** A new PHC string with a fresh random salt. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] out = derive(password, salt, memoryKiB, iterations, 1, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKiB + ",t=" + iterations + ",p=1$" + B64.encodeToString(salt)
                + "$" + B64.encodeToString(out);
    }

    /** True when {@code password} matches {@code phc}; false for a malformed or foreign hash string. */
    public boolean verify(String password, String phc) {
        if (password == null || phc == null) {
            return false;
        }
        String[] parts = phc.split("\\$");
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            return false;
        }
        try {
            int m = 0;
            int t = 0;
            int p = 0;
            for (String kv : parts[3].split(",")) {
                String[] pair = kv.split("=", 2);
                int v = Integer.parseInt(pair[1]);
                switch (pair[0]) {
                    case "m" -> m = v;
                    case "t" -> t = v;
                    case "p" -> p = v;
                    default -> {
                        return false;
                    }
                }
            }
            byte[] salt = B64D.decode(parts[4]);
            byte[] expected = B64D.decode(parts[5]);
            if (m < 8 || m > 1_048_576 || t < 1 || t > 100 || p < 1 || p > 16 || expected.length < 16) {
                return false;
            }
            return MessageDigest.isEqual(expected, derive(password, salt, m, t, p, expected.length));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** True when {@code phc} was made with a lower cost than this hasher's: rehash on the next login. */
    public boolean needsRehash(String phc) {
        return phc == null || !phc.startsWith("$argon2id$v=19$m=" + memoryKiB + ",t=" + iterations + ",p=1$");
    }

    private static byte[] derive(String password, byte[] salt, int m, int t, int p, int len) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(m).withIterations(t).withParallelism(p).withSalt(salt).build();
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(params);
        byte[] out = new byte[len];
        gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
