package io.rollcall.agent.cli;

import io.rollcall.agent.probe.ProbeSeams;
import io.rollcall.agent.probe.ScanOptions;
import io.rollcall.agent.probe.Scanner;
import io.rollcall.agent.probe.SystemScanner;
import io.rollcall.agent.probe.media.MediaProbe;
import io.rollcall.agent.state.StateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the commands need from the world, so tests can hand in fakes instead of the real probes and clock.
 *
 * @param scanners        makes a scanner for the given options
 * @param mediaProbe      the removable-media probe for the service loop
 * @param clock           the time
 * @param defaultStateDir used when {@code --state} is not given
 * @param httpTimeout     per request
 * @param probeSeams      what {@code explain} and {@code capture} record around (the real seams but in tests)
 */
public record Environment(BiFunction<ScanOptions, Path, Scanner> scanners, Supplier<MediaProbe> mediaProbe, Clock clock,
                          Path defaultStateDir, Duration httpTimeout, ProbeSeams probeSeams) {

    /** The real probe seams for {@code explain} and {@code capture}. */
    public Environment(BiFunction<ScanOptions, Path, Scanner> scanners, Supplier<MediaProbe> mediaProbe, Clock clock,
                       Path defaultStateDir, Duration httpTimeout) {
        this(scanners, mediaProbe, clock, defaultStateDir, httpTimeout, ProbeSeams.REAL);
    }

    /** A scanner for {@code options} that keeps any generated hardware id in {@code stateDir}. */
    public Function<ScanOptions, Scanner> scannerIn(Path stateDir) {
        return options -> scanners.apply(options, stateDir);
    }

    /** The real machine. */
    public static Environment system() {
        return new Environment(SystemScanner::create, SystemScanner::mediaProbe, Clock.systemUTC(),
                StateStore.defaultDirectory(), Duration.ofSeconds(30));
    }
}
