package io.rollcall.collector.cluster;

import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.JavaSerializationFilterConfig;
import java.util.List;

/**
 * The only classes Java deserialisation may create from cluster traffic and map values: the records Rollcall puts in
 * its maps, the JDK classes their fields really use, and the exceptions members send each other in error responses
 * (found by recording every class an {@link java.io.ObjectInputStream} resolves while reading them). Hazelcast's
 * default list ({@code java*}, {@code com.hazelcast.*}, arrays) is switched off: it admits every JDK class. Strings,
 * numbers and UUIDs stored as map values directly use Hazelcast's own serialisers and never come here.
 * <p>
 * A remote exception whose class (or cause's class, e.g. a JDBC driver's) is not listed arrives as a
 * {@code HazelcastSerializationException}: still a failure, with a poorer message.
 * <p>
 * A new {@link java.io.Serializable} record put in a map must be added to {@link #ROLLCALL}; {@code
 * ClusterSerialFilterTest} fails until it is.
 */
public final class ClusterSerialFilter {
    /** Rollcall records stored in Hazelcast maps. */
    public static final List<String> ROLLCALL = List.of(
            "io.rollcall.collector.devices.DeviceRecord",
            "io.rollcall.collector.auth.Session",
            "io.rollcall.collector.policy.PolicyReevaluation$Status");

    /**
     * JDK classes inside those records: {@code UUID}; {@code Boolean}; {@code java.time.Ser}, the serial form of
     * {@code Instant}; {@code java.util.CollSer}, the serial form of {@code Map.of}/{@code Map.copyOf}/{@code List.of}.
     */
    public static final List<String> JDK = List.of("java.util.UUID", "java.lang.Boolean", "java.time.Ser",
            "java.util.CollSer");

    /**
     * What a serialised exception is made of (stack trace, empty or filled suppressed list) and the JDK exceptions
     * members' operations commonly fail with. Hazelcast's own exceptions come in under the {@code com.hazelcast.}
     * prefix, which Hazelcast's default list also trusts.
     */
    public static final List<String> EXCEPTIONS = List.of("java.lang.Throwable", "java.lang.Exception",
            "java.lang.RuntimeException", "java.lang.Error", "java.lang.StackTraceElement",
            "[Ljava.lang.StackTraceElement;", "java.util.Collections$EmptyList", "java.util.ArrayList",
            "java.lang.IllegalStateException", "java.lang.IllegalArgumentException", "java.lang.NullPointerException",
            "java.lang.UnsupportedOperationException", "java.lang.InterruptedException", "java.io.IOException",
            "java.io.UncheckedIOException", "java.util.concurrent.CancellationException",
            "java.util.concurrent.ExecutionException", "java.util.concurrent.TimeoutException");

    private ClusterSerialFilter() {
    }

    public static JavaSerializationFilterConfig config() {
        ClassFilter allowed = new ClassFilter();
        ROLLCALL.forEach(allowed::addClasses);
        JDK.forEach(allowed::addClasses);
        EXCEPTIONS.forEach(allowed::addClasses);
        allowed.addPrefixes("com.hazelcast.");
        return new JavaSerializationFilterConfig().setDefaultsDisabled(true).setWhitelist(allowed);
    }
}
