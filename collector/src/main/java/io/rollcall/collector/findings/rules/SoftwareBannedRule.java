package io.rollcall.collector.findings.rules;

import io.rollcall.collector.findings.Catalogue;
import io.rollcall.collector.findings.Decision;
import io.rollcall.collector.findings.DeviceFacts;
import io.rollcall.collector.findings.Evidence;
import io.rollcall.collector.findings.Outcome;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.findings.Severity;
import io.rollcall.collector.findings.SoftwareTitle;
import io.rollcall.collector.findings.Verdict;
import io.rollcall.common.report.SoftwareItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code software.banned}: an installed title the catalogue bans, by name or because its category (games,
 * gambling, peer-to-peer) is banned. One verdict per title, its subject the title id, so a decision about one
 * title changes only that title's findings. Needs the software section.
 */
public final class SoftwareBannedRule extends BaseRule {
    public static final String ID = "software.banned";

    private final Catalogue catalogue;

    public SoftwareBannedRule(Catalogue catalogue) {
        super(ID, Severity.HIGH, PolicyRefs.BANNED_CATEGORIES, s -> s.software() != null);
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
    }

    @Override
    public List<Verdict> evaluate(DeviceFacts device, Policy policy, Instant now) {
        List<SoftwareItem> software = device.current().software();
        if (software == null) {
            return List.of();
        }
        Map<String, Verdict> byTitle = new TreeMap<>(); // one per title, in title-id order
        for (Catalogue.Judged j : catalogue.judge(software)) {
            Optional<Decision> d = j.decision();
            if (d.isPresent() && d.get().status() == Decision.Status.BANNED) {
                byTitle.putIfAbsent(j.title().id(), verdict(j.title(), d.get(), j.item().version(), j.item().installedAt()));
            }
        }
        return new ArrayList<>(byTitle.values());
    }

    /** The verdict for one banned title on one device; shared with the per-title re-evaluation. */
    public static Verdict verdict(SoftwareTitle title, Decision decision, String version, Instant installedAt) {
        return new Verdict(ID, title.id(), Outcome.FAIL, Severity.HIGH, Evidence.of()
                .put("title", title.name()).put("titleId", title.id()).put("version", version)
                .put("installedAt", installedAt).put("category", decision.category()).put("reason", decision.reason())
                .fix(String.format("Uninstall %s: the school bans it%s.", title.name(),
                        decision.reason() == null ? "" : " (" + decision.reason() + ")"))
                .build(), PolicyRefs.BANNED_CATEGORIES);
    }
}
