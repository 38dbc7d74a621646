package io.rollcall.agent.outbox;

import io.rollcall.common.report.ReportKind;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One queued report file. The name carries everything the queue needs without opening the file:
 * {@code <sequence, 19 digits>-<kind>-<media events>e-<reportId>.json.gz}, so lexical order is creation order and
 * dropping a report can count the events it held.
 */
public record OutboxEntry(Path file, long sequence, ReportKind kind, int mediaEvents, UUID reportId, long bytes) {

    private static final Pattern NAME = Pattern.compile(
            "(\\d{19})-(full|delta|heartbeat)-(\\d+)e-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\.json\\.gz");

    static String fileName(long sequence, ReportKind kind, int mediaEvents, UUID reportId) {
        return String.format(Locale.ROOT, "%019d-%s-%de-%s.json.gz", sequence, kind.wireName(), mediaEvents, reportId);
    }

    /** The entry a file name describes; empty for anything else (temporary files, stray files). */
    static Optional<OutboxEntry> parse(Path file, long bytes) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new OutboxEntry(file, Long.parseLong(m.group(1)),
                ReportKind.valueOf(m.group(2).toUpperCase(Locale.ROOT)), Integer.parseInt(m.group(3)),
                UUID.fromString(m.group(4)), bytes));
    }
}
