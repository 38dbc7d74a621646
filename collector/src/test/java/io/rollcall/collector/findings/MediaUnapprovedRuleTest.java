package io.rollcall.collector.findings;

import static io.rollcall.collector.findings.Fixtures.DEVICE;
import static io.rollcall.collector.findings.Fixtures.NOW;
import static io.rollcall.collector.findings.Fixtures.stick;
import static io.rollcall.collector.findings.Fixtures.verdicts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.findings.rules.MediaUnapprovedRule;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.report.RemovableMedia;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.Tri;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MediaUnapprovedRuleTest {
    private static final String RULE = MediaUnapprovedRule.ID;

    private static DeviceFacts facts(List<MediaDevice> connected, List<MediaEvent> history) {
        return new DeviceFacts(DEVICE, Sections.EMPTY.withRemovableMedia(new RemovableMedia(connected, List.of())),
                NOW.minus(Duration.ofHours(1)), history, false);
    }

    private static MediaEvent connectedDaysAgo(MediaDevice d, int days) {
        return new MediaEvent(NOW.minus(Duration.ofDays(days)), MediaAction.CONNECTED, d);
    }

    @Test
    void unapprovedMediaAreFlaggedOncePerDevice() {
        MediaDevice a = stick("AAA111");
        MediaDevice b = stick("BBB222");
        List<Verdict> v = verdicts(facts(List.of(a), List.of(connectedDaysAgo(a, 3), connectedDaysAgo(b, 2))),
                Policy.defaults(), RULE);
        assertEquals(List.of(a.identityKey(), b.identityKey()), v.stream().map(Verdict::subject).toList());
        Verdict first = v.get(0);
        assertEquals(Outcome.FAIL, first.outcome());
        assertEquals(Severity.MEDIUM, first.severity());
        assertEquals("SanDisk", first.evidence().get("vendor"));
        assertEquals("AAA111", first.evidence().get("serial"));
        assertEquals(true, first.evidence().get("connectedNow"));
        assertEquals(NOW.minus(Duration.ofHours(1)).toString(), first.evidence().get("lastSeenConnected"));
        assertEquals(NOW.minus(Duration.ofDays(2)).toString(), v.get(1).evidence().get("lastSeenConnected"));
    }

    @Test
    void approvedMediumIsNotFlaggedBySerial() {
        Policy p = Policy.defaults().withApprovedMedia(List.of(new ApprovedMedia("aaa111", null, null, "office")));
        List<Verdict> v = verdicts(facts(List.of(stick("AAA111"), stick("BBB222")), List.of()), p, RULE);
        assertEquals(1, v.size());
        assertEquals("BBB222", v.get(0).evidence().get("serial"));
    }

    @Test
    void approvalByVendorAndProductCoversEveryStickOfThatModel() {
        Policy p = Policy.defaults().withApprovedMedia(List.of(new ApprovedMedia(null, "0781", "5581", "model")));
        assertTrue(verdicts(facts(List.of(stick("AAA111"), stick("BBB222")), List.of()), p, RULE).isEmpty());
    }

    @Test
    void serialApprovalDoesNotCoverAnotherVendorWithTheSameSerial() {
        Policy p = Policy.defaults().withApprovedMedia(List.of(new ApprovedMedia("AAA111", "0781", null, "x")));
        MediaDevice other = new MediaDevice(MediaKind.USB_STORAGE, "090c", "1000", "Samsung", "Bar", "AAA111",
                null, null, Tri.UNKNOWN);
        assertEquals(1, verdicts(facts(List.of(other), List.of()), p, RULE).size());
    }

    @Test
    void mediaEventOlderThanTheWindowIsNotFlagged() {
        assertTrue(verdicts(facts(List.of(), List.of(connectedDaysAgo(stick("OLD"), 31))), Policy.defaults(), RULE)
                .isEmpty());
        assertEquals(1, verdicts(facts(List.of(), List.of(connectedDaysAgo(stick("NEW"), 29))), Policy.defaults(),
                RULE).size());
    }

    @Test
    void disconnectEventsAloneAreNotConnections() {
        MediaEvent out = new MediaEvent(NOW.minus(Duration.ofDays(1)), MediaAction.DISCONNECTED, stick("X"));
        assertTrue(verdicts(facts(List.of(), List.of(out)), Policy.defaults(), RULE).isEmpty());
    }

    @Test
    void phonesCamerasAndDiscsCountAsRemovableStorage() {
        MediaDevice phone = new MediaDevice(MediaKind.MTP, "18d1", "4ee1", "Google", "Pixel", null, null, null,
                Tri.UNKNOWN);
        MediaDevice disc = new MediaDevice(MediaKind.OPTICAL, null, null, "HL-DT-ST", "DVDRAM", null, null, null,
                Tri.NO);
        assertEquals(2, verdicts(facts(List.of(phone, disc), List.of()), Policy.defaults(), RULE).size());
    }

    @Test
    void absentMediaSectionProducesNothing() {
        DeviceFacts f = new DeviceFacts(DEVICE, Sections.EMPTY, NOW, List.of(connectedDaysAgo(stick("A"), 1)),
                false);
        assertTrue(verdicts(f, Policy.defaults(), RULE).isEmpty());
    }
}
