package io.rollcall.agent.probe.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.probe.ScanOptions;
import io.rollcall.common.report.Account;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Coverage-guided fuzzing of the dscl output the macOS accounts probe reads ({@code dscl . -list /Users UniqueID},
 * {@code IsHidden}, {@code NFSHomeDirectory}, {@code dscl . -read /Groups/admin GroupMembership}, and
 * {@code defaults read … GuestEnabled}). An input is those five outputs separated by NUL bytes; the runner that
 * answers with them stands in for the OS. The contract of {@link MacAccountsProbe#read}: it never throws once dscl
 * has listed the users, and an account that is not the school's is reported by its salted hash, never its name.
 * Inputs: {@code src/test/resources/io/rollcall/agent/probe/accounts/MacAccountsProbeFuzzTestInputs/read/}.
 */
class MacAccountsProbeFuzzTest {
    private static final Pattern SCHOOL = Pattern.compile("^[a-z]+\\.[a-z]+$");
    private static final List<String> ATTRIBUTES = List.of("UniqueID", "IsHidden", "NFSHomeDirectory",
            "GroupMembership", "GuestEnabled");

    /** An empty file system: no managed preferences, so only the fuzzed dscl output decides. */
    private static final io.rollcall.agent.os.FileSource NO_MANAGED_PREFERENCES;

    static {
        try {
            java.nio.file.Path root = java.nio.file.Files.createTempDirectory("rollcall-fuzz-root");
            root.toFile().deleteOnExit();
            NO_MANAGED_PREFERENCES = io.rollcall.agent.os.FileSource.rootedAt(root);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @FuzzTest
    void read(byte[] outputs) {
        String[] parts = new String(outputs, StandardCharsets.UTF_8).split("\u0000", -1);
        CommandRunner dscl = (command, env, timeout) -> {
            int i = ATTRIBUTES.indexOf(command.get(command.size() - 1));
            return i >= 0 && i < parts.length ? new CommandResult(0, parts[i].lines().toList(), null)
                    : new CommandResult(1, List.of(), null); // defaults exits 1 for a key never written
        };
        AccountsProbe.Result r = new MacAccountsProbe(dscl,
                NO_MANAGED_PREFERENCES,
                new ScanOptions("salt", SCHOOL)).read();
        assertNotNull(r);
        assertEquals(r.section().users().size(), r.interactive().size());
        for (Account a : r.section().users()) {
            if (a.isSchoolAccount()) {
                assertTrue(a.name() != null && SCHOOL.matcher(a.name()).matches(), a.name());
            } else {
                assertNull(a.name(), "a personal account's name left the laptop");
                assertNotNull(a.nameHash());
            }
        }
    }
}
