package io.rollcall.collector.enrollment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InstallCommandsTest {
    @Test
    void quotesHostileCharactersForEachShell() {
        Map<String, String> c = InstallCommands.forAll("https://c.school:8443", "ab12", "tok'en\"$x");
        assertTrue(c.get("debian").contains("ROLLCALL_ENROLL_TOKEN='tok'\\''en\"$x'"), c.get("debian"));
        assertTrue(c.get("windows").contains("ENROLL_TOKEN=\"tok'en\"\"$x\""), c.get("windows"));
        assertTrue(c.get("manual").contains("--token 'tok'\\''en\"$x'"), c.get("manual"));
    }

    @Test
    void anUnknownTokenIsAPlaceholderNotAGuess() {
        Map<String, String> c = InstallCommands.forAll("https://c:1", "ff", null);
        assertTrue(c.values().stream().allMatch(v -> v.contains("<enrolment token>")), c.toString());
        assertEquals("sudo rollcall-agent enroll --server 'https://c:1' --token '<enrolment token>' --ca-fingerprint 'ff'",
                c.get("manual"));
    }
}
