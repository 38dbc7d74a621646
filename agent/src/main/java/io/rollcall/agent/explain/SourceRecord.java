package io.rollcall.agent.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One read a probe made through a seam, and its answer.
 *
 * @param seq    the order of the read in the whole scan, from 1
 * @param probe  the section the probe fills ("screenLock")
 * @param seam   "file", "command", "registry", "wmi", "accounts" (Netapi32) or "disks" (OSHI disk drives)
 * @param op     the seam's method ("readLines", "run", "values", "select", …)
 * @param args   what the probe asked for: the path, the command line, the key, namespace/class/properties
 * @param result the answer as {@link Codec} writes it ({@code {"lines":[…]}}, {@code {"exitCode":0,"stdout":[…]}},
 *               {@code {"error":"…"}}, …)
 * @param micros how long the read took
 */
public record SourceRecord(int seq, String probe, String seam, String op, List<String> args, ObjectNode result,
                           long micros) {
    public SourceRecord {
        args = List.copyOf(args);
    }

    /** The record as one JSON object, the line a capture stores. */
    public ObjectNode toJson() {
        ObjectNode n = Codec.JSON.objectNode();
        n.put("seq", seq).put("probe", probe).put("seam", seam).put("op", op);
        args.forEach(n.putArray("args")::add);
        n.set("result", result);
        n.put("micros", micros);
        return n;
    }

    /** The record a capture line holds. */
    public static SourceRecord fromJson(JsonNode n) {
        List<String> args = new java.util.ArrayList<>();
        n.path("args").forEach(a -> args.add(a.asText()));
        JsonNode r = n.path("result");
        return new SourceRecord(n.path("seq").asInt(), n.path("probe").asText(), n.path("seam").asText(),
                n.path("op").asText(), args, r.isObject() ? (ObjectNode) r : Codec.JSON.objectNode(),
                n.path("micros").asLong());
    }
}
