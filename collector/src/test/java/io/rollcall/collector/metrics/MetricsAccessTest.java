package io.rollcall.collector.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rollcall.collector.CollectorConfig;
import io.rollcall.collector.metrics.MetricsAccess.Decision;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may scrape: loopback only without a token, the bearer token (and only it) with one. */
class MetricsAccessTest {
    static final String TOKEN = "0123456789abcdef-scrape";

    @Test
    void withoutATokenOnlyLoopbackClientsMayScrape() throws Exception {
        MetricsSettings none = MetricsSettings.defaults();
        assertEquals(Decision.ALLOW, MetricsAccess.decide(none, InetAddress.getByName("127.0.0.1"), null));
        assertEquals(Decision.ALLOW, MetricsAccess.decide(none, InetAddress.getByName("::1"), null));
        // a documentation address (RFC 5737) and a private one stand for any other client; a token sent anyway changes nothing
        assertEquals(Decision.FORBIDDEN, MetricsAccess.decide(none, InetAddress.getByName("192.0.2.10"), null));
        assertEquals(Decision.FORBIDDEN, MetricsAccess.decide(none, InetAddress.getByName("10.1.2.3"), "Bearer " + TOKEN));
        assertEquals(Decision.FORBIDDEN, MetricsAccess.decide(none, null, null));
    }

    @Test
    void withATokenEveryClientNeedsItLoopbackIncluded() throws Exception {
        MetricsSettings set = new MetricsSettings(TOKEN);
        InetAddress remote = InetAddress.getByName("192.0.2.10");
        assertEquals(Decision.ALLOW, MetricsAccess.decide(set, remote, "Bearer " + TOKEN));
        assertEquals(Decision.UNAUTHORIZED, MetricsAccess.decide(set, InetAddress.getByName("127.0.0.1"), null));
        assertEquals(Decision.UNAUTHORIZED, MetricsAccess.decide(set, remote, "Bearer " + TOKEN.substring(1)));
        assertEquals(Decision.UNAUTHORIZED, MetricsAccess.decide(set, remote, "Bearer " + TOKEN + "0"));
        assertEquals(Decision.UNAUTHORIZED, MetricsAccess.decide(set, remote, TOKEN));
        assertEquals(Decision.UNAUTHORIZED, MetricsAccess.decide(set, remote, "Bearer "));
    }

    @Test
    void theTokenComesFromTheConfigFileIsCheckedAndNeverPrinted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("collector.properties");
        Files.writeString(file, "metrics.token=" + TOKEN + "\n");
        CollectorConfig cfg = CollectorConfig.defaults().withFile(file);
        assertEquals(TOKEN, cfg.metrics().token());
        assertFalse(cfg.metrics().toString().contains(TOKEN));
        assertNull(CollectorConfig.defaults().metrics().token());

        Files.writeString(file, "metrics.token=short\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CollectorConfig.defaults().withFile(file));
        assertEquals("metrics.token is 5 characters, must be at least 16", e.getMessage());
        Files.writeString(file, "metrics.token=\n");
        assertNull(CollectorConfig.defaults().withFile(file).metrics().token());
    }
}
