package io.rollcall.collector.software;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyCacheTest {

    @Test
    void keysAreKnownOnlyAfterTheirTransactionCommitted() {
        KeyCache cache = new KeyCache();
        cache.stageRaws(List.of("r1", "r2"));
        cache.stageTitles(List.of("t1"));
        assertEquals(Set.of("r1", "r2", "r3"), cache.unknownRaws(List.of("r1", "r2", "r3")), "staged is not known");
        cache.commit();
        assertEquals(Set.of("r3"), cache.unknownRaws(List.of("r1", "r2", "r3")));
        assertEquals(Set.of("t2"), cache.unknownTitles(List.of("t1", "t2")));
        assertEquals(Set.of("r1"), cache.unknownTitles(List.of("r1")), "a raw key is no title key");
    }

    @Test
    void aRolledBackTransactionLeavesNothingBehind() {
        KeyCache cache = new KeyCache();
        cache.stageRaws(List.of("r1"));
        cache.rollback();
        cache.stageRaws(List.of("r2"));
        cache.commit();
        assertEquals(Set.of("r1"), cache.unknownRaws(List.of("r1", "r2")));
    }

    @Test
    void pastItsBoundItStartsAgainAndNoneKnowsNothing() {
        KeyCache small = new KeyCache(3);
        small.stageRaws(List.of("a", "b"));
        small.commit();
        small.stageRaws(List.of("c", "d"));
        small.commit();
        assertEquals(2, small.size(), "cleared, then the last transaction's keys");
        assertEquals(Set.of("a", "b"), small.unknownRaws(List.of("a", "b", "c", "d")));
        KeyCache.NONE.stageRaws(List.of("x"));
        KeyCache.NONE.commit();
        assertEquals(Set.of("x"), KeyCache.NONE.unknownRaws(List.of("x")));
    }
}
