package io.rollcall.collector.findings;

import java.util.function.Function;

/**
 * The last few answers of a pure function, by the identity of its argument: the software list a school image's
 * laptops share is one instance ({@code ingest.SoftwareLists}), and so is its judgement
 * ({@link Catalogue#judge}), so work that depends only on the list is done once per image, not once per laptop.
 * Only for arguments that are never changed after they are built (immutable lists). Thread-safe.
 */
public final class IdentityMemo<K, V> {
    private final Object[] keys;
    private final Object[] values;
    private int next;

    public IdentityMemo(int slots) {
        this.keys = new Object[slots];
        this.values = new Object[slots];
    }

    /** {@code compute.apply(key)}, or its answer kept from the last time it was asked for this very instance. */
    @SuppressWarnings("unchecked")
    public V get(K key, Function<K, V> compute) {
        synchronized (this) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] == key) {
                    return (V) values[i];
                }
            }
        }
        V value = compute.apply(key);
        synchronized (this) {
            keys[next] = key;
            values[next] = value;
            next = (next + 1) % keys.length;
        }
        return value;
    }
}
