package io.rollcall.collector.findings;

import io.rollcall.common.report.SoftwareItem;
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

    /** A catalogue that has reviewed nothing: every title is unreviewed. */
    static Catalogue empty() {
        return item -> Optional.empty();
    }
}
