package io.rollcall.collector.enrollment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rollcall.collector.firstrun.FirstRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Answers the enrolment page. Blocking (reads {@code first-run.json} and lists the installers directory): call it
 * on the worker pool. The first-run token is offered only while it still enrols (this node's first-run hash names it
 * and it is not revoked, expired or used up), so a rotated or retired token is never handed out; it is never logged.
 */
public final class EnrollmentService {
    /** Installers a technician copied into the directory, by file name; nothing else is ever served. */
    static final Map<String, String> PLATFORMS = Map.of(InstallCommands.DEB, "debian", InstallCommands.MSI, "windows",
            InstallCommands.PKG, "macos");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<String> url;
    private final String caFingerprint;
    private final Path dataDir;
    private final Path installersDir;
    private final String envToken;
    private final EnrollTokens tokens;

    /**
     * @param installersDir where built installers are copied ({@code DATA/installers} by default)
     * @param envToken      {@code ROLLCALL_ENROLL_TOKEN} as the collector was started, or null
     */
    public EnrollmentService(Supplier<String> url, String caFingerprint, Path dataDir, Path installersDir,
                             String envToken, EnrollTokens tokens) {
        this.url = url;
        this.caFingerprint = caFingerprint;
        this.dataDir = dataDir;
        this.installersDir = installersDir;
        this.envToken = envToken == null || envToken.isEmpty() ? null : envToken;
        this.tokens = tokens;
    }

    public EnrollmentInfo info() throws IOException, java.sql.SQLException {
        String token = null;
        String source = null;
        Optional<String> fromFile = tokenFromFirstRun();
        if (fromFile.isPresent() && tokens.usable(fromFile.get())) {
            token = fromFile.get();
            source = FirstRun.FIRST_RUN_FILE;
        } else if (envToken != null && tokens.usable(envToken)) {
            token = envToken;
            source = "environment";
        }
        List<EnrollmentInfo.Installer> installers = new ArrayList<>();
        for (String file : List.of(InstallCommands.MSI, InstallCommands.DEB, InstallCommands.PKG)) {
            Path p = installer(file);
            if (p != null) {
                installers.add(new EnrollmentInfo.Installer(PLATFORMS.get(file), file, Files.size(p),
                        "/api/v1/enrollment/installers/" + file));
            }
        }
        return new EnrollmentInfo(url.get(), caFingerprint, token, source, installers,
                InstallCommands.forAll(url.get(), caFingerprint, token));
    }

    /** The installer file for a known name that exists, or null; any other name (a path, "..") is null. */
    public Path installer(String file) {
        if (!PLATFORMS.containsKey(file)) {
            return null;
        }
        Path p = installersDir.resolve(file);
        return Files.isRegularFile(p) ? p : null;
    }

    private Optional<String> tokenFromFirstRun() throws IOException {
        Path f = dataDir.resolve(FirstRun.FIRST_RUN_FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            JsonNode t = JSON.readTree(f.toFile()).get("enrollToken");
            return t == null || !t.isTextual() ? Optional.empty() : Optional.of(t.asText());
        } catch (IOException e) {
            // a damaged first-run.json only means the token is not offered; the message never carries its content
            return Optional.empty();
        }
    }
}
