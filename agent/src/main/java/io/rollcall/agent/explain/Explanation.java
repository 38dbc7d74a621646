package io.rollcall.agent.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollcall.agent.probe.ScanResult;
import io.rollcall.common.report.ProbeError;
import io.rollcall.common.report.Sections;
import io.rollcall.common.wire.WireJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each probe read (its {@link SourceRecord}s, in order) and what it concluded (its section and problems), as
 * {@code explain} prints it. The verdict is the section exactly as the report would carry it, so names of personal
 * accounts appear only as their hashes, as in {@code scan}.
 */
public record Explanation(List<Probe> probes) {

    /** A run of this many reads of one kind in a row is shortened in the text. */
    static final int COLLAPSE_FROM = 6;

    /** The sections in the order the scanner runs their probes. */
    public static final List<String> ORDER = List.of("os", "hardware", "software", "removableMedia", "accounts",
            "screenLock", "security");

    /**
     * One probe.
     *
     * @param section  the section it produced as JSON; {@code null} when it produced none
     * @param problems what it could not read or decide ({@code ProbeError} reasons)
     */
    public record Probe(String name, List<SourceRecord> sources, JsonNode section, List<String> problems) {
        public Probe {
            sources = List.copyOf(sources);
            problems = List.copyOf(problems);
        }
    }

    public Explanation {
        probes = List.copyOf(probes);
    }

    /** Groups {@code records} by probe and pairs them with what the scan made of them. */
    public static Explanation of(List<SourceRecord> records, ScanResult result) {
        Map<String, List<SourceRecord>> byProbe = new LinkedHashMap<>();
        ORDER.forEach(p -> byProbe.put(p, new ArrayList<>()));
        records.forEach(r -> byProbe.computeIfAbsent(r.probe(), p -> new ArrayList<>()).add(r));
        Map<String, List<String>> problems = new LinkedHashMap<>();
        for (ProbeError e : result.errors()) {
            byProbe.computeIfAbsent(e.probe(), p -> new ArrayList<>());
            problems.computeIfAbsent(e.probe(), p -> new ArrayList<>()).add(e.reason());
        }
        JsonNode sections = WireJson.mapper().valueToTree(result.sections() == null ? Sections.EMPTY
                : result.sections());
        List<Probe> out = new ArrayList<>();
        byProbe.forEach((probe, sources) -> {
            JsonNode section = sections.get(probe);
            out.add(new Probe(probe, sources, section == null || section.isNull() ? null : section,
                    problems.getOrDefault(probe, List.of())));
        });
        return new Explanation(out);
    }

    /** The probe named {@code name}; throws when there is none. */
    public Probe probe(String name) {
        return probes.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no probe " + name));
    }

    /** For {@code explain --json}: each source's summary and excerpt (not its whole content), then the verdict. */
    public ObjectNode toJson() {
        ObjectNode root = Codec.JSON.objectNode();
        ArrayNode arr = root.putArray("probes");
        for (Probe p : probes) {
            ObjectNode n = arr.addObject().put("probe", p.name());
            ArrayNode sources = n.putArray("sources");
            for (SourceRecord r : p.sources()) {
                ObjectNode s = sources.addObject().put("seq", r.seq()).put("seam", r.seam()).put("op", r.op());
                r.args().forEach(s.putArray("args")::add);
                s.put("found", Summary.found(r)).put("micros", r.micros());
                Summary.excerpt(r).forEach(s.putArray("excerpt")::add);
            }
            n.set("section", p.section());
            p.problems().forEach(n.putArray("problems")::add);
        }
        return root;
    }

    /** For {@code explain}: per probe, its sources in order, then its verdict. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        for (Probe p : probes) {
            b.append("== ").append(p.name()).append(" ==\n");
            b.append("sources (").append(p.sources().size()).append("):\n");
            if (p.sources().isEmpty()) {
                b.append("  none through the agent's seams (OSHI or built in)\n");
            }
            List<SourceRecord> src = p.sources();
            for (int i = 0; i < src.size(); i++) {
                int run = run(src, i);
                if (run >= COLLAPSE_FROM) {
                    // hundreds of stat-like reads (dpkg's *.list times, /proc/*/comm) would bury the rest
                    line(b, src.get(i));
                    line(b, src.get(i + 1));
                    b.append(String.format("       … %d more %s %s reads like these (--json lists them all)%n",
                            run - 3, src.get(i).seam(), src.get(i).op()));
                    line(b, src.get(i + run - 1));
                    i += run - 1;
                } else {
                    line(b, src.get(i));
                }
            }
            b.append("verdict:\n");
            Verdicts.text(p.name(), p.section()).forEach(x -> b.append("  ").append(x).append('\n'));
            p.problems().forEach(x -> b.append("  problem: ").append(x).append('\n'));
            b.append('\n');
        }
        return b.toString();
    }

    private static void line(StringBuilder b, SourceRecord r) {
        b.append(String.format("  %3d. %s%n", r.seq(), Summary.line(r)));
        Summary.excerpt(r).forEach(x -> b.append("         | ").append(x).append('\n'));
    }

    /** How many reads from {@code i} on share its seam and operation. */
    private static int run(List<SourceRecord> src, int i) {
        int j = i;
        while (j < src.size() && src.get(j).seam().equals(src.get(i).seam())
                && src.get(j).op().equals(src.get(i).op())) {
            j++;
        }
        return j - i;
    }
}
