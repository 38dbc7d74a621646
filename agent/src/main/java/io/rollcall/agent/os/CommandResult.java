package io.rollcall.agent.os;

import java.util.List;

/**
 * What a command printed and how it ended.
 *
 * @param exitCode the process exit code; -1 when it could not be started or timed out
 * @param stdout   standard output, one entry per line
 * @param failure  why the command did not run to completion; {@code null} when it did (whatever its exit code)
 */
public record CommandResult(int exitCode, List<String> stdout, String failure) {
    public CommandResult {
        stdout = stdout == null ? List.of() : List.copyOf(stdout);
    }

    public static CommandResult failed(String reason) {
        return new CommandResult(-1, List.of(), reason);
    }

    /** True when the command ran to completion with exit code 0. */
    public boolean ok() {
        return failure == null && exitCode == 0;
    }
}
