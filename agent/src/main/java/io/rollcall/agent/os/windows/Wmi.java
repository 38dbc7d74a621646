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

    /**
     * Calls a method without input parameters on one instance, e.g. Win32_EncryptableVolume's GetProtectionStatus,
     * which evaluates afresh what the ProtectionStatus property may hold stale. The answer is one row of the output
     * parameters (ReturnValue among them), or why the call failed. A Wmi that cannot call methods says so as a
     * failure, and callers fall back to properties.
     *
     * @param objectPath the instance, as {@link #objectPath} writes it
     */
    default Result call(String namespace, String objectPath, String method, List<String> outProperties) {
        return Result.failed("WMI method calls are not available here");
    }

    /** {@code Class.Key="value"}, the value escaped as WMI object paths need (backslash and double quote). */
    static String objectPath(String wmiClass, String key, String value) {
        return wmiClass + "." + key + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

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
