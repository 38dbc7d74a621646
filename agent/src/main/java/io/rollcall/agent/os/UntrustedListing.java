package io.rollcall.agent.os;

import java.time.Instant;
import java.util.List;

/**
 * What {@link UntrustedFiles#list} made of a directory a user can write: its entries (sorted by name; empty when it
 * does not exist), or a refusal with the reason.
 *
 * @param entries the entries; empty when refused or missing
 * @param refused why the directory was not listed; {@code null} when it was (or does not exist)
 */
public record UntrustedListing(List<Entry> entries, String refused) {
    public UntrustedListing {
        entries = List.copyOf(entries);
    }

    /**
     * One entry, described by its own attributes (a link is a link here, never its target).
     *
     * @param directory true for a real directory (a link to one is not)
     */
    public record Entry(String name, Instant modified, boolean directory) {
    }

    static UntrustedListing of(List<Entry> entries) {
        return new UntrustedListing(entries, null);
    }

    public static UntrustedListing missing() {
        return new UntrustedListing(List.of(), null);
    }

    public static UntrustedListing refusal(String reason) {
        return new UntrustedListing(List.of(), reason);
    }
}
