package io.rollcall.agent.os.windows;

import java.util.List;
import java.util.Map;

/**
 * Windows Management Instrumentation queries, so probes can run against recorded output. Never throws: a namespace
 * or class that does not exist (SecurityCenter2 on Windows Server, BitLocker on Home editions) gives a failed result.
 */
public interface Wmi {

    /**
     * The rows, or why there are none.
     *
     * @param rows    one map per instance, property name → value (String, Integer, Long, Boolean; a property the
     *                instance does not set is absent)
     * @param failure why the query failed; {@code null} when it ran (even with no rows)
     */
    record Result(List<Map<String, Object>> rows, String failure) {
        public Result {
            rows = rows == null ? List.of() : List.copyOf(rows);
        }

        public static Result failed(String why) {
            return new Result(List.of(), why);
        }
    }

    /** {@code SELECT properties FROM wmiClass} in {@code namespace} (e.g. "ROOT\\SecurityCenter2"). */
    Result select(String namespace, String wmiClass, List<String> properties);

    /** Reads a property as a long whatever WMI typed it as (uint64 arrives as a string). */
    static Long asLong(Object v) {
        return Registry.number(v).orElse(null);
    }

    /** Reads a property as a boolean: WMI booleans, or "TRUE"/"FALSE" as wmic prints them. */
    static Boolean asBoolean(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            if (s.equalsIgnoreCase("true")) {
                return true;
            }
            if (s.equalsIgnoreCase("false")) {
                return false;
            }
        }
        return null;
    }
}
