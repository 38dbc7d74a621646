package io.rollcall.collector.firstrun;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rollcall.collector.tls.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First-start secrets of a collector: the enrolment token (baked into installers) and the admin
 * API token (the first admin's credential).
 *
 * <p>On a data directory without {@code secrets/}, {@link #initialise} generates both tokens (or
 * takes them from {@code ROLLCALL_ENROLL_TOKEN} / {@code ROLLCALL_ADMIN_TOKEN}), writes them with
 * the CA fingerprint and URL to {@code DATA/first-run.json} (mode 0600), then publishes their
 * SHA-256 hashes as {@code DATA/secrets/*.sha256}. Later starts only load the hashes. A preset
 * variable on a later start whose hash differs replaces that token's hash: setting the variable is
 * how an operator rotates a token.
 *
 * <p>Blocking file I/O: call from {@code main} before deploying verticles. Clear tokens are only ever in
 * {@code first-run.json}: never logged, never printed ({@link #banner} says where the file is).
 */
public final class FirstRun {

    public static final String FIRST_RUN_FILE = "first-run.json";
    public static final String ENROLL_TOKEN_ENV = "ROLLCALL_ENROLL_TOKEN";
    public static final String ADMIN_TOKEN_ENV = "ROLLCALL_ADMIN_TOKEN";
    static final String ENROLL_PREFIX = "rc_enroll_";
    static final String ADMIN_PREFIX = "rc_admin_";
    static final int MIN_PRESET_LENGTH = 24;
    static final int MAX_PRESET_LENGTH = 512;

    private static final Logger LOG = LoggerFactory.getLogger(FirstRun.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private FirstRun() {
    }

    /** {@code https://host:port}, bracketing an IPv6 literal. */
    public static String url(String host, int port) {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "https://" + h + ":" + port;
    }

    /** {@link #initialise(Path, String, String, Map, SecureRandom)} with the process environment. */
    public static FirstRunResult initialise(Path dataDir, String caFingerprint, String url) throws IOException {
        return initialise(dataDir, caFingerprint, url, System.getenv(), new SecureRandom());
    }

    /**
     * Creates the tokens on the first start, or loads their hashes on later ones.
     *
     * @param env a view of the environment; an empty value counts as unset (compose files often
     *            pass an unset variable through as empty)
     * @throws IllegalArgumentException naming the variable when a preset token is too short, too
     *                                  long or holds non-printable characters or spaces
     * @throws IllegalStateException    when {@code secrets/} exists but a hash file is missing or corrupt
     */
    public static FirstRunResult initialise(Path dataDir, String caFingerprint, String url, Map<String, String> env,
                                            SecureRandom random) throws IOException {
        // Validate first so a bad preset refuses the start before anything is written.
        Optional<String> presetEnroll = preset(env, ENROLL_TOKEN_ENV);
        Optional<String> presetAdmin = preset(env, ADMIN_TOKEN_ENV);
        Files.createDirectories(dataDir);
        removeAbandonedStaging(dataDir);
        Path secretsDir = dataDir.resolve(TokenHashes.SECRETS_DIR);

        if (Files.isDirectory(secretsDir)) {
            TokenHashes.load(dataDir); // fails clearly on a damaged directory before anything is rotated
            rotateIfPresetDiffers(secretsDir, TokenHashes.ENROLL_HASH_FILE, presetEnroll, ENROLL_TOKEN_ENV);
            rotateIfPresetDiffers(secretsDir, TokenHashes.ADMIN_HASH_FILE, presetAdmin, ADMIN_TOKEN_ENV);
            return new FirstRunResult(false, url, caFingerprint, Optional.empty(), TokenHashes.load(dataDir));
        }

        String enrollToken = presetEnroll.orElseGet(() -> newToken(ENROLL_PREFIX, random));
        String adminToken = presetAdmin.orElseGet(() -> newToken(ADMIN_PREFIX, random));
        // first-run.json before the hashes: if we crash in between, the next start sees no secrets/
        // and starts over, so nobody is ever left with hashes whose tokens were never written down.
        Map<String, String> firstRun = new LinkedHashMap<>();
        firstRun.put("enrollToken", enrollToken);
        firstRun.put("adminToken", adminToken);
        firstRun.put("caFingerprint", caFingerprint);
        firstRun.put("url", url);
        SecureFiles.writeAtomically(dataDir.resolve(FIRST_RUN_FILE),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(firstRun) + "\n");

        // Both hashes appear together: staged in a private directory, then renamed into place.
        Path staging = SecureFiles.supportsPosix(dataDir)
                ? Files.createTempDirectory(dataDir, ".secrets-",
                        PosixFilePermissions.asFileAttribute(SecureFiles.OWNER_ONLY_DIR))
                : Files.createTempDirectory(dataDir, ".secrets-");
        SecureFiles.writeAtomically(staging.resolve(TokenHashes.ENROLL_HASH_FILE), TokenHashes.sha256Hex(enrollToken) + "\n");
        SecureFiles.writeAtomically(staging.resolve(TokenHashes.ADMIN_HASH_FILE), TokenHashes.sha256Hex(adminToken) + "\n");
        SecureFiles.publishDirectory(staging, secretsDir);
        LOG.info("First start: issued the enrolment token ({}) and admin token ({}); written to {}",
                presetEnroll.isPresent() ? "from " + ENROLL_TOKEN_ENV : "generated",
                presetAdmin.isPresent() ? "from " + ADMIN_TOKEN_ENV : "generated",
                dataDir.resolve(FIRST_RUN_FILE));
        return new FirstRunResult(true, url, caFingerprint,
                Optional.of(new FirstRunResult.IssuedTokens(enrollToken, adminToken)), TokenHashes.load(dataDir));
    }

    /**
     * The one-time console banner: URL, CA fingerprint and where the tokens are kept. Never the tokens: standard
     * output ends up in a service manager's journal, which more people can read than {@code first-run.json}.
     *
     * @throws IllegalArgumentException when {@code result} is not from the creating start
     */
    public static String banner(FirstRunResult result, Path dataDir) {
        result.issued().orElseThrow(() -> new IllegalArgumentException(
                "no banner after the first start: the tokens are only known when they are created"));
        String rule = "=".repeat(78);
        Path file = dataDir.toAbsolutePath().resolve(FIRST_RUN_FILE);
        return rule + "\n"
                + "Rollcall collector - first start\n\n"
                + "  URL               " + result.url() + "\n"
                + "  CA fingerprint    " + result.caFingerprint() + "\n\n"
                + "The enrolment token and the admin API token are in " + file + "\n"
                + "(mode 0600, readable only by this user); move it somewhere safe.\n"
                + "Enrol an agent: rollcall-agent enroll --server " + result.url()
                + " --token <enrollToken from that file> --ca-fingerprint " + result.caFingerprint() + "\n"
                + rule + "\n";
    }

    /** A prefixed token carrying 32 random bytes, base64url without padding. */
    static String newToken(String prefix, SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Optional<String> preset(Map<String, String> env, String variable) {
        String value = env.get(variable);
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        // The message names the variable and the rule, never the value: it may be a real secret.
        if (value.length() < MIN_PRESET_LENGTH || value.length() > MAX_PRESET_LENGTH) {
            throw new IllegalArgumentException(String.format(
                    "%s was %d characters long, must be %d to %d printable characters", variable, value.length(),
                    MIN_PRESET_LENGTH, MAX_PRESET_LENGTH));
        }
        if (!value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException(variable
                    + " holds a space or a non-printable or non-ASCII character; use printable ASCII only");
        }
        return Optional.of(value);
    }

    private static void rotateIfPresetDiffers(Path secretsDir, String hashFile, Optional<String> preset,
                                              String variable) throws IOException {
        if (preset.isEmpty()) {
            return;
        }
        Path file = secretsDir.resolve(hashFile);
        String wanted = TokenHashes.sha256Hex(preset.get());
        if (!Files.readString(file).trim().equals(wanted)) {
            SecureFiles.writeAtomically(file, wanted + "\n");
            LOG.warn("Replaced the token hash in {} with the token from {}", file, variable);
        }
    }

    /** Staging directories left by a crash hold only hashes of tokens nobody was shown. */
    private static void removeAbandonedStaging(Path dataDir) throws IOException {
        try (Stream<Path> entries = Files.list(dataDir)) {
            for (Path staging : entries.filter(p -> p.getFileName().toString().startsWith(".secrets-")).toList()) {
                try (Stream<Path> tree = Files.walk(staging)) {
                    for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }
}
