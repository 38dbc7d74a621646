package io.rollcall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --url} naming several collectors, and which node each device uses. */
class SeveralNodesTest {
    @Test
    void severalUrlsMayBeCommaSeparatedOrRepeatedAndKeepTheirOrder() {
        assertEquals(List.of(LoadGenOptions.DEFAULT_URL), LoadGenOptions.parse(new String[0]).urls());
        assertEquals(List.of("https://localhost:18443"),
                LoadGenOptions.parse(new String[] {"--url", "https://localhost:18443"}).urls(), "one --url as before");
        assertEquals(List.of("https://10.231.5.11:9001", "https://10.231.5.12:9002", "https://10.231.5.13:9003"),
                LoadGenOptions.parse(new String[] {"--url", "https://10.231.5.11:9001, https://10.231.5.12:9002",
                        "--url", "https://10.231.5.13:9003"}).urls());
    }

    @Test
    void aWrongUrlIsNamed() {
        for (String bad : new String[] {"localhost:8443", "http://localhost:8443", "https://a:1,,https://b:2",
                "https://localhost:8443/api", "https://"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LoadGenOptions.parse(new String[] {"--url", bad}), bad);
            assertEquals(true, e.getMessage().startsWith("--url was '"), e.getMessage());
        }
    }

    @Test
    void deviceIUsesNodeIModN() {
        LoadGenOptions three = LoadGenOptions.parse(new String[] {"--url", "https://a:1,https://b:2,https://c:3"});
        int[] perNode = new int[3];
        for (int i = 0; i < 100_000; i++) {
            perNode[three.nodeOf(i)]++;
        }
        assertEquals(List.of(0, 1, 2, 0, 1), List.of(three.nodeOf(0), three.nodeOf(1), three.nodeOf(2),
                three.nodeOf(3), three.nodeOf(99_997)));
        assertEquals(33_334, perNode[0]);
        assertEquals(33_333, perNode[1]);
        assertEquals(33_333, perNode[2]);
        LoadGenOptions one = LoadGenOptions.parse(new String[] {"--url", "https://a:1"});
        assertEquals(0, one.nodeOf(99_999));
        assertEquals(0, LoadGenOptions.parse(new String[0]).nodeOf(5), "the default URL is node 0");
    }

    @Test
    void enrolmentConcurrencyDefaultsToConcurrencyUpToSixteen() {
        assertEquals(16, LoadGenOptions.parse(new String[] {"--concurrency", "32"}).enrolConcurrency());
        assertEquals(4, LoadGenOptions.parse(new String[] {"--concurrency", "4"}).enrolConcurrency());
        assertEquals(32, LoadGenOptions.parse(new String[] {"--concurrency", "4", "--enrol-concurrency", "32"})
                .enrolConcurrency());
        assertEquals(1000, Enrolment.retryAfterMillis(null));
        assertEquals(17_000, Enrolment.retryAfterMillis(" 17"));
        assertEquals(1000, Enrolment.retryAfterMillis("soon"));
    }
}
