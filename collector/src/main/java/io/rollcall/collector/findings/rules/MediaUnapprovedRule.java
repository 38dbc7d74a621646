package io.rollcall.collector.findings.rules;

import io.rollcall.collector.findings.ApprovedMedia;
import io.rollcall.collector.findings.DeviceFacts;
import io.rollcall.collector.findings.Evidence;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.findings.Severity;
import io.rollcall.collector.findings.Verdict;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.RemovableMedia;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code media.unapproved}: removable storage of any kind (USB storage, SD cards, phones and cameras over
 * MTP/PTP, optical discs) that is connected now or was connected within the policy's media window and is
 * not on the approved list. One verdict per physical medium, its subject the medium's
 * {@link MediaDevice#identityKey()}. Needs the removable-media section.
 */
public final class MediaUnapprovedRule extends BaseRule {
    public static final String ID = "media.unapproved";

    public MediaUnapprovedRule() {
        super(ID, Severity.MEDIUM, PolicyRefs.REMOVABLE_MEDIA, s -> s.removableMedia() != null);
    }

    /** A medium and when it was last seen connected. */
    private record Seen(MediaDevice device, Instant lastConnected, boolean connectedNow) {
        Seen merge(Seen other) {
            Instant last = lastConnected.isAfter(other.lastConnected) ? lastConnected : other.lastConnected;
            // Keep the richer description: the currently connected copy is the freshest the agent sent.
            MediaDevice d = connectedNow || !other.connectedNow ? device : other.device;
            return new Seen(d, last, connectedNow || other.connectedNow);
        }
    }

    @Override
    public List<Verdict> evaluate(DeviceFacts facts, Policy policy, Instant now) {
        RemovableMedia media = facts.current().removableMedia();
        if (media == null) {
            return List.of();
        }
        Instant since = now.minus(Duration.ofDays(policy.mediaWindowDays()));
        Map<String, Seen> seen = new TreeMap<>(); // sorted by identity key: a stable verdict order
        for (MediaDevice d : media.connected()) {
            if (d != null) {
                // "Connected now" is as of the last report that carried the section; lastSeen dates it.
                seen.merge(d.identityKey(), new Seen(d, facts.lastSeen(), true), Seen::merge);
            }
        }
        List<MediaEvent> events = new ArrayList<>(facts.recentMediaEvents());
        events.addAll(media.events());
        for (MediaEvent e : events) {
            if (e != null && e.device() != null && e.at() != null && e.action() == MediaAction.CONNECTED
                    && !e.at().isBefore(since)) {
                seen.merge(e.device().identityKey(), new Seen(e.device(), e.at(), false), Seen::merge);
            }
        }
        List<Verdict> out = new ArrayList<>();
        seen.forEach((key, s) -> {
            if (!approved(s.device(), policy.approvedMedia())) {
                out.add(fail(key, evidence(s)));
            }
        });
        return out;
    }

    /** While a medium stays plugged in, its {@code lastSeenConnected} is the report's time: it only dates the finding. */
    @Override
    public Set<String> observationKeys() {
        return OBSERVATION_KEYS;
    }

    private static final Set<String> OBSERVATION_KEYS = Set.of("lastSeenConnected");

    private static boolean approved(MediaDevice d, List<ApprovedMedia> approved) {
        return approved.stream().anyMatch(a -> a.matches(d));
    }

    private static Map<String, Object> evidence(Seen s) {
        MediaDevice d = s.device();
        String label = String.format("%s %s", d.vendor() == null ? "" : d.vendor(),
                d.product() == null ? "" : d.product()).strip();
        return Evidence.of().put("kind", d.kind()).put("vendor", d.vendor()).put("product", d.product())
                .put("vendorId", d.vendorId()).put("productId", d.productId()).put("serial", d.serial())
                .put("encrypted", BaseRule.tri(d.encrypted())).put("connectedNow", s.connectedNow())
                .put("lastSeenConnected", s.lastConnected())
                .fix(String.format("Either approve this medium (%s, serial %s) in Media > Approved, or ask its owner "
                        + "to stop using it on this laptop.", label.isEmpty() ? d.identityKey() : label,
                        d.serial() == null ? "none" : d.serial())).build();
    }
}
