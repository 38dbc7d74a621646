package io.rollcall.common.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The software list in its table form: one array per field instead of one object per package, so a
 * field's name is written once and gzip sees ~900 versions side by side rather than interleaved
 * with names and dates (a Debian laptop's full report with 873 packages: 12.6 KB gzipped with the
 * list, 11.2 KB with the table; BENCHMARKS.md "Report size on the wire").
 *
 * <pre>{"name":["adduser","bash"], "version":["3.134","5.2.15-2"], "publishers":["Debian"], "publisher":[0,0],
 *  "installedAt":[1747699200,null], "sources":["dpkg"], "source":[0,0], "location":[null,"/opt/x"]}</pre>
 *
 * Rows keep the list's order. {@code name} is required and fixes the row count; every other column
 * has one entry per row or is absent (all {@code null}). {@code publisher} and {@code source} are
 * indexes into {@code publishers} and {@code sources} ({@code null}: none). {@code installedAt} is
 * whole seconds since the epoch ({@link SoftwareItem} keeps it to the second), so decoding gives back
 * exactly the same {@link SoftwareItem}s. Unknown keys are skipped (add, never rename).
 *
 * <p>The reader accepts both forms: the list of objects that agents before this form send, and the
 * table. For the table it checks column lengths and indexes while reading, and refuses a table whose
 * rows would expand (through the shared string tables) past {@link Limits#MAX_REPORT_BYTES}.
 */
public final class SoftwareTable {
    static final String NAME = "name";
    static final String VERSION = "version";
    static final String PUBLISHER = "publisher";
    static final String PUBLISHERS = "publishers";
    static final String INSTALLED_AT = "installedAt";
    static final String SOURCE = "source";
    static final String SOURCES = "sources";
    static final String LOCATION = "location";

    private static final Map<String, SoftwareSource> SOURCE_BY_NAME = new LinkedHashMap<>();
    private static final Map<SoftwareSource, String> NAME_BY_SOURCE = new HashMap<>();

    static {
        for (SoftwareSource s : SoftwareSource.values()) {
            SOURCE_BY_NAME.put(s.wire(), s);
            NAME_BY_SOURCE.put(s, s.wire());
        }
    }

    private SoftwareTable() {
    }

    /** The wire name of a source ("app-bundle"). */
    static String sourceName(SoftwareSource s) {
        return NAME_BY_SOURCE.get(s);
    }

    /** Writes the table form through any generator. */
    static void write(List<SoftwareItem> items, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeFieldName(NAME);
        g.writeStartArray();
        for (SoftwareItem it : items) {
            g.writeString(it.name());
        }
        g.writeEndArray();
        if (items.stream().anyMatch(it -> it.version() != null)) {
            g.writeFieldName(VERSION);
            g.writeStartArray();
            for (SoftwareItem it : items) {
                g.writeString(it.version());
            }
            g.writeEndArray();
        }
        indexed(items.stream().map(SoftwareItem::publisher).toList(), PUBLISHER, PUBLISHERS, g);
        if (items.stream().anyMatch(it -> it.installedAt() != null)) {
            g.writeFieldName(INSTALLED_AT);
            g.writeStartArray();
            for (SoftwareItem it : items) {
                if (it.installedAt() == null) {
                    g.writeNull();
                } else {
                    g.writeNumber(it.installedAt().getEpochSecond());
                }
            }
            g.writeEndArray();
        }
        indexed(items.stream().map(it -> it.source() == null ? null : sourceName(it.source())).toList(), SOURCE, SOURCES, g);
        if (items.stream().anyMatch(it -> it.location() != null)) {
            g.writeFieldName(LOCATION);
            g.writeStartArray();
            for (SoftwareItem it : items) {
                g.writeString(it.location());
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** A column of indexes into a table of the distinct values, in order of first appearance. */
    private static void indexed(List<String> values, String column, String table, JsonGenerator g) throws IOException {
        if (values.stream().allMatch(v -> v == null)) {
            return;
        }
        Map<String, Integer> index = new LinkedHashMap<>();
        g.writeFieldName(column);
        g.writeStartArray();
        for (String v : values) {
            if (v == null) {
                g.writeNull();
            } else {
                g.writeNumber(index.computeIfAbsent(v, k -> index.size()));
            }
        }
        g.writeEndArray();
        g.writeFieldName(table);
        g.writeStartArray();
        for (String v : index.keySet()) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /** Databind's hook for writing {@code Sections.software} as a table (see {@link WireJson#tableMapper()}). */
    public static final class Serializer extends JsonSerializer<List<SoftwareItem>> {
        @Override
        public void serialize(List<SoftwareItem> value, JsonGenerator g, SerializerProvider provider) throws IOException {
            write(value, g);
        }
    }

    /**
     * Reads {@code Sections.software} in either form. When the decode carries a {@link SoftwareSpan} (a context
     * attribute keyed by its class), the span digest is taken as well, and an unchanged list is left unbuilt.
     */
    public static final class Deserializer extends JsonDeserializer<List<SoftwareItem>> {
        @Override
        public List<SoftwareItem> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Object span = ctxt.getAttribute(SoftwareSpan.class);
            if (span instanceof SoftwareSpan s) {
                return s.read(p, ctxt);
            }
            return readEither(p, ctxt);
        }
    }

    /** Reads the list or the table at the parser's current token; leaves the parser on its END token. */
    static List<SoftwareItem> readEither(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() == JsonToken.START_ARRAY) {
            JavaType list = ctxt.getTypeFactory().constructCollectionType(List.class, SoftwareItem.class);
            return ctxt.readValue(p, list);
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw refused(p, null, -1, "must be a list of packages or a table of columns");
        }
        return read(p);
    }

    private static List<SoftwareItem> read(JsonParser p) throws IOException {
        List<String> names = null;
        List<String> versions = null;
        List<String> locations = null;
        List<String> publishers = null;
        List<String> sources = null;
        List<Integer> publisher = null;
        List<Integer> source = null;
        List<Instant> installedAt = null;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case NAME -> names = strings(p, field);
                case VERSION -> versions = strings(p, field);
                case LOCATION -> locations = strings(p, field);
                case PUBLISHERS -> publishers = strings(p, field);
                case SOURCES -> sources = strings(p, field);
                case PUBLISHER -> publisher = indexes(p, field);
                case SOURCE -> source = indexes(p, field);
                case INSTALLED_AT -> installedAt = instants(p, field);
                default -> p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw refused(p, null, -1, "the table ended early");
        }
        if (names == null) {
            throw refused(p, NAME, -1, "is required in the table form; it has one entry per package");
        }
        int rows = names.size();
        sameLength(p, VERSION, versions, rows);
        sameLength(p, LOCATION, locations, rows);
        sameLength(p, PUBLISHER, publisher, rows);
        sameLength(p, SOURCE, source, rows);
        sameLength(p, INSTALLED_AT, installedAt, rows);
        List<SoftwareSource> sourceValues = new ArrayList<>();
        for (int i = 0; sources != null && i < sources.size(); i++) {
            SoftwareSource s = sources.get(i) == null ? null : SOURCE_BY_NAME.get(sources.get(i));
            if (s == null) {
                throw refused(p, SOURCES, i, "is not a source; one of " + String.join(", ", SOURCE_BY_NAME.keySet()));
            }
            sourceValues.add(s);
        }
        long expanded = 0;
        List<SoftwareItem> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            String pub = lookup(p, PUBLISHER, publisher, i, PUBLISHERS, publishers);
            SoftwareSource src = lookup(p, SOURCE, source, i, SOURCES, sourceValues);
            SoftwareItem it = new SoftwareItem(names.get(i), at(versions, i), pub, at(installedAt, i), src, at(locations, i));
            // the string tables let a short body stand for a long list; refuse one longer than any body could be
            expanded += length(it.name()) + length(it.version()) + length(pub) + length(it.location()) + 40;
            if (expanded > Limits.MAX_REPORT_BYTES) {
                throw new StreamConstraintsException("the software table expands past " + Limits.MAX_REPORT_BYTES
                        + " bytes at row " + i);
            }
            out.add(it);
        }
        return out;
    }

    private static List<String> strings(JsonParser p, String field) throws IOException {
        List<String> out = new ArrayList<>();
        startColumn(p, field);
        for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
            checkRows(p, field, out.size());
            if (t == JsonToken.VALUE_STRING) {
                out.add(p.getText());
            } else if (t == JsonToken.VALUE_NULL) {
                out.add(null);
            } else {
                throw refused(p, field, out.size(), "must be a string or null");
            }
        }
        return out;
    }

    private static List<Integer> indexes(JsonParser p, String field) throws IOException {
        List<Integer> out = new ArrayList<>();
        startColumn(p, field);
        for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
            checkRows(p, field, out.size());
            if (t == JsonToken.VALUE_NULL) {
                out.add(null);
            } else if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
                    && p.getIntValue() >= 0) {
                out.add(p.getIntValue());
            } else {
                throw refused(p, field, out.size(), "must be an index (0 or more) or null");
            }
        }
        return out;
    }

    private static List<Instant> instants(JsonParser p, String field) throws IOException {
        List<Instant> out = new ArrayList<>();
        startColumn(p, field);
        for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
            checkRows(p, field, out.size());
            Instant v = null;
            try {
                if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                    v = Instant.ofEpochSecond(p.getLongValue());
                } else if (t != JsonToken.VALUE_NULL) {
                    throw refused(p, field, out.size(), "must be whole seconds since 1970-01-01T00:00:00Z, or null");
                }
            } catch (DateTimeException e) {
                throw refused(p, field, out.size(), "must be whole seconds since 1970-01-01T00:00:00Z, or null");
            }
            out.add(v);
        }
        return out;
    }

    private static void startColumn(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw refused(p, field, -1, "must be an array");
        }
    }

    /** The tokenizer stops any array at the same count; this names the column if that limit ever moves. */
    private static void checkRows(JsonParser p, String field, int read) throws IOException {
        if (read >= Limits.MAX_SOFTWARE) {
            throw new StreamConstraintsException(field + " has more than " + Limits.MAX_SOFTWARE + " entries");
        }
    }

    private static void sameLength(JsonParser p, String field, List<?> column, int rows) throws IOException {
        if (column != null && column.size() != rows) {
            throw refused(p, field, -1, "has " + column.size() + " entries and name has " + rows
                    + "; every column has one entry per package");
        }
    }

    private static <T> T lookup(JsonParser p, String column, List<Integer> indexes, int row, String table, List<T> values)
            throws IOException {
        Integer i = indexes == null ? null : indexes.get(row);
        if (i == null) {
            return null;
        }
        int size = values == null ? 0 : values.size();
        if (i >= size) {
            throw refused(p, column, row, "is " + i + ", not an index into " + table + " (" + size + " entries)");
        }
        return values.get(i);
    }

    private static <T> T at(List<T> column, int row) {
        return column == null ? null : column.get(row);
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    /** A 400 naming the column (and row): databind adds "sections.software" in front as the exception unwinds. */
    private static JsonMappingException refused(JsonParser p, String field, int index, String detail) {
        MismatchedInputException e = MismatchedInputException.from(p, List.class, detail);
        if (index >= 0) {
            e.prependPath(new JsonMappingException.Reference(null, index));
        }
        if (field != null) {
            e.prependPath(new JsonMappingException.Reference(null, field));
        }
        return e;
    }
}
