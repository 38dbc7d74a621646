package io.rollcall.collector.findings.rules;

import io.rollcall.collector.findings.Catalogue;
import io.rollcall.collector.findings.DeviceFacts;
import io.rollcall.collector.findings.Evidence;
import io.rollcall.collector.findings.IdentityMemo;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.findings.SoftwareTitle;
import io.rollcall.collector.findings.Severity;
import io.rollcall.collector.findings.Verdict;
import io.rollcall.common.report.SoftwareItem;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * {@code software.unapproved}: installed titles nobody has reviewed in the catalogue. One verdict per device
 * (subject {@code ""}) so that a first scan does not bury the technician under hundreds of findings; the
 * titles themselves go to the review queue. Raw installs are counted by title, so two versions of one title
 * count once. Needs the software section.
 */
public final class SoftwareUnapprovedRule extends BaseRule {
    public static final String ID = "software.unapproved";
    /** How many titles the evidence names; the count covers the rest. */
    public static final int LISTED_TITLES = 20;

    /** The order titles are listed in: case-insensitive, then exact, so the list is stable. */
    public static final Comparator<String> TITLE_ORDER =
            String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder());

    private final Catalogue catalogue;
    private final IdentityMemo<List<Catalogue.Judged>, List<Verdict>> verdictsOf = new IdentityMemo<>(16);

    public SoftwareUnapprovedRule(Catalogue catalogue) {
        super(ID, Severity.LOW, PolicyRefs.APPROVED_SOFTWARE, s -> s.software() != null);
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
    }

    @Override
    public List<Verdict> evaluate(DeviceFacts device, Policy policy, Instant now) {
        List<SoftwareItem> software = device.current().software();
        if (software == null) {
            return List.of();
        }
        // laptops from one image share one judged list: its 850 names are sorted once, not once per laptop
        return verdictsOf.get(catalogue.judge(software), judged -> {
            SortedSet<String> unreviewed = new TreeSet<>(TITLE_ORDER);
            for (Catalogue.Judged j : judged) {
                if (j.decision().isEmpty()) {
                    unreviewed.add(j.title().name());
                }
            }
            return verdicts(unreviewed);
        });
    }

    /**
     * The verdict for a device whose unreviewed titles are {@code titleNames} (empty: none). Also used when a
     * catalogue decision re-evaluates the devices holding a title, so both paths say the same thing.
     */
    public static List<Verdict> verdicts(Collection<String> titleNames) {
        SortedSet<String> sorted = new TreeSet<>(TITLE_ORDER);
        sorted.addAll(titleNames);
        if (sorted.isEmpty()) {
            return List.of();
        }
        return List.of(new Verdict(ID, "", io.rollcall.collector.findings.Outcome.FAIL, Severity.LOW,
                Evidence.of().put("unreviewedTitles", sorted.size())
                        .put("titles", sorted.stream().limit(LISTED_TITLES).toList())
                        .fix("Review these titles in Software > Review: approve, mark as needing a licence, or ban.")
                        .build(), PolicyRefs.APPROVED_SOFTWARE));
    }
}
