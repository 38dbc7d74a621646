package io.rollcall.installers;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaging tools (dpkg-deb, shellcheck, msiinfo…) the way a technician would. A missing tool fails the
 * test with the package to install: .ci/run installs them, so a skip would only hide a broken CI.
 */
final class Tools {
    /** What a finished command printed. */
    record Result(int exit, String out, String err) {
        Result requireSuccess(List<String> command) {
            if (exit != 0) {
                fail(String.format("%s exited %d%nstdout:%n%s%nstderr:%n%s", command, exit, out, err));
            }
            return this;
        }
    }

    private Tools() {
    }

    /** Where the build put the installers ({@code installers/target}). */
    static Path built() {
        return Path.of(System.getProperty("rollcall.installers.dir", "target")).toAbsolutePath();
    }

    /** The module's {@code src} directory. */
    static Path sources() {
        return Path.of(System.getProperty("rollcall.installers.src", "src")).toAbsolutePath();
    }

    static Path deb() {
        return existing(built().resolve("rollcall-agent_amd64.deb"));
    }

    static Path existing(Path p) {
        if (!Files.exists(p)) {
            fail(p + " was not built; run the tests through 'mvn verify' so the package phase runs first");
        }
        return p;
    }

    /** Fails naming the Debian package when {@code tool} is not on the PATH. */
    static void require(String tool, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        fail(tool + " is missing: apt-get install " + debianPackage + " (.ci/run installs it)");
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        return run(command, Map.of(), null);
    }

    static Result ok(String... command) throws IOException, InterruptedException {
        return run(List.of(command)).requireSuccess(List.of(command));
    }

    static Result run(List<String> command, Map<String, String> env, Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
        pb.environment().putAll(env);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Path out = Files.createTempFile("rc-tool-", ".out");
        Path err = Files.createTempFile("rc-tool-", ".err");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail(command + " did not finish in 5 minutes");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
