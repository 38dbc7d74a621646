package io.rollcall.agent.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleFileTest {
    private static final Instant T = Instant.parse("2026-12-06T04:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aWrittenScheduleReadsBackWholeAndPrivate() throws Exception {
        ScheduleFile f = new ScheduleFile(dir);
        ScheduleFile.Schedule s = new ScheduleFile.Schedule(T, T.plusSeconds(3), T.plus(Duration.ofHours(24)),
                T.plus(Duration.ofHours(1)), T.plus(Duration.ofHours(6)), T.plusSeconds(3), T.plusSeconds(40), 3,
                T.minusSeconds(5), Duration.ofSeconds(5));
        f.write(s);
        assertEquals(s, f.read());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.path())));
        assertTrue(Files.readString(f.path()).contains("\nnext=2026-12-06T04:00:03Z\n"), "plain key=value text");
    }

    @Test
    void absentOptionalTimesStayAbsent() throws Exception {
        ScheduleFile f = new ScheduleFile(dir);
        ScheduleFile.Schedule s = new ScheduleFile.Schedule(T, T.plusSeconds(60), null, null, null, null, null, 0,
                null, null);
        f.write(s);
        assertEquals(s, f.read());
        assertTrue(!Files.readString(f.path()).contains("delta-requested"));
    }

    @Test
    void missingCorruptForeignOrHugeFilesReadAsNoScheduleWithTheReason() throws Exception {
        ScheduleFile f = new ScheduleFile(dir);
        assertNull(f.read());
        assertTrue(f.problem().contains("does not exist"), f.problem());

        Files.writeString(f.path(), "format=1\nwritten=2026-12-06T04:00:00Z\n");
        assertNull(f.read());
        assertTrue(f.problem().contains("next is missing"), f.problem());

        Files.writeString(f.path(), "format=1\nnext=tomorrow\n");
        assertNull(f.read());
        assertTrue(f.problem().contains("next was 'tomorrow'"), f.problem());

        Files.writeString(f.path(), "format=2\nnext=2026-12-06T04:00:00Z\n");
        assertNull(f.read());
        assertTrue(f.problem().contains("format was '2'"), f.problem());

        Files.writeString(f.path(), "format=1\nnext=2026-12-06T04:00:00Z\nbackoff-failures=-3\n");
        assertNull(f.read());
        assertTrue(f.problem().contains("backoff-failures was -3"), f.problem());

        Files.writeString(f.path(), "format=1\nnext=2026-12-06T04:00:00Z\nmedia-poll-seconds=0\n");
        assertNull(f.read());
        assertTrue(f.problem().contains("media-poll-seconds was 0"), f.problem());

        Files.write(f.path(), new byte[64 * 1024]);
        assertNull(f.read());
        assertTrue(f.problem().contains("larger than"), f.problem());

        Files.writeString(f.path(), "\u0000\u0001garbage without equals\n");
        assertNull(f.read());
        assertTrue(f.problem().contains("not key=value"), f.problem());
    }

    @Test
    void unknownKeysAndCommentsAreIgnoredSoANewerWorkerCanAddFields() {
        ScheduleFile.Schedule s = ScheduleFile.parse("# c\nformat=1\nnext=2026-12-06T04:00:00Z\nsomething-new=7\n");
        assertEquals(T, s.next());
        assertEquals(0, s.backoffFailures());
    }
}
