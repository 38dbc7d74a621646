package io.rollcall.collector.firstrun;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 hashes of the enrolment and admin tokens, read from {@code DATA/secrets/}, and
 * constant-time checks of a presented token against them. The clear tokens are never kept.
 * Generated tokens carry 256 random bits, so a plain SHA-256 is as strong as a slow password hash;
 * a preset token is the operator's choice and must be at least 24 characters.
 *
 * <p>Immutable; {@link #load} blocks on file I/O.
 */
public final class TokenHashes {

    public static final String SECRETS_DIR = "secrets";
    public static final String ENROLL_HASH_FILE = "enroll-token.sha256";
    public static final String ADMIN_HASH_FILE = "admin-token.sha256";

    private final byte[] enrollHash;
    private final byte[] adminHash;

    private TokenHashes(byte[] enrollHash, byte[] adminHash) {
        this.enrollHash = enrollHash;
        this.adminHash = adminHash;
    }

    /**
     * Reads both hash files from {@code dataDir/secrets}.
     *
     * @throws IllegalStateException naming the file when one is missing or not 64 hex digits
     */
    public static TokenHashes load(Path dataDir) throws IOException {
        Path dir = dataDir.resolve(SECRETS_DIR);
        return new TokenHashes(readHash(dir.resolve(ENROLL_HASH_FILE)), readHash(dir.resolve(ADMIN_HASH_FILE)));
    }

    /** True when {@code candidate} is the enrolment token; false for null. */
    public boolean verifyEnrollToken(String candidate) {
        return matches(enrollHash, candidate);
    }

    /** True when {@code candidate} is the admin API token; false for null. */
    public boolean verifyAdminToken(String candidate) {
        return matches(adminHash, candidate);
    }

    /** Lowercase hex SHA-256 of the token's UTF-8 bytes: the content of a hash file. */
    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    @Override
    public String toString() {
        return "TokenHashes[enroll and admin token hashes]";
    }

    private static boolean matches(byte[] expected, String candidate) {
        // Comparing hashes with isEqual leaks neither the token's length nor where a guess diverges.
        return candidate != null && MessageDigest.isEqual(expected, sha256(candidate));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    private static byte[] readHash(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            throw new IllegalStateException(file + " is missing. Restore it from a backup, or delete the whole "
                    + file.getParent() + " directory to issue new enrolment and admin tokens on the next start "
                    + "(enrolled agents keep working; installers need the new enrolment token).", e);
        }
        if (!text.matches("[0-9a-f]{64}")) {
            throw new IllegalStateException(file + " must hold 64 lowercase hex digits (a SHA-256 hash); it does not");
        }
        return HexFormat.of().parseHex(text);
    }
}
