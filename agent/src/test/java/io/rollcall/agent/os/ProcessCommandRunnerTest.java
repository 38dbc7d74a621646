package io.rollcall.agent.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real runner on real processes: absolute paths only, a mandatory timeout, a killed tree, capped output. */
class ProcessCommandRunnerTest {
    private static final Duration BOUND = Duration.ofSeconds(20);
    private final CommandRunner runner = CommandRunner.system();

    @TempDir
    Path dir;

    @Test
    void aProgramNameIsNeverLookedUpInPath() throws Exception {
        // a planted "sh" first in PATH is what a PATH lookup would run
        Path planted = Files.writeString(dir.resolve("sh"), "#!/bin/sh\necho planted\n");
        planted.toFile().setExecutable(true);
        CommandResult r = runner.run(List.of("sh", "-c", "echo real"), Map.of("PATH", dir.toString()),
                Duration.ofSeconds(5));
        assertFalse(r.ok());
        assertTrue(r.failure().contains("not an absolute path"), r.failure());
        assertEquals(List.of(), r.stdout());
    }

    @Test
    void theChildSeesAFixedPathAndCLocale() {
        CommandResult r = runner.run(List.of("/bin/sh", "-c", "echo \"$PATH $LC_ALL\""), Duration.ofSeconds(5));
        assertTrue(r.ok(), String.valueOf(r.failure()));
        assertEquals(List.of("/usr/sbin:/usr/bin:/sbin:/bin C"), r.stdout());
    }

    @Test
    void aTimeoutIsMandatory() {
        assertTrue(runner.run(List.of("/bin/sh", "-c", "true"), Map.of(), null).failure().contains("timeout"));
        assertTrue(runner.run(List.of("/bin/sh", "-c", "true"), Duration.ZERO).failure().contains("timeout"));
    }

    /** A tool that starts a child which ignores its parent's end: both are killed when the time is up. */
    @Test
    void onTimeoutTheWholeProcessTreeIsKilled() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        CommandResult r = assertTimeoutPreemptively(BOUND, () -> runner.run(List.of("/bin/sh", "-c",
                "sleep 600 & echo $! > " + pidFile + "; wait"), Duration.ofMillis(500)));
        assertTrue(r.failure().contains("did not finish within 500 ms"), r.failure());
        long child = Long.parseLong(Files.readString(pidFile).trim());
        assertTimeoutPreemptively(BOUND, () -> {
            while (running(child)) {
                Thread.onSpinWait();
            }
        }, "the child outlived the timeout");
    }

    /** Alive and not a zombie: whether a killed process is reaped is up to whoever is PID 1 here. */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void outputBeyondTheCapIsRefusedAndTheProducerStopped() {
        CommandResult r = assertTimeoutPreemptively(BOUND, () -> runner.run(List.of("/usr/bin/yes"), Map.of(),
                Duration.ofSeconds(15), 1 << 20));
        assertFalse(r.ok());
        assertTrue(r.failure().contains("printed more than 1 MiB"), r.failure());
        assertEquals(List.of(), r.stdout());
    }

    @Test
    void ordinaryOutputAndExitCodeComeBack() {
        CommandResult r = runner.run(List.of("/bin/sh", "-c", "printf 'a\\nb\\n'; exit 3"), Duration.ofSeconds(5));
        assertNull(r.failure());
        assertEquals(3, r.exitCode());
        assertEquals(List.of("a", "b"), r.stdout());
    }
}
