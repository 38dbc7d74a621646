package io.rollcall.agent.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollcall.agent.probe.ScanResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * {@code capture --out FILE}: one zip a technician attaches when a reading looks wrong. It holds
 * {@code sources.jsonl} (every read each probe made, one JSON object a line, with its whole answer: file contents,
 * command output, registry values), {@code explain.txt} and {@code explain.json} (what the probes concluded),
 * {@code manifest.json} (format, agent, time, the placeholders used) and a {@code README.txt}. Everything is passed
 * through the {@link Redactor} first. Bounded: a source whose answer is over {@link #PER_SOURCE_LIMIT} characters, or
 * that would take the capture past {@link #TOTAL_LIMIT}, is kept as its question with
 * {@code "omitted": "<why>"} (a replay then finds it missing). The file is created 0600 where the file system has
 * POSIX permissions, written under a temporary name and moved into place.
 */
public final class Capture {
    public static final String FORMAT = "rollcall-capture/1";
    public static final int PER_SOURCE_LIMIT = 4 * 1024 * 1024;
    public static final long TOTAL_LIMIT = 48L * 1024 * 1024;
    static final String SOURCES = "sources.jsonl";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Capture() {
    }

    /** What was written: how many sources, and how many lost their content to the limits. */
    public record Written(Path file, int sources, int omitted, long bytes) {
    }

    public static Written write(Path out, List<SourceRecord> records, ScanResult result, String agentVersion,
                                String system, Instant capturedAt) throws IOException {
        Redactor redactor = Redactor.from(records, result.sections());
        Explanation explanation = Explanation.of(records, result);
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path tmp = posix ? Files.createTempFile(dir, ".capture-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, ".capture-", ".tmp");
        int omitted = 0;
        try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry(SOURCES));
            long total = 0;
            for (SourceRecord r : records) {
                ObjectNode line = (ObjectNode) redactor.apply(r.toJson());
                byte[] bytes = MAPPER.writeValueAsBytes(line);
                String why = bytes.length > PER_SOURCE_LIMIT ? "over the per-source limit of "
                        + PER_SOURCE_LIMIT / (1024 * 1024) + " MiB (" + bytes.length + " bytes)"
                        : total + bytes.length > TOTAL_LIMIT ? "the capture reached its limit of "
                        + TOTAL_LIMIT / (1024 * 1024) + " MiB" : null;
                if (why != null) {
                    line.set("result", Codec.JSON.objectNode().put("omitted", why));
                    bytes = MAPPER.writeValueAsBytes(line);
                    omitted++;
                }
                zip.write(bytes);
                zip.write('\n');
                total += bytes.length + 1;
            }
            zip.closeEntry();
            entry(zip, "explain.txt", redactor.apply(explanation.toText()));
            entry(zip, "explain.json", MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(redactor.apply(explanation.toJson())));
            ObjectNode manifest = Codec.JSON.objectNode().put("format", FORMAT).put("agentVersion", agentVersion)
                    .put("system", system).put("capturedAt", capturedAt.toString()).put("sources", records.size())
                    .put("omitted", omitted);
            ObjectNode legend = manifest.putObject("placeholders");
            redactor.legend().forEach(legend::put);
            entry(zip, "manifest.json", MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(manifest));
            entry(zip, "README.txt", README);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Written(out, records.size(), omitted, Files.size(out));
    }

    /** The sources a capture holds, in order, as {@link Replay} plays them. */
    public static List<SourceRecord> read(Path capture) throws IOException {
        List<SourceRecord> out = new ArrayList<>();
        try (ZipFile zip = new ZipFile(capture.toFile())) {
            ZipEntry e = zip.getEntry(SOURCES);
            if (e == null) {
                throw new IOException(capture + " is not a rollcall capture: no " + SOURCES);
            }
            try (BufferedReader in = new BufferedReader(new InputStreamReader(zip.getInputStream(e),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (!line.isBlank()) {
                        JsonNode n = MAPPER.readTree(line);
                        out.add(SourceRecord.fromJson(n));
                    }
                }
            }
        }
        return out;
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static final String README = """
            A Rollcall agent capture: what each probe read on this machine and what it concluded.

            sources.jsonl  one read a line: {seq, probe, seam (file|command|registry|wmi|accounts|disks), op, args,
                           result, micros}. result holds the whole answer (file lines or text, command exit code and
                           output, registry values with their types, WMI rows), or "omitted" when over the limits.
            explain.txt    the same as `rollcall-agent explain`; explain.json as `explain --json`.
            manifest.json  format, agent version, system, time, and the placeholders that replaced personal values.

            Removed: names of people's accounts and home folders, full names, the host name, the report's salted
            name hashes and password hashes, each replaced by the same placeholder everywhere (user1, person1,
            host1, hash1). Kept: hardware model, vendor and serial numbers. Files are only those the probes read:
            settings and inventories, never documents, browsing or messages.
            """;
}
