package io.rollcall.collector.http;

import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** Reads and validates query parameters, refusing bad ones with a message naming the parameter. */
public final class Query {
    private Query() {
    }

    public static String text(RoutingContext ctx, String name, int maxLength) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (v.length() > maxLength) {
            throw ApiException.badRequest(name + ": is " + v.length() + " characters, the limit is " + maxLength);
        }
        return v;
    }

    public static Boolean bool(RoutingContext ctx, String name) {
        String v = text(ctx, name, 5);
        if (v == null) {
            return null;
        }
        return switch (v) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ApiException.badRequest(name + ": was '" + v + "', must be true or false");
        };
    }

    public static int integer(RoutingContext ctx, String name, int dflt, int min, int max) {
        String v = text(ctx, name, 10);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw ApiException.badRequest(name + ": was " + n + ", must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + ": was '" + v + "', must be a whole number");
        }
    }

    public static UUID uuid(String name, String v) {
        if (v == null) {
            return null;
        }
        try {
            if (v.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(name + ": must be a UUID");
        }
    }

    /** A page of results with the total that matched. */
    public record Page<T>(java.util.List<T> items, long total, int limit, int offset) {
    }
}
