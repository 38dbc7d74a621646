package io.rollcall.collector.http;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Set;

/** What a person (or their API token) may do. Which role may call which route is declared in the route table. */
public enum Role {
    ADMIN("admin"),
    TECHNICIAN("technician"),
    BUSINESS_MANAGER("business-manager"),
    /** Senior leadership: reads summaries, trends and exports, changes nothing. */
    SLT("slt"),
    /**
     * A member of staff signed in through single sign-on (issue 17): sees only their own laptop and its findings.
     * Left out of {@link #ANYONE} and {@link #READERS}, so no route that existed before it is open to it.
     */
    STAFF("staff");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** The role with this wire name; {@link IllegalArgumentException} naming the allowed values otherwise. */
    public static Role parse(String s) {
        for (Role r : values()) {
            if (r.wire.equals(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException("role was '" + s + "', must be one of admin, technician, business-manager, slt, staff");
    }

    /** Every role that runs the school's kit: routes anyone signed in may read (not {@link #STAFF}). */
    public static final Set<Role> ANYONE = EnumSet.of(ADMIN, TECHNICIAN, BUSINESS_MANAGER, SLT);
    public static final Set<Role> ADMIN_ONLY = EnumSet.of(ADMIN);
    /** Devices, catalogue, licences, approved media, policy. */
    public static final Set<Role> TECHNICIANS = EnumSet.of(ADMIN, TECHNICIAN);
    /** Assets, people, loans. */
    public static final Set<Role> BUSINESS_MANAGERS = EnumSet.of(ADMIN, BUSINESS_MANAGER);
    /** Summaries and exports every role may read. */
    public static final Set<Role> READERS = EnumSet.of(ADMIN, TECHNICIAN, BUSINESS_MANAGER, SLT);
    /** Every role, {@link #STAFF} included: a person's own things (their laptop). */
    public static final Set<Role> EVERYONE = EnumSet.allOf(Role.class);
}
