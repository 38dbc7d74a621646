package io.rollcall.agent.explain;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A {@link CommandRunner} that records each command line, its exit code and its output. */
final class RecordingCommandRunner implements CommandRunner {
    private final CommandRunner real;
    private final String probe;
    private final Recorder recorder;

    RecordingCommandRunner(CommandRunner real, String probe, Recorder recorder) {
        this.real = real;
        this.probe = probe;
        this.recorder = recorder;
    }

    @Override
    public CommandResult run(List<String> command, Map<String, String> env, Duration timeout) {
        long start = recorder.now();
        CommandResult r = real.run(command, env, timeout);
        recorder.add(probe, "command", "run", command, Codec.command(command, env, r), start);
        return r;
    }

    @Override
    public CommandResult run(List<String> command, Map<String, String> env, Duration timeout, long maxOutputBytes) {
        long start = recorder.now();
        CommandResult r = real.run(command, env, timeout, maxOutputBytes);
        recorder.add(probe, "command", "run", command, Codec.command(command, env, r), start);
        return r;
    }
}
