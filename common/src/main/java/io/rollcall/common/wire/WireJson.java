package io.rollcall.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.SoftwareItem;
import java.io.IOException;
import java.util.List;

/**
 * The one Jackson configuration for the wire: ISO-8601 instants, absent fields omitted, and strict
 * reading (no coercion of "12" into 12, no duplicate keys, no trailing content) within the
 * tokenizer limits of {@link Limits}. Unknown properties are ignored so that an older collector
 * accepts a newer agent's additions.
 */
public final class WireJson {
    private static final ObjectMapper MAPPER = build();
    private static final ObjectMapper TABLE_MAPPER = MAPPER.copy().addMixIn(Sections.class, TableSoftware.class);

    private WireJson() {
    }

    /** The shared, thread-safe mapper. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * A mapper that writes a report's software as a table ({@link SoftwareTable}), the form agents send (they
     * write it with {@link ReportWriter}; this is its databind twin, which tests compare it with). Everything
     * else (stored documents, the admin API, a bare software list) keeps the list of objects.
     */
    public static ObjectMapper tableMapper() {
        return TABLE_MAPPER;
    }

    /** Mix-in: {@code Sections.software} through {@link SoftwareTable.Serializer}. */
    private abstract static class TableSoftware {
        @JsonSerialize(using = SoftwareTable.Serializer.class)
        abstract List<SoftwareItem> software();
    }

    /**
     * A parser over {@code json} that enforces every tokenizer limit, including array length.
     * Hand it to {@code mapper().readValue(parser, type)}.
     */
    public static JsonParser boundedParser(byte[] json) throws IOException {
        return new BoundedArrayParser(MAPPER.getFactory().createParser(json), Limits.MAX_ARRAY_ELEMENTS,
                Limits.MAX_NESTING_DEPTH);
    }

    /** The wire name of an enum constant ("usb-storage" for {@code MediaKind.USB_STORAGE}). */
    public static String name(Enum<?> value) {
        return value == null ? null : NAMES.computeIfAbsent(value, v -> MAPPER.convertValue(v, String.class));
    }

    private static final java.util.Map<Enum<?>, String> NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    private static ObjectMapper build() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(Limits.MAX_REPORT_BYTES)
                        .maxNestingDepth(Limits.MAX_NESTING_DEPTH)
                        .maxStringLength(Limits.MAX_STRING_CHARS)
                        .maxNameLength(Limits.MAX_NAME_CHARS)
                        .maxNumberLength(Limits.MAX_NUMBER_CHARS)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        JsonMapper mapper = JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .addModule(new com.fasterxml.jackson.databind.module.SimpleModule("rollcall-instants")
                        .addDeserializer(java.time.Instant.class, new FastInstantDeserializer()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
        // "12" is not a number, 12 is not a string, 1 is not a boolean
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        return mapper;
    }
}
