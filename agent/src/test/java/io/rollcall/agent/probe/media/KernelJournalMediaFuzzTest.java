package io.rollcall.agent.probe.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.MediaKind;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Coverage-guided fuzzing of the kernel journal reader ({@code journalctl _TRANSPORT=kernel -o json}, one JSON object
 * per line): the product, vendor and serial strings the kernel logs are the USB device's own, so a crafted stick
 * chooses them. The contract of {@link KernelJournalMedia#parse}: it never throws, counts every non-blank line as an
 * entry or unreadable, and returns USB-storage events oldest first. Inputs:
 * {@code src/test/resources/io/rollcall/agent/probe/media/KernelJournalMediaFuzzTestInputs/parse/}.
 */
class KernelJournalMediaFuzzTest {

    @FuzzTest
    void parse(byte[] journal) {
        List<String> lines = new String(journal, StandardCharsets.UTF_8).lines().toList();
        KernelJournalMedia.Parsed p = KernelJournalMedia.parse(lines);
        assertNotNull(p);
        assertEquals(lines.stream().filter(l -> !l.isBlank()).count(), p.entries() + p.unreadable(),
                "every line is an entry or unreadable");
        MediaEvent previous = null;
        for (MediaEvent e : p.events()) {
            assertNotNull(e.at());
            assertEquals(MediaKind.USB_STORAGE, e.device().kind());
            assertTrue(e.device().vendorId() == null || e.device().vendorId().matches("[0-9a-f]{4}"),
                    e.device().vendorId());
            assertTrue(previous == null || !e.at().isBefore(previous.at()), "events out of order");
            previous = e;
        }
    }
}
