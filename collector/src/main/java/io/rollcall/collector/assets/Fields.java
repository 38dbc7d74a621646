package io.rollcall.collector.assets;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.http.ApiException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the JSON bodies of the asset, people and loan routes, refusing bad input with a 400 that
 * names the field. Values are trimmed; control characters are refused because they end up in PDFs,
 * CSV exports and e-mails.
 */
public final class Fields {
    private Fields() {
    }

    public static String text(JsonNode body, String field, int max, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw ApiException.badRequest(field + ": is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest(field + ": must be a string");
        }
        return clean(field, v.asText(), max, required);
    }

    /** Trims {@code v} and checks its length and characters; {@code null} for blank optional values. */
    public static String clean(String field, String v, int max, boolean required) {
        String s = v == null ? "" : v.strip();
        if (s.isEmpty()) {
            if (required) {
                throw ApiException.badRequest(field + ": is required");
            }
            return null;
        }
        if (s.length() > max) {
            throw ApiException.badRequest(field + ": is " + s.length() + " characters, the limit is " + max);
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                throw ApiException.badRequest(field + ": contains a control character");
            }
        }
        return s;
    }

    public static String oneOf(JsonNode body, String field, Set<String> allowed, String dflt) {
        String v = text(body, field, 32, dflt == null);
        if (v == null) {
            return dflt;
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            throw ApiException.badRequest(field + ": was '" + v + "', must be one of " + String.join(", ", sorted(allowed)));
        }
        return lower;
    }

    public static Instant instant(JsonNode body, String field, boolean required) {
        String v = text(body, field, 40, required);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            try {
                // a plain date means the end of that day in UTC: "due on the 14th" includes the 14th
                return LocalDate.parse(v).plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().minusSeconds(1);
            } catch (DateTimeParseException e2) {
                throw ApiException.badRequest(field + ": was '" + v + "', must be an ISO-8601 instant or date");
            }
        }
    }

    public static LocalDate date(JsonNode body, String field) {
        String v = text(body, field, 10, false);
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field + ": was '" + v + "', must be a date (yyyy-mm-dd)");
        }
    }

    /** A non-negative amount with at most two decimal places. */
    public static BigDecimal money(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        BigDecimal d;
        try {
            d = v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText().strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(field + ": was '" + v.asText() + "', must be an amount such as 799.00");
        }
        if (d.signum() < 0 || d.scale() > 2 || d.compareTo(new BigDecimal("9999999999.99")) > 0) {
            throw ApiException.badRequest(field + ": was " + d.toPlainString() + ", must be ≥ 0 with at most 2 decimals");
        }
        return d;
    }

    private static java.util.List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
