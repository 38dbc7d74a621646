package io.rollcall.agent.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rollcall.common.report.OsInfo;
import io.rollcall.common.report.Sections;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The redaction rules on their own: host names, short names, binary content, dscl names. */
class RedactorTest {
    private static SourceRecord passwd(String... lines) {
        return new SourceRecord(1, "accounts", "file", "readLines", List.of("/etc/passwd"), Codec.lines(List.of(lines)),
                1);
    }

    @Test
    void hostNameIsReplacedWithAndWithoutItsDomain() {
        Sections s = Sections.EMPTY.withOs(new OsInfo("windows", "Windows 11 Pro", "23H2", "22631", "x86_64",
                "LAPTOP-JSMITH07.school.local"));
        Redactor r = Redactor.from(List.of(), s);
        assertEquals("host1 and host2 in C:\\ProgramData\\host2.log",
                r.apply("LAPTOP-JSMITH07.school.local and laptop-jsmith07 in C:\\ProgramData\\LAPTOP-JSMITH07.log"));
    }

    @Test
    void aTwoLetterHostNameIsKeptAndATwoLetterUserIsReplacedOnlyAsAWord() {
        Redactor r = Redactor.from(List.of(passwd("al:x:1001:1001::/home/al:/bin/bash")),
                Sections.EMPTY.withOs(new OsInfo("linux", "Debian", "12", "6.1", "x86_64", "vm")));
        assertEquals("/home/user1 /sys/vm also", r.apply("/home/al /sys/vm also"));
    }

    @Test
    void binaryContentKeepsItsLengthAndTheSystemAccountsStay() {
        Redactor r = Redactor.from(List.of(passwd("root:x:0:0:root:/root:/bin/bash",
                "bethany:x:1002:1002:Bethany Okafor:/home/bethany:/bin/bash")), null);
        byte[] gvdb = "\0\1picture-uri\0file:///home/bethany/Pictures/okafor.png\0".getBytes(StandardCharsets.UTF_8);
        byte[] out = r.apply(gvdb);
        assertEquals(gvdb.length, out.length);
        assertArrayEquals("\0\1picture-uri\0file:///home/xxxxxxx/Pictures/xxxxxx.png\0".getBytes(StandardCharsets.UTF_8),
                out);
        assertEquals("root:x:0:0:root:/root:/bin/bash", r.apply("root:x:0:0:root:/root:/bin/bash"));
    }

    @Test
    void dsclPeopleAreReplacedAndUnderscoreServiceAccountsKept() {
        SourceRecord dscl = new SourceRecord(1, "accounts", "command", "run",
                List.of("/usr/bin/dscl", ".", "-list", "/Users", "UniqueID"),
                Codec.JSON.objectNode().put("exitCode", 0).set("stdout", Codec.lines(List.of(
                        "_spotlight 89", "daemon 1", "mrs.patel 502")).path("lines")), 1);
        Redactor r = Redactor.from(List.of(dscl), null);
        assertEquals("_spotlight /Users/user1", r.apply("_spotlight /Users/Mrs.Patel"));
    }
}
