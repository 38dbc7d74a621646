package io.rollcall.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.probe.ProbeSeams;
import io.rollcall.agent.probe.media.MediaProbe;
import io.rollcall.agent.transport.FakeReports;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code explain} and {@code capture} from the command line, on this machine's real probes; the accounts probe reads
 * a copy of /etc/passwd with one more person on it, so the capture has a name to remove.
 */
class ExplainCommandTest {
    private static final String PUPIL = "odalysfernhart";
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(ProbeSeams seams, String... argv) {
        Environment env = new Environment((options, dir) -> new FakeReports.FakeScanner(), () -> (MediaProbe) List::of,
                Clock.fixed(FakeReports.T0, ZoneOffset.UTC), tmp.resolve("default-state"), Duration.ofSeconds(5),
                seams);
        return new AgentMain(env).run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void explainPrintsEachProbesSourcesThenItsVerdict() {
        assertEquals(0, run(ProbeSeams.REAL, "explain", "--state", tmp.resolve("s").toString()));
        String text = out.toString(StandardCharsets.UTF_8);
        for (String probe : List.of("os", "hardware", "software", "removableMedia", "accounts", "screenLock",
                "security")) {
            assertTrue(text.contains("== " + probe + " =="), probe);
        }
        assertTrue(text.contains("file readLines /etc/passwd → "), text);
        assertTrue(text.contains("file readLines /var/lib/dpkg/status → "), text);
        assertTrue(text.indexOf("verdict:") > text.indexOf("sources ("));
        assertFalse(Files.exists(tmp.resolve("s")), "explain writes nothing");
    }

    @Test
    void explainJsonIsOneDocumentWithEveryProbe() throws Exception {
        assertEquals(0, run(ProbeSeams.REAL, "explain", "--json", "--state", tmp.resolve("s").toString()));
        var json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(7, json.path("probes").size());
        assertTrue(json.path("probes").get(4).path("sources").size() > 0);
        assertTrue(json.path("probes").get(4).has("section"));
    }

    @Test
    void captureWritesAnOwnerOnlyZipWithoutThePupilsName() throws Exception {
        Path file = tmp.resolve("tickets/capture.zip");
        assertEquals(0, run(withPupilPasswd(), "capture", "--out", file.toString(), "--state",
                tmp.resolve("s").toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("wrote " + file), out.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String sources = new String(zip.getInputStream(zip.getEntry("sources.jsonl")).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertTrue(sources.contains(":x:1301:1301:"), "the pupil's passwd line was captured");
            for (var e : java.util.Collections.list(zip.entries())) {
                String content = new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8)
                        .toLowerCase(Locale.ROOT);
                assertFalse(content.contains(PUPIL), e.getName());
                assertFalse(content.contains("fernhart"), e.getName());
            }
        }
    }

    @Test
    void captureWithoutOutIsAUsageErrorAndJsonIsOnlyForExplain() {
        assertEquals(AgentMain.USAGE, run(ProbeSeams.REAL, "capture"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("'capture' needs --out"), err.toString());
        assertEquals(AgentMain.USAGE, run(ProbeSeams.REAL, "scan", "--json"));
        assertEquals(AgentMain.USAGE, run(ProbeSeams.REAL, "capture", "--out"));
    }

    /** Only /etc/passwd differs from the machine. */
    private ProbeSeams withPupilPasswd() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root/etc"));
        Files.writeString(root.resolve("passwd"), Files.readString(Path.of("/etc/passwd"))
                + PUPIL + ":x:1301:1301:Odalys Fernhart:/home/" + PUPIL + ":/bin/bash\n");
        FileSource copy = FileSource.rootedAt(tmp.resolve("root"));
        return new ProbeSeams() {
            @Override
            public FileSource files(String probe, FileSource real) {
                return new PasswdFrom(real, copy);
            }
        };
    }

    /** The machine, but /etc/passwd from {@code copy}. */
    private record PasswdFrom(FileSource real, FileSource copy) implements FileSource {
        @Override
        public List<String> readLines(String path) throws java.io.IOException {
            return (path.equals("/etc/passwd") ? copy : real).readLines(path);
        }

        @Override
        public String readText(String path) throws java.io.IOException {
            return (path.equals("/etc/passwd") ? copy : real).readText(path);
        }

        @Override
        public byte[] readBytes(String path, long offset, int length) throws java.io.IOException {
            return real.readBytes(path, offset, length);
        }

        @Override
        public io.rollcall.agent.os.UntrustedRead readUntrusted(String dir, String relative, int maxBytes) {
            return real.readUntrusted(dir, relative, maxBytes);
        }

        @Override
        public io.rollcall.agent.os.UntrustedListing listUntrusted(String dir, String relative) {
            return real.listUntrusted(dir, relative);
        }

        @Override
        public List<String> list(String dir) {
            return real.list(dir);
        }

        @Override
        public boolean exists(String path) {
            return real.exists(path);
        }

        @Override
        public boolean isReadable(String path) {
            return real.isReadable(path);
        }

        @Override
        public java.util.Optional<java.time.Instant> lastModified(String path) {
            return real.lastModified(path);
        }

        @Override
        public java.util.Optional<String> realPath(String path) {
            return real.realPath(path);
        }
    }
}
