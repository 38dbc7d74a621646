package io.rollcall.agent.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The streaming reader gives the values databind's tree gave the probes, including its lenient conversions. */
class JsonValuesTest {

    @Test
    void objectsArraysAndScalarsKeepTheirShape() throws IOException {
        Object v = JsonValues.parse("{\"a\":[1,\"x\",true,null,{\"b\":2.5}],\"c\":\"d\"}");
        assertEquals("d", JsonValues.field(v, "c"));
        List<?> a = (List<?>) JsonValues.field(v, "a");
        assertEquals(5, a.size());
        assertEquals(1, JsonValues.asInt(a.get(0)));
        assertEquals("x", a.get(1));
        assertTrue(JsonValues.asBoolean(a.get(2)));
        assertNull(a.get(3));
        assertEquals("2.5", JsonValues.asText(JsonValues.field(a.get(4), "b"), null));
    }

    @Test
    void conversionsFollowDatabindsAsTextAsBooleanAndAsInt() throws IOException {
        assertNull(JsonValues.field("not an object", "a"));
        assertEquals("fallback", JsonValues.asText(Map.of(), "fallback"));
        assertEquals("fallback", JsonValues.asText(null, "fallback"));
        assertEquals("12", JsonValues.asText(12, null));
        assertTrue(JsonValues.asBoolean("true"));
        assertTrue(JsonValues.asBoolean(3));
        assertFalse(JsonValues.asBoolean("yes"));
        assertEquals(195, JsonValues.asInt("195"));
        assertEquals(0, JsonValues.asInt("x"));
        assertEquals(Map.of(), JsonValues.parse(""));
    }

    @Test
    void brokenJsonIsAnIOException() {
        assertThrows(IOException.class, () -> JsonValues.parse("{\"a\":"));
        assertThrows(IOException.class, () -> JsonValues.parse("{\"a\" 1}"));
    }
}
