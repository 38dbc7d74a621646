package io.rollcall.common.wire;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a collector node remembers of software-list gzip members it inflated itself ({@link GzipMembers}): the
 * SHA-256 of a member's bytes → the span digest of the list they inflate to, and its size. The least recently used
 * is forgotten past {@code capacity} (a forgotten member is simply inflated again). Thread-safe.
 *
 * <p>Only a decode that inflated the member and found exactly the software list in it records an entry, so a remembered
 * digest is always one this node computed; the list it names is checked to be stored before it is used.
 */
public final class ListMembers {
    /** 65,536 members: a trust's distinct lists for a day, about 20 MB. */
    public static final int DEFAULT_CAPACITY = 65_536;
    private final Map<String, GzipMembers.Known> known;

    public ListMembers(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity was " + capacity + ", must be ≥ 1");
        }
        this.known = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, GzipMembers.Known> eldest) {
                return size() > capacity;
            }
        };
    }

    /** What the member with this SHA-256 (base64url) inflates to, or {@code null}. */
    public synchronized GzipMembers.Known get(String memberDigest) {
        return known.get(memberDigest);
    }

    synchronized void put(String memberDigest, GzipMembers.Known k) {
        known.put(memberDigest, k);
    }

    /** How many members are remembered. */
    public synchronized int size() {
        return known.size();
    }
}
