package io.rollcall.common.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds the seed inputs of {@code ReportCodecFuzzTest#decodeMembers} (run once by hand; the files are committed). */
final class ReportCodecFuzzTestSeeds {
    private ReportCodecFuzzTestSeeds() {
    }

    /** Writes both seeds into the directory {@code args[0]}. */
    public static void main(String[] args) throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of(args[0]);
        java.nio.file.Files.write(dir.resolve("agent-body-three-members"), seed());
        java.nio.file.Files.write(dir.resolve("list-member-misplaced"), misplaced());
    }

    static byte[] seed() {
        return ReportCodecFuzzTest.memberSeed();
    }

    /** The seed's list member after a prefix that makes it the value of an unknown field. */
    static byte[] misplaced() throws Exception {
        byte[] body = seed();
        GzipMembers.Read r = GzipMembers.read(body, Limits.MAX_REPORT_BYTES, z -> null);
        String head = new String(r.json(), 0, r.markedStart(), StandardCharsets.UTF_8).replace("\"software\":", "\"other\":");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(GzipMembers.member(head.getBytes(StandardCharsets.UTF_8), 0, head.length(), 9, false));
        out.writeBytes(GzipMembersTest.listMember(body));
        byte[] tail = (",\"software\":[]" + new String(r.json(), r.markedEnd(), r.json().length - r.markedEnd(),
                StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        out.writeBytes(GzipMembers.member(tail, 0, tail.length, 9, false));
        return out.toByteArray();
    }
}
