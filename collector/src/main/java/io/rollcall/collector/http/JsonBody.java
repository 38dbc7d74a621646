package io.rollcall.collector.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.rollcall.common.wire.WireJson;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * Admin request bodies: a size-limited body handler for a route, and strict JSON reading that refuses unknown
 * fields (a misspelt setting must not be silently ignored) with a 400 naming the field; or, for handlers that
 * read a few fields by hand, a JSON tree with {@link #object} and {@link #text}.
 */
public final class JsonBody {
    /** Admin JSON bodies are small documents. */
    public static final int LIMIT = 256 * 1024;
    private static final ObjectMapper STRICT = WireJson.mapper().copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private JsonBody() {
    }

    /**
     * A body handler for admin JSON bodies up to {@link #LIMIT}: pass it to {@code api.post/put(path, roles, …)},
     * which gives it a route of its own in front of the role check (Vert.x wants the body handler first).
     */
    public static BodyHandler json() {
        return limit(LIMIT);
    }

    /** As {@link #json()} with a limit of {@code bytes} (a CSV upload, say). */
    public static BodyHandler limit(int bytes) {
        return BodyHandler.create(false).setBodyLimit(bytes);
    }

    /** The body as {@code type}; a 400 naming the field when it is not. Call on a worker or the event loop (no I/O). */
    public static <T> T read(RoutingContext ctx, Class<T> type) {
        if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() == 0) {
            throw ApiException.badRequest("body: a JSON object is required");
        }
        try {
            return strict(STRICT.readValue(ctx.body().buffer().getBytes(), type));
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest(path(e) + ": is not a known field");
        } catch (JsonMappingException e) {
            String cause = e.getCause() instanceof IllegalArgumentException iae ? iae.getMessage()
                    : e.getOriginalMessage().split("\n")[0];
            throw ApiException.badRequest(path(e) + ": " + cause);
        } catch (IOException e) {
            throw new ApiException(400, "malformed", "body: not valid JSON");
        }
    }

    /**
     * A JSON tree (a body a handler has already read and adjusted) as {@code type}, as strictly as
     * {@link #read(RoutingContext, Class)}: unknown fields refused, a 400 naming the field.
     */
    public static <T> T read(JsonNode tree, Class<T> type) {
        try {
            return strict(STRICT.treeToValue(tree, type));
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest(path(e) + ": is not a known field");
        } catch (JsonMappingException e) {
            String cause = e.getCause() instanceof IllegalArgumentException iae ? iae.getMessage()
                    : e.getOriginalMessage().split("\n")[0];
            throw ApiException.badRequest(path(e) + ": " + cause);
        } catch (IOException e) {
            throw new ApiException(400, "malformed", "body: not valid JSON");
        }
    }

    private static <T> T strict(T v) {
        if (v == null) {
            throw ApiException.badRequest("body: a JSON object is required");
        }
        return v;
    }

    private static String path(JsonMappingException e) {
        String p = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return p.isEmpty() ? "body" : p;
    }

    /** A body handler for small admin requests (16 KiB). Put it first in a route's handlers. */
    public static BodyHandler small() {
        return limit(16 * 1024);
    }

    /** The request body as a JSON object; 400 if it is missing, not JSON, or not an object. */
    public static JsonNode object(RoutingContext ctx) {
        var body = ctx.body() == null ? null : ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw ApiException.badRequest("body: a JSON object is required");
        }
        try {
            JsonNode n = WireJson.mapper().readTree(body.getBytes());
            if (n == null || !n.isObject()) {
                throw ApiException.badRequest("body: must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw ApiException.badRequest("body: is not valid JSON");
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
