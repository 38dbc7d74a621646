package io.rollcall.agent.resident;

import io.rollcall.agent.cli.AgentMain;
import io.rollcall.agent.cli.Environment;
import io.rollcall.agent.probe.media.MediaProbe;
import io.rollcall.agent.transport.FakeReports;
import io.rollcall.common.report.MediaDevice;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The worker of the end-to-end tests, run in its own JVM by the resident: the real command line, delivery and
 * state, with the fake scanner (a real scan takes seconds) and a media probe that reports one stick per file in
 * the directory named by {@code -Drollcall.test.media} — the seam where a real stick would be plugged in.
 */
public final class FakeMediaWorker {
    private FakeMediaWorker() {
    }

    public static void main(String[] args) {
        Path media = Path.of(System.getProperty("rollcall.test.media"));
        MediaProbe probe = () -> {
            List<MediaDevice> sticks = MediaWatch.names(media).stream().map(FakeReports::stick).toList();
            return sticks;
        };
        Environment env = new Environment((options, dir) -> new FakeReports.FakeScanner(), () -> probe,
                Clock.systemUTC(), Path.of("unused-default-state"), Duration.ofSeconds(10));
        System.exit(new AgentMain(env).run(args, System.out, System.err));
    }
}
