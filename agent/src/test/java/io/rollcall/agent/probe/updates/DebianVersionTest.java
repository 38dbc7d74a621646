package io.rollcall.agent.probe.updates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DebianVersionTest {

    private static void older(String a, String b) {
        assertTrue(DebianVersion.compare(a, b) < 0, a + " must sort before " + b);
        assertTrue(DebianVersion.compare(b, a) > 0, b + " must sort after " + a);
    }

    @Test
    void tildeSortsBeforeTheEndSoReleaseCandidatesAreOlder() {
        older("1.0~rc1", "1.0");
        older("2.36-9+deb12u14~rc1", "2.36-9+deb12u14");
        older("3.0.19-1~deb12u2", "3.0.19-1");
    }

    @Test
    void stableUpdateSuffixesAreNewerAndCompareNumerically() {
        older("7.88.1-10+deb12u9", "7.88.1-10+deb12u14");
        older("252.36-1~deb12u1", "252.38-1~deb12u1");
        older("3.0.19-1~deb12u2", "3.0.19-1~deb12u3");
    }

    @Test
    void epochWinsOverEverythingElse() {
        older("9.10.3.dfsg.P4-12.3+deb9u5", "1:9.10.3.dfsg.P4-12.3+deb9u4");
        older("1:2.0", "2:0.1");
    }

    @Test
    void lettersSortBeforeOtherCharactersAndAMissingRevisionIsZero() {
        older("1.0a", "1.0+");
        older("2025b-0+deb12u1", "2025b-0+deb12u2");
        assertEquals(0, DebianVersion.compare("1.0", "1.0-0"));
        assertEquals(0, DebianVersion.compare("1.01", "1.1"));
    }

    @Test
    void longDigitRunsDoNotOverflow() {
        older("1.20240318", "1.202403180000000000000001");
    }
}
