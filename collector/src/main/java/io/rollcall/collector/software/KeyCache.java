package io.rollcall.collector.software;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The raw-name and title keys this node has seen committed to the store, so that a report's 850 raw names and their
 * titles are looked up ({@link KnownKeys}) only when new to this node. Rows of {@code software_raw} and
 * {@code software_titles} (and the title sets of {@code software_title_sets}) are never deleted, so a key once committed stays true; another node's inserts are simply
 * not known here and are looked up as before. A cache that can be rebuilt: empty at start, cleared when it grows past
 * {@link #MAX_KEYS}. Keys are staged while a transaction writes and join the cache only after it commits
 * ({@link #commit}), never after a rollback. Staging belongs to the one thread that writes (the install indexer).
 *
 * <p>Why: with the lookups in the single report-writer thread, first reports of new devices sharing a school's
 * images ran at 13/s, the writer thread holding 61 % of the collector's samples and a third of those in the lookups
 * (BENCHMARKS.md, "Ingest near the ceiling").
 */
public final class KeyCache {
    /** No cache: every key is looked up (re-normalisation, tests). */
    public static final KeyCache NONE = new KeyCache(0);
    static final int MAX_KEYS = 2_000_000;

    private final int max;
    private final Set<String> raws = ConcurrentHashMap.newKeySet();
    private final Set<String> titles = ConcurrentHashMap.newKeySet();
    private final List<String> stagedRaws = new ArrayList<>();
    private final List<String> stagedTitles = new ArrayList<>();
    private final Set<String> sets = ConcurrentHashMap.newKeySet();
    private final List<String> stagedSets = new ArrayList<>();

    public KeyCache() {
        this(MAX_KEYS);
    }

    KeyCache(int max) {
        this.max = max;
    }

    /** Those of {@code keys} not known to be committed. */
    Set<String> unknownRaws(Collection<String> keys) {
        return unknown(raws, keys);
    }

    Set<String> unknownTitles(Collection<String> keys) {
        return unknown(titles, keys);
    }

    /** Whether the title set {@code id} is known to be committed. */
    boolean knownSet(String id) {
        return sets.contains(id);
    }

    void stageSet(String id) {
        if (max > 0) {
            stagedSets.add(id);
        }
    }

    void stageRaws(Collection<String> keys) {
        if (max > 0) {
            stagedRaws.addAll(keys);
        }
    }

    void stageTitles(Collection<String> keys) {
        if (max > 0) {
            stagedTitles.addAll(keys);
        }
    }

    /** The transaction that staged keys committed: they are now known. */
    public void commit() {
        add(raws, stagedRaws);
        add(titles, stagedTitles);
        add(sets, stagedSets);
    }

    /** The transaction rolled back: forget what it staged. */
    public void rollback() {
        stagedRaws.clear();
        stagedTitles.clear();
        stagedSets.clear();
    }

    private void add(Set<String> known, List<String> staged) {
        if (known.size() + staged.size() > max) {
            known.clear(); // a crude bound: a cleared cache only means lookups again, never a wrong answer
        }
        known.addAll(staged);
        staged.clear();
    }

    private static Set<String> unknown(Set<String> known, Collection<String> keys) {
        Set<String> out = new HashSet<>();
        for (String k : keys) {
            if (!known.contains(k)) {
                out.add(k); // one probe per key; copying all keys then removeAll cost a tenth of the writer's time
            }
        }
        return out;
    }

    /** Keys known to this node (tests). */
    int size() {
        return raws.size() + titles.size() + sets.size();
    }
}
