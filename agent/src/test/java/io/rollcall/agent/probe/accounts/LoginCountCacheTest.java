package io.rollcall.agent.probe.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.agent.probe.InputCache;
import io.rollcall.agent.probe.ScanOptions;
import io.rollcall.common.report.AccountsSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Login counts kept while wtmp is unchanged give the same accounts section; a new login in wtmp is counted. */
class LoginCountCacheTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);
    private static final Pattern SCHOOL = Pattern.compile("^[a-z]+\\.[a-z]+$");
    @TempDir
    Path root;
    @TempDir
    Path state;
    private final List<String> last = new ArrayList<>(List.of(
            "jane.smith tty2         tty2             Fri May 23 08:55 - 15:30  (06:35)",
            "reboot   system boot  6.1.0-18-amd64   Fri May 23 08:50   still running",
            "", "wtmp begins Thu May  1 07:00:00 2025"));
    private final AtomicInteger runs = new AtomicInteger();
    private final CommandRunner lastCommand = (cmd, env, t) -> {
        runs.incrementAndGet();
        return new CommandResult(0, List.copyOf(last), null);
    };

    @BeforeEach
    void tree() {
        Fixtures.copyTree("accounts", root);
        Fixtures.write(root, "/usr/bin/last", "");
        Fixtures.write(root, "/var/log/wtmp", "one session record");
    }

    private AccountsSection read(InputCache cache) {
        return new LinuxAccountsProbe(FileSource.rootedAt(root), lastCommand, NOW, new ScanOptions("salt", SCHOOL),
                cache).read().section();
    }

    @Test
    void keptCountsGiveTheSameSectionAsAFreshReadWithoutRunningLast() {
        AccountsSection fresh = read(null);
        InputCache cache = new InputCache(root, state);
        assertEquals(fresh, read(cache));
        int before = runs.get();
        assertEquals(fresh, read(cache));
        assertEquals(before, runs.get(), "last ran although wtmp did not change");
    }

    @Test
    void aNewLoginInWtmpIsCounted() throws Exception {
        InputCache cache = new InputCache(root, state);
        AccountsSection before = read(cache);
        last.add(0, "jane.smith pts/0        10.0.0.5         Mon May 26 09:00   still logged in");
        Files.writeString(root.resolve("var/log/wtmp"), " and another", StandardOpenOption.APPEND);
        AccountsSection after = read(cache);
        assertEquals(read(null), after);
        assertEquals(count(before) + 1, count(after));
    }

    @Test
    void aFailedLastIsNotKept() {
        InputCache cache = new InputCache(root, state);
        List<String> none = cache.lines("x", List.of("/var/log/wtmp"), () -> null);
        assertNull(none);
        assertEquals(List.of("kept"), cache.lines("x", List.of("/var/log/wtmp"), () -> List.of("kept")));
        assertEquals(List.of("kept"), cache.lines("x", List.of("/var/log/wtmp"), () -> List.of("not read")));
    }

    @Test
    void aRotatedWtmpOfTheSameSizeAndTimeIsReadAgain() throws Exception {
        InputCache cache = new InputCache(root, state);
        Path wtmp = root.resolve("var/log/wtmp");
        assertEquals(List.of("old"), cache.lines("x", List.of("/var/log/wtmp"), () -> List.of("old")));
        var time = Files.getLastModifiedTime(wtmp);
        Path rotated = Files.writeString(root.resolve("var/log/wtmp.new"), "one session record");
        Files.setLastModifiedTime(rotated, time);
        Files.move(rotated, wtmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(List.of("new"), cache.lines("x", List.of("/var/log/wtmp"), () -> List.of("new")));
    }

    private static int count(AccountsSection s) {
        return s.users().stream().filter(a -> "jane.smith".equals(a.name())).findFirst().orElseThrow().loginCount();
    }
}
