package io.rollcall.agent.probe.software;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import java.util.List;

/**
 * Coverage-guided fuzzing of {@code /var/lib/dpkg/status}, whose stanzas come from every package's control file
 * (a third-party .deb chooses its own Maintainer and Version). The contract of {@link DpkgStatus#parse} and
 * {@link DpkgStatus#items}: they never throw, every entry has a package name, and only present packages become
 * items, each from dpkg with a name. Inputs:
 * {@code src/test/resources/io/rollcall/agent/probe/software/DpkgStatusFuzzTestInputs/parse/}.
 */
class DpkgStatusFuzzTest {

    @FuzzTest
    void parse(byte[] status) {
        List<DpkgStatus.Entry> entries = DpkgStatus.parse(status);
        assertNotNull(entries);
        entries.forEach(e -> assertNotNull(e.name(), "an entry without a Package"));
        List<SoftwareItem> items = DpkgStatus.items(entries, e -> null);
        assertEquals(entries.stream().filter(DpkgStatus.Entry::present).count(), items.size());
        for (SoftwareItem i : items) {
            assertNotNull(i.name());
            assertEquals(SoftwareSource.DPKG, i.source());
            assertTrue(i.location() == null, "dpkg items carry no location");
        }
    }
}
