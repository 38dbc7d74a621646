package io.rollcall.agent.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rollcall.agent.probe.ScanOptions;
import io.rollcall.agent.probe.ScanResult;
import io.rollcall.agent.probe.SystemScanner;
import io.rollcall.common.report.Account;
import io.rollcall.common.report.Sections;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A capture of this machine with a pupil's account and home on it ({@link TestHome}): what it holds and what not. */
class CaptureTest {
    private static final Instant T = Instant.parse("2026-12-06T02:40:00Z");
    @TempDir
    static Path tmp;
    static ScanResult scan;
    static Map<String, String> entries;

    @BeforeAll
    static void captureOnce() throws Exception {
        Recorder recorder = new Recorder(TestHome.seams(tmp.resolve("root")), System::nanoTime);
        scan = SystemScanner.create(new ScanOptions("salt-for-capture", null), null, recorder).scan();
        Capture.Written w = Capture.write(tmp.resolve("out/capture.zip"), recorder.records(), scan, "test", "linux", T);
        assertEquals(recorder.records().size(), w.sources());
        entries = unzip(w.file());
    }

    static Map<String, String> unzip(Path zip) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (var e : java.util.Collections.list(z.entries())) {
                out.put(e.getName(), new String(z.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Test
    void holdsTheSourcesTheExplanationAndAManifest() {
        assertEquals(List.of("sources.jsonl", "explain.txt", "explain.json", "manifest.json", "README.txt"),
                List.copyOf(entries.keySet()));
        assertTrue(entries.get("sources.jsonl").lines().count() > 100);
        assertTrue(entries.get("manifest.json").contains("\"format\" : \"" + Capture.FORMAT + "\""));
        assertTrue(entries.get("explain.txt").contains("== screenLock =="));
    }

    @Test
    void thePupilsNameIsNowhereNotEvenInPathsOrHerFiles() {
        for (var e : entries.entrySet()) {
            String lower = e.getValue().toLowerCase(Locale.ROOT);
            for (String personal : List.of(TestHome.USER, "quillon", "marshwood")) {
                assertFalse(lower.contains(personal), personal + " in " + e.getKey());
            }
        }
        String sources = entries.get("sources.jsonl");
        assertTrue(sources.contains("/home/user"), "her home is still there, under a placeholder");
        assertTrue(Pattern.compile("file:///home/(user\\d+)/Pictures/\\1-pony\\.jpg").matcher(sources).find(),
                "the same placeholder in the path and in the file, whatever the case it was written in");
        assertTrue(sources.contains("# wallpaper chosen by person"), "her full name in the file is replaced");
    }

    @Test
    void noNameHashOfTheReportAndNoPasswordHashIsInTheCapture() {
        List<String> hashes = scan.sections().accounts().users().stream().map(Account::nameHash)
                .filter(h -> h != null).toList();
        assertFalse(hashes.isEmpty(), "the pupil's account is personal, so the report carries its hash");
        for (var e : entries.entrySet()) {
            hashes.forEach(h -> assertFalse(e.getValue().contains(h), "a name hash in " + e.getKey()));
            assertFalse(e.getValue().contains("Qm8rSalt"), "a password hash in " + e.getKey());
        }
        assertTrue(entries.get("explain.json").contains("hash1"));
        assertTrue(Pattern.compile("user\\d+:\\$6\\$redacted:20000:").matcher(entries.get("sources.jsonl")).find(),
                "a set password stays visibly set");
    }

    @Test
    void manifestNamesWhatEachPlaceholderReplacedButNotTheValue() throws Exception {
        var manifest = new ObjectMapper().readTree(entries.get("manifest.json"));
        assertEquals("an account or home-folder name", manifest.path("placeholders").path("user1").asText());
        assertEquals("a salted account-name hash", manifest.path("placeholders").path("hash1").asText());
        assertEquals(0, manifest.path("omitted").asInt());
    }

    @Test
    void fileIsReadableByItsOwnerOnly() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(tmp.resolve("out/capture.zip"))));
        try (var left = Files.list(tmp.resolve("out"))) {
            assertEquals(1, left.count(), "no temporary file left beside it");
        }
    }

    @Test
    void aSourceOverTheLimitKeepsItsQuestionButNotItsContent() throws Exception {
        String big = "x".repeat(Capture.PER_SOURCE_LIMIT + 1);
        List<SourceRecord> records = List.of(
                new SourceRecord(1, "software", "file", "readText", List.of("/var/lib/huge"),
                        Codec.JSON.objectNode().put("text", big), 5),
                new SourceRecord(2, "software", "file", "readLines", List.of("/etc/small"), Codec.lines(List.of("a")), 1));
        Capture.Written w = Capture.write(tmp.resolve("big.zip"), records, new ScanResult(Sections.EMPTY, List.of()),
                "test", "linux", T);
        assertEquals(1, w.omitted());
        assertTrue(w.bytes() < 100_000, "compressed and bounded: " + w.bytes());
        List<SourceRecord> back = Capture.read(w.file());
        assertEquals(List.of("/var/lib/huge"), back.get(0).args());
        assertTrue(back.get(0).result().path("omitted").asText().startsWith("over the per-source limit"));
        assertEquals(List.of("a"), Codec.strings(back.get(1).result().path("lines")));
    }
}
