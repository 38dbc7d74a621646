package io.rollcall.collector.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.common.wire.WireJson;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;

/** Small JSON request bodies for admin routes: parsed to a tree, fields read with messages naming them. */
public final class JsonBody {
    private JsonBody() {
    }

    /** A body handler for small admin requests (16 KiB). Put it first in a route's handlers. */
    public static BodyHandler small() {
        return BodyHandler.create(false).setBodyLimit(16 * 1024);
    }

    /** The request body as a JSON object; 400 if it is missing, not JSON, or not an object. */
    public static JsonNode object(RoutingContext ctx) {
        var body = ctx.body() == null ? null : ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw ApiException.badRequest("send a JSON object as the request body");
        }
        try {
            JsonNode n = WireJson.mapper().readTree(body.getBytes());
            if (n == null || !n.isObject()) {
                throw ApiException.badRequest("the request body must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw ApiException.badRequest("the request body is not valid JSON");
        }
    }

    /** A required string field of at most {@code max} characters; 400 naming the field otherwise. */
    public static String text(JsonNode o, String field, int min, int max) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            if (min == 0) {
                return null;
            }
            throw ApiException.badRequest(field + ": is required");
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest(field + ": must be a string");
        }
        String s = v.asText();
        if (s.length() < min || s.length() > max) {
            throw ApiException.badRequest(field + ": is " + s.length() + " characters, must be " + min + " to " + max);
        }
        return s;
    }
}
