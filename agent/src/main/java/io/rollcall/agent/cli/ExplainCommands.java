package io.rollcall.agent.cli;

import io.rollcall.agent.AgentVersion;
import io.rollcall.agent.explain.Capture;
import io.rollcall.agent.explain.Explanation;
import io.rollcall.agent.explain.Recorder;
import io.rollcall.agent.probe.ProbeSeams;
import io.rollcall.agent.probe.ScanOptions;
import io.rollcall.agent.probe.ScanResult;
import io.rollcall.agent.probe.SystemScanner;
import io.rollcall.agent.state.AgentState;
import io.rollcall.agent.state.StateStore;
import io.rollcall.common.wire.WireJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

/**
 * {@code explain [--json]} and {@code capture --out FILE}: one scan with every probe's seams recorded, then either
 * each probe's sources and verdict, or those sources (personal names and hashes removed) in a zip. Like {@code scan}
 * they touch neither the network nor the state directory (the salt it holds is read, so hashes match the reports).
 */
final class ExplainCommands {
    private final ProbeSeams base;
    private final Clock clock;
    private final PrintStream out;

    /** {@code base} is what the recorders wrap: the real seams, or a test's. */
    ExplainCommands(ProbeSeams base, Clock clock, PrintStream out) {
        this.base = base;
        this.clock = clock;
        this.out = out;
    }

    int explain(StateStore store, boolean json) throws IOException {
        Recorder recorder = new Recorder(base, System::nanoTime);
        ScanResult result = scan(store, recorder);
        Explanation e = Explanation.of(recorder.records(), result);
        if (json) {
            out.println(WireJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(e.toJson()));
        } else {
            out.printf("rollcall-agent %s explain on %s: every source each probe read, then its verdict%n%n",
                    AgentVersion.current(), SystemScanner.family());
            out.print(e.toText());
        }
        return AgentMain.OK;
    }

    int capture(StateStore store, Path file) throws IOException {
        Recorder recorder = new Recorder(base, System::nanoTime);
        ScanResult result = scan(store, recorder);
        Capture.Written w = Capture.write(file, recorder.records(), result, AgentVersion.current(),
                SystemScanner.family(), clock.instant());
        out.printf("wrote %s (%d bytes, mode 0600 where supported): %d sources%s; personal names and hashes are"
                        + " replaced by placeholders (manifest.json lists them). Attach it when a reading looks"
                        + " wrong; nothing was sent.%n", w.file(), w.bytes(), w.sources(),
                w.omitted() == 0 ? "" : ", " + w.omitted() + " over the size limits kept without content");
        return AgentMain.OK;
    }

    private static ScanResult scan(StateStore store, Recorder recorder) throws IOException {
        AgentState state = store.load();
        String salt = state.deviceSalt() != null ? state.deviceSalt() : randomSalt();
        ScanOptions options = new ScanOptions(salt, store.config().schoolAccountPattern());
        Path dir = Files.isDirectory(store.directory()) ? store.directory() : null;
        return SystemScanner.create(options, dir, recorder).scan();
    }

    private static String randomSalt() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
