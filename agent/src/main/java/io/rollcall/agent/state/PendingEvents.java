package io.rollcall.agent.state;

import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.wire.MediaJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removable-media events not yet inside a queued report, one JSON object per line in {@code events.jsonl}.
 *
 * <p>Contract: {@link #append} returns only after the line is fsynced, so an event seen is never lost to a crash.
 * The report builder reads them with {@link #peek}, queues the report durably in the outbox, and only then calls
 * {@link #remove(int)}. A crash between those two steps sends the events twice (at-least-once), never zero times.
 * A torn last line (power cut mid-append) is skipped with a warning. Thread-safe: the media poller appends while
 * the scheduler reads.
 */
public final class PendingEvents {
    private static final Logger LOG = LoggerFactory.getLogger(PendingEvents.class);

    private final Path file;

    public PendingEvents(Path file) {
        this.file = file;
    }

    public synchronized void append(MediaEvent event) throws IOException {
        byte[] line = (MediaJson.event(event) + "\n").getBytes(StandardCharsets.UTF_8);
        boolean created = !Files.exists(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ch.position(ch.size()); // one writer (this object, synchronized), so no O_APPEND is needed
            if (ch.size() > 0 && !endsWithNewline(ch)) {
                // a torn line from a crash: end it, so this event starts a line of its own and stays readable
                ch.write(ByteBuffer.wrap(new byte[]{'\n'}));
            }
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        if (created) {
            AtomicFiles.makePrivateFile(file);
            AtomicFiles.fsyncDirectory(file.toAbsolutePath().getParent());
        }
    }

    private static boolean endsWithNewline(FileChannel ch) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        ch.read(last, ch.size() - 1);
        return last.get(0) == '\n';
    }

    /** The pending events, oldest first, without removing them. */
    public synchronized List<MediaEvent> peek() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<MediaEvent> events = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                events.add(MediaJson.readEvent(line));
            } catch (IOException e) {
                LOG.warn("skipping an unreadable line in {}: {}", file, String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            }
        }
        return events;
    }

    /** Removes the oldest {@code count} events (those a queued report now carries), keeping any appended since. */
    public synchronized void remove(int count) throws IOException {
        if (count <= 0) {
            return;
        }
        List<MediaEvent> all = peek();
        List<MediaEvent> rest = all.subList(Math.min(count, all.size()), all.size());
        StringBuilder sb = new StringBuilder();
        for (MediaEvent e : rest) {
            sb.append(MediaJson.event(e)).append('\n');
        }
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
