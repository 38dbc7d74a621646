package io.rollcall.collector.software;

import io.rollcall.collector.findings.Decision;
import java.util.Optional;
import java.util.Set;

/**
 * What a title's dictionary category decides before anyone reviews it: OS and driver components
 * ({@code system}) are approved, the categories the policies ban (games, gambling, peer-to-peer; 000 §5.6,
 * 001 §3, 002 §4) are banned, everything else waits for a technician.
 */
public final class CategoryDefaults {
    public static final String DICTIONARY = "dictionary";
    public static final Set<String> BANNED = Set.of("game", "gambling", "peer-to-peer");

    private CategoryDefaults() {
    }

    /** The decision the category implies; empty when the title needs review. */
    public static Optional<Decision> decision(String category) {
        if ("system".equals(category)) {
            return Optional.of(new Decision(Decision.Status.APPROVED, category, "operating-system or driver component"));
        }
        if (category != null && BANNED.contains(category)) {
            return Optional.of(new Decision(Decision.Status.BANNED, category,
                    "category " + category + " is banned by the acceptable-use policy"));
        }
        return Optional.empty();
    }

    /** The stored status a newly seen title starts with. */
    public static String initialStatus(String category) {
        return decision(category).map(d -> Statuses.wire(d.status())).orElse(Statuses.UNREVIEWED);
    }
}
