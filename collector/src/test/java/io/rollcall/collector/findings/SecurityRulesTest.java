package io.rollcall.collector.findings;

import static io.rollcall.collector.findings.Fixtures.verdicts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.findings.rules.SecurityRules;
import io.rollcall.common.report.Antivirus;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.SecuritySection;
import io.rollcall.common.report.Tri;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecurityRulesTest {

    private static Sections security(Tri disk, Tri firewall, List<Antivirus> av, Map<String, String> reasons) {
        return Sections.EMPTY.withSecurity(new SecuritySection(disk, firewall, av, Tri.YES, reasons));
    }

    private static final List<Antivirus> DEFENDER_ON = List.of(new Antivirus("Defender", Tri.YES, Tri.YES));

    @Test
    void unencryptedDiskFailsHighWhileUnknownIsLowCannotVerifyWithReason() {
        Verdict no = verdicts(security(Tri.NO, Tri.YES, DEFENDER_ON, Map.of()), SecurityRules.UNENCRYPTED).get(0);
        assertEquals(Outcome.FAIL, no.outcome());
        assertEquals(Severity.HIGH, no.severity());
        assertEquals("004 Security; 003 rule 25", no.policyRef());

        Verdict unknown = verdicts(security(Tri.UNKNOWN, Tri.YES, DEFENDER_ON,
                Map.of("diskEncryption", "manage-bde needs administrator rights")), SecurityRules.UNENCRYPTED).get(0);
        assertEquals(Outcome.UNKNOWN, unknown.outcome());
        assertEquals(Severity.LOW, unknown.severity());
        assertEquals("cannot verify", unknown.evidence().get("status"));
        assertEquals("manage-bde needs administrator rights", unknown.evidence().get("reason"));
    }

    @Test
    void firewallOffFailsMediumAndOnPasses() {
        Verdict v = verdicts(security(Tri.YES, Tri.NO, DEFENDER_ON, Map.of()), SecurityRules.FIREWALL_OFF).get(0);
        assertEquals(Severity.MEDIUM, v.severity());
        assertTrue(verdicts(security(Tri.YES, Tri.YES, DEFENDER_ON, Map.of()), SecurityRules.FIREWALL_OFF)
                .isEmpty());
    }

    @Test
    void noEnabledAntivirusFails() {
        List<Antivirus> off = List.of(new Antivirus("Defender", Tri.NO, Tri.YES));
        assertEquals(Outcome.FAIL, verdicts(security(Tri.YES, Tri.YES, off, Map.of()), SecurityRules.NO_ANTIVIRUS)
                .get(0).outcome());
        assertEquals(Outcome.FAIL, verdicts(security(Tri.YES, Tri.YES, List.of(), Map.of()),
                SecurityRules.NO_ANTIVIRUS).get(0).outcome());
    }

    @Test
    void oneEnabledAntivirusIsEnoughEvenBesideADisabledOne() {
        List<Antivirus> av = List.of(new Antivirus("Old", Tri.NO, Tri.NO), new Antivirus("Defender", Tri.YES,
                Tri.YES));
        assertTrue(verdicts(security(Tri.YES, Tri.YES, av, Map.of()), SecurityRules.NO_ANTIVIRUS).isEmpty());
    }

    @Test
    void antivirusEntriesAllUnknownCannotBeVerified() {
        List<Antivirus> av = List.of(new Antivirus("Defender", Tri.UNKNOWN, Tri.UNKNOWN));
        Verdict v = verdicts(security(Tri.YES, Tri.YES, av, Map.of("antivirus", "WMI SecurityCenter2 unavailable")),
                SecurityRules.NO_ANTIVIRUS).get(0);
        assertEquals(Outcome.UNKNOWN, v.outcome());
        assertEquals("WMI SecurityCenter2 unavailable", v.evidence().get("reason"));
    }

    @Test
    void absentSecuritySectionProducesNothing() {
        assertTrue(Fixtures.ENGINE.evaluate(Fixtures.facts(Sections.EMPTY), Policy.defaults(), Fixtures.NOW)
                .stream().noneMatch(v -> v.rule().startsWith("security.")));
    }
}
