package io.rollcall.collector.findings;

import io.rollcall.common.report.SoftwareItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The school's reviewed software titles, as the software rules see it. Implementations must be pure
 * and fast (an in-memory snapshot), since rules run for every report.
 */
@FunctionalInterface
public interface Catalogue {

    /** The decision recorded for the title {@code item} belongs to; empty when nobody has reviewed it yet. */
    Optional<Decision> decisionFor(SoftwareItem item);

    /**
     * The decision for {@code item} whose title the caller already has from {@link #titleOf}: a rule walking 850
     * installs normalises each once instead of twice.
     */
    default Optional<Decision> decisionFor(SoftwareItem item, SoftwareTitle title) {
        return decisionFor(item);
    }

    /** Changes whenever a decision or a rule changes (cluster-wide); constant for a catalogue that never changes. */
    default String version() {
        return "";
    }

    /** Takes up the cluster's latest decisions and rules if they changed; nothing for a catalogue that never changes. */
    default void refresh() {
    }

    /** The title {@code item} is an install of; without a dictionary, the raw name less versions and suffixes. */
    default SoftwareTitle titleOf(SoftwareItem item) {
        return SoftwareTitle.fallback(item.name());
    }

    /** An install with its title and the decision for that title. */
    record Judged(SoftwareItem item, SoftwareTitle title, Optional<Decision> decision) {
    }

    /**
     * Every named install of {@code software} (nulls and blank names left out), in list order, with its title and
     * decision: what the software rules walk. One list is judged once per report however many rules read it, and an
     * implementation may answer a list instance it judged before from memory (laptops from one image share one).
     */
    default List<Judged> judge(List<SoftwareItem> software) {
        List<Judged> out = new ArrayList<>(software.size());
        for (SoftwareItem item : software) {
            if (item != null && item.name() != null && !item.name().isBlank()) {
                SoftwareTitle t = titleOf(item);
                out.add(new Judged(item, t, decisionFor(item, t)));
            }
        }
        return out;
    }

    /** A catalogue that has reviewed nothing: every title is unreviewed. */
    static Catalogue empty() {
        return item -> Optional.empty();
    }
}
