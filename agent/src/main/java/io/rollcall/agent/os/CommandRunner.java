package io.rollcall.agent.os;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Runs an external command. Never throws: a command that cannot start or times out gives a failed result. */
public interface CommandRunner {

    /**
     * Runs {@code command} with extra environment variables {@code env} (added to the agent's own), waiting at most
     * {@code timeout}.
     */
    CommandResult run(List<String> command, Map<String, String> env, Duration timeout);

    default CommandResult run(List<String> command, Duration timeout) {
        return run(command, Map.of(), timeout);
    }

    /** The real runner, backed by {@link ProcessBuilder}. */
    static CommandRunner system() {
        return new ProcessCommandRunner();
    }
}
