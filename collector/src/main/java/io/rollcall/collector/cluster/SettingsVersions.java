package io.rollcall.collector.cluster;

import com.hazelcast.map.IMap;
import java.util.UUID;

/**
 * How every collector node learns that school settings it caches (catalogue decisions, normalisation rules,
 * policy, approved media) changed: the writer commits to SQL, then puts a new random token under the
 * setting's name; a reader compares the token with the one it loaded and reloads from SQL when it differs.
 * Reading the token before the SQL means a reader can only ever reload too often, never miss a change.
 */
public final class SettingsVersions {
    private final IMap<String, String> tokens;

    SettingsVersions(IMap<String, String> tokens) {
        this.tokens = tokens;
    }

    /** The current token of {@code name}; {@code "initial"} until anyone changes it. */
    public String current(String name) {
        String t = tokens.get(name);
        return t == null ? "initial" : t;
    }

    /** Marks {@code name} changed; call after the change is committed. */
    public String bump(String name) {
        String t = UUID.randomUUID().toString();
        tokens.put(name, t);
        return t;
    }
}
