package io.rollcall.common.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollcall.common.report.Report;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A tool, not a test: prints what a report costs on the wire in each form and what each step of the
 * table form buys (BENCHMARKS.md, "Report size on the wire"). Give it the output of
 * {@code rollcall-agent scan}:
 *
 * <pre>java -jar agent/target/rollcall-agent.jar scan > report.json
 * java -cp agent/target/rollcall-agent.jar:common/target/test-classes io.rollcall.common.wire.WireSizes report.json</pre>
 */
public final class WireSizes {
    private WireSizes() {
    }

    public static void main(String[] args) throws IOException, WireException {
        Report r = ReportCodec.read(Files.readAllBytes(Path.of(args[0])), Report.class);
        int packages = r.sections().software() == null ? 0 : r.sections().software().size();
        System.out.printf("packages: %d%n%n", packages);
        System.out.printf("%-62s %9s %9s %9s%n", "form", "JSON", "gzip -6", "gzip -9");
        row("list of objects (ReportCodec.toGzipJson, before)", ReportCodec.toJson(r));
        ObjectNode table = (ObjectNode) WireJson.tableMapper().valueToTree(r);
        byte[] tableJson = WireJson.tableMapper().writeValueAsBytes(r);
        row("table (ReportCodec.encodeForSending, after)", tableJson);
        System.out.printf("encodeForSending: %d bytes%n%n", ReportCodec.encodeForSending(r).length);

        System.out.println("variants of the table (measured, not sent):");
        row("  installedAt as ISO strings instead of epoch seconds", variant(table, sw -> {
            ArrayNode at = (ArrayNode) sw.get("installedAt");
            for (int i = 0; at != null && i < at.size(); i++) {
                if (at.get(i).isNumber()) {
                    at.set(i, Instant.ofEpochSecond(at.get(i).asLong()).toString());
                }
            }
        }));
        row("  installedAt as a delta from the row before", variant(table, sw -> {
            ArrayNode at = (ArrayNode) sw.get("installedAt");
            long prev = 0;
            for (int i = 0; at != null && i < at.size(); i++) {
                if (at.get(i).isNumber()) {
                    long v = at.get(i).asLong();
                    at.set(i, v - prev);
                    prev = v;
                }
            }
        }));
        row("  publisher and source inline, no string tables", variant(table, sw -> {
            inline(sw, "publisher", "publishers");
            inline(sw, "source", "sources");
        }));
        row("  rows sorted by installedAt, delta-coded (changes order)", variant(table, WireSizes::sortByTime));
        System.out.println();

        System.out.println("gzip -9 of each part on its own (table form):");
        for (Map.Entry<String, JsonNode> e : iterable(table.get("sections"))) {
            if (e.getKey().equals("software")) {
                for (Map.Entry<String, JsonNode> c : iterable(e.getValue())) {
                    part("sections.software." + c.getKey(), c.getValue());
                }
            } else {
                part("sections." + e.getKey(), e.getValue());
            }
        }
        if (table.has("diagnostics")) {
            part("diagnostics", table.get("diagnostics"));
        }
    }

    private static byte[] variant(ObjectNode table, java.util.function.Consumer<ObjectNode> change) throws IOException {
        ObjectNode copy = table.deepCopy();
        JsonNode sw = copy.get("sections").get("software");
        if (sw instanceof ObjectNode o) {
            change.accept(o);
        }
        return WireJson.mapper().writeValueAsBytes(copy);
    }

    private static void inline(ObjectNode sw, String column, String tableName) {
        ArrayNode idx = (ArrayNode) sw.get(column);
        ArrayNode values = (ArrayNode) sw.remove(tableName);
        for (int i = 0; idx != null && i < idx.size(); i++) {
            if (!idx.get(i).isNull()) {
                idx.set(i, values.get(idx.get(i).asInt()));
            }
        }
    }

    private static void sortByTime(ObjectNode sw) {
        List<String> columns = new ArrayList<>();
        sw.fieldNames().forEachRemaining(f -> {
            if (sw.get(f).size() == sw.get("name").size() && !f.endsWith("s")) {
                columns.add(f);
            }
        });
        ArrayNode at = (ArrayNode) sw.get("installedAt");
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < sw.get("name").size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong((Integer i) -> at == null ? 0 : at.get(i).asLong())
                .thenComparing(i -> sw.get("name").get(i).asText()));
        for (String c : columns) {
            ArrayNode old = (ArrayNode) sw.get(c);
            ArrayNode sorted = JsonNodeFactory.instance.arrayNode();
            order.forEach(i -> sorted.add(old.get(i)));
            sw.set(c, sorted);
        }
        ArrayNode sortedAt = (ArrayNode) sw.get("installedAt");
        long prev = 0;
        for (int i = 0; sortedAt != null && i < sortedAt.size(); i++) {
            long v = sortedAt.get(i).asLong();
            sortedAt.set(i, v - prev);
            prev = v;
        }
    }

    private static void part(String name, JsonNode n) throws IOException {
        byte[] json = WireJson.mapper().writeValueAsBytes(n);
        System.out.printf("  %-44s %8d JSON %7d gzip%n", name, json.length, gzip(json, 9));
    }

    private static void row(String label, byte[] json) throws IOException {
        System.out.printf("%-62s %9d %9d %9d%n", label, json.length, gzip(json, Deflater.DEFAULT_COMPRESSION), gzip(json, 9));
    }

    private static int gzip(byte[] json, int level) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes) {
            {
                def.setLevel(level);
            }
        }) {
            gz.write(json);
        }
        return bytes.size();
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode n) {
        return n::fields;
    }
}
