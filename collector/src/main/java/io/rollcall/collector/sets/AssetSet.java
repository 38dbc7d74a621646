package io.rollcall.collector.sets;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A named set of assets lent and returned as one: a laptop trolley, a camera kit.
 *
 * @param kind     one of {@link #KINDS}
 * @param location where the set lives when it is in (a room, a cupboard); optional
 */
public record AssetSet(UUID id, String name, String kind, String location, Instant createdAt, Instant updatedAt) {
    public static final Set<String> KINDS = Set.of("trolley", "kit", "other");
}
