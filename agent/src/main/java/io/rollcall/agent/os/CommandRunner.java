package io.rollcall.agent.os;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs an external command. Never throws: a command that cannot start or times out gives a failed result. The real
 * runner refuses a program that is not an absolute path (the agent runs as root: no PATH lookup) and a missing or
 * non-positive timeout; on timeout it kills the whole process tree; output beyond a cap is refused, not parsed.
 */
public interface CommandRunner {

    /**
     * Runs {@code command} (the program as an absolute path) with extra environment variables {@code env} (added to
     * the agent's own), waiting at most {@code timeout}, reading at most 16 MiB of output.
     */
    CommandResult run(List<String> command, Map<String, String> env, Duration timeout);

    /** As {@link #run(List, Map, Duration)}, for the rare tool whose output may exceed the default cap. */
    default CommandResult run(List<String> command, Map<String, String> env, Duration timeout, long maxOutputBytes) {
        return run(command, env, timeout);
    }

    default CommandResult run(List<String> command, Duration timeout) {
        return run(command, Map.of(), timeout);
    }

    /** The real runner, backed by {@link ProcessBuilder}. */
    static CommandRunner system() {
        return new ProcessCommandRunner();
    }
}
