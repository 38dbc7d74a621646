package io.rollcall.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FastInstantDeserializerTest {
    @ParameterizedTest
    @ValueSource(strings = {"2025-06-24T14:37:46Z", "2025-06-24T14:37:46.5Z", "2024-02-29T00:00:00.123456789Z",
            "1999-12-31T23:59:59.000001Z"})
    void agreesWithInstantParse(String text) {
        assertEquals(Instant.parse(text), FastInstantDeserializer.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-02-30T00:00:00Z", "2025-06-24T24:00:00Z", "2025-06-24 14:37:46Z", "2025-06-24T14:37:46",
            "2025-06-24T14:37:46.Z", "2025-06-24T14:37:46+01:00", "20x5-06-24T14:37:46Z"})
    void leavesOtherShapesToTheGeneralParser(String text) {
        assertNull(FastInstantDeserializer.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"2025-06-24T15:37:46+01:00\"", "\"2025-06-24T14:37:46Z\""})
    void mapperReadsBothFastAndOffsetForms(String json) throws Exception {
        assertEquals(Instant.parse("2025-06-24T14:37:46Z"), WireJson.mapper().readValue(json, Instant.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1719239866", "\"yesterday\"", "\"2025-02-30T00:00:00Z\""})
    void refusesNumbersAndNonsense(String json) {
        assertThrows(Exception.class, () -> WireJson.mapper().readValue(json, Instant.class));
    }
}
