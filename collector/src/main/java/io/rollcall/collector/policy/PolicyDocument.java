package io.rollcall.collector.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.JsonBody;
import io.rollcall.common.wire.WireJson;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON document of {@code GET/PUT /api/v1/policy}: {@link Policy} as stored, plus the screen-lock idle limits
 * in minutes ({@code screenLockMaxIdleMinutes}, {@code screenLockMaxIdleMinutesMac}), the unit the school's
 * policy uses. A PUT may send minutes or seconds, or both when they agree (a GET document sent back as is);
 * minutes are rounded to the nearest whole second. Pure.
 */
public final class PolicyDocument {
    public static final String MINUTES = "screenLockMaxIdleMinutes";
    public static final String MINUTES_MAC = "screenLockMaxIdleMinutesMac";
    /** A day: the same limit as {@link Policy#MAX_IDLE_SECONDS}. */
    public static final int MAX_IDLE_MINUTES = Policy.MAX_IDLE_SECONDS / 60;
    private static final Map<String, String> SECONDS_OF = Map.of(MINUTES, "screenLockMaxIdleSeconds",
            MINUTES_MAC, "screenLockMaxIdleSecondsMac");

    private PolicyDocument() {
    }

    /**
     * Every problem with a PUT body read as a policy, each naming its field; the policy when there is none.
     *
     * @param problems receives the problems (minutes out of range, minutes and seconds disagreeing)
     * @throws ApiException 400 when the body is not a JSON object or a field has the wrong type
     */
    public static Policy read(JsonNode body, List<String> problems) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("body: a JSON object is required");
        }
        ObjectNode doc = body.deepCopy();
        for (String field : List.of(MINUTES, MINUTES_MAC)) {
            minutes(doc, field, SECONDS_OF.get(field), problems);
        }
        return JsonBody.read(doc, Policy.class);
    }

    private static void minutes(ObjectNode doc, String field, String secondsField, List<String> problems) {
        JsonNode m = doc.remove(field);
        if (m == null || m.isNull()) {
            return;
        }
        if (!m.isNumber() || !Double.isFinite(m.doubleValue())) { // 1e999 reads as an infinite double
            throw ApiException.badRequest(field + ": must be a number of minutes, more than 0 and at most "
                    + MAX_IDLE_MINUTES);
        }
        BigDecimal minutes = m.decimalValue();
        BigDecimal rounded = minutes.multiply(BigDecimal.valueOf(60)).setScale(0, RoundingMode.HALF_UP);
        // a limit under a minute is unusual but allowed in seconds, so minutes must only give at least one second
        if (minutes.signum() <= 0 || rounded.signum() <= 0
                || minutes.compareTo(BigDecimal.valueOf(MAX_IDLE_MINUTES)) > 0) {
            problems.add(String.format("%s was %s, must be more than 0 and at most %d minutes", field,
                    minutes.toPlainString(), MAX_IDLE_MINUTES));
            doc.remove(secondsField); // its own problem would only repeat this one
            return;
        }
        int seconds = rounded.intValueExact();
        JsonNode s = doc.get(secondsField);
        if (s != null && !s.isNull()) {
            if (!s.isNumber() || !Double.isFinite(s.doubleValue())
                    || s.decimalValue().compareTo(BigDecimal.valueOf(seconds)) != 0) {
                problems.add(String.format("%s was %s (%d seconds) but %s was %s: send one of them, or both agreeing",
                        field, minutes.toPlainString(), seconds, secondsField, s.asText()));
                return;
            }
        }
        doc.put(secondsField, seconds);
    }

    /** {@code p} (without approved media) as the document a PUT takes, with the idle limits in minutes too. */
    public static Map<String, Object> render(Policy p) {
        @SuppressWarnings("unchecked")
        Map<String, Object> stored = WireJson.mapper().convertValue(p.withApprovedMedia(List.of()), Map.class);
        Map<String, Object> out = new LinkedHashMap<>();
        stored.forEach((k, v) -> {
            out.put(k, v);
            if (k.equals("screenLockMaxIdleSeconds")) {
                out.put(MINUTES, minutesOf(p.screenLockMaxIdleSeconds()));
            } else if (k.equals("screenLockMaxIdleSecondsMac")) {
                out.put(MINUTES_MAC, minutesOf(p.screenLockMaxIdleSecondsMac()));
            }
        });
        out.remove("approvedMedia");
        return out;
    }

    /** Whole minutes when exact, else minutes to two places (which round back to the same seconds). */
    static Number minutesOf(int seconds) {
        if (seconds % 60 == 0) {
            return seconds / 60;
        }
        return BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP);
    }

    /** Each numeric threshold with its unit and range, for a form or a script to check against. */
    public static List<Map<String, Object>> thresholds() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Policy.Threshold t : Policy.THRESHOLDS) {
            out.add(Map.of("field", t.field(), "unit", t.unit(), "min", t.min(), "max", t.max()));
            if (t.field().equals("screenLockMaxIdleSeconds")) {
                out.add(Map.of("field", MINUTES, "unit", "minutes", "min", 0, "minExclusive", true, "max", MAX_IDLE_MINUTES));
            } else if (t.field().equals("screenLockMaxIdleSecondsMac")) {
                out.add(Map.of("field", MINUTES_MAC, "unit", "minutes", "min", 0, "minExclusive", true,
                        "max", MAX_IDLE_MINUTES));
            }
        }
        return out;
    }
}
