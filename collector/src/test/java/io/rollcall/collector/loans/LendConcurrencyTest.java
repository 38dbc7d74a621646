package io.rollcall.collector.loans;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rollcall.collector.support.TestCollector;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two business managers lending the same asset at the same moment: one loan, one 409, every time. */
class LendConcurrencyTest {
    @TempDir
    static Path dir;
    static TestCollector rc;

    @BeforeAll
    static void start() throws Exception {
        rc = new TestCollector(dir).start(0);
    }

    @AfterAll
    static void stop() {
        rc.close();
    }

    @Test
    void twoSimultaneousLendsOfOneAssetEndWithExactlyOneLoan() throws Exception {
        LoanApi api = new LoanApi(rc);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 8; round++) {
                String tag = api.asset("laptop", null);
                String a = api.person("Borrower A" + round, null);
                String b = api.person("Borrower B" + round, null);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<HttpResponse<String>>> both = new ArrayList<>();
                for (String person : List.of(a, b)) {
                    both.add(pool.submit(() -> {
                        go.await();
                        return api.lend(tag, person, "2099-01-01");
                    }));
                }
                go.countDown();
                List<Integer> codes = new ArrayList<>();
                for (Future<HttpResponse<String>> f : both) {
                    codes.add(f.get().statusCode());
                }
                codes.sort(null);
                assertEquals(List.of(201, 409), codes, "round " + round);
                assertEquals(1, loansOf(tag), "round " + round);
                assertEquals("on-loan", api.ok(200, rc.adminGet("/api/v1/assets/" + tag)).get("status").asText());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static long loansOf(String tag) throws Exception {
        return rc.collector().database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM loans WHERE asset_tag = ?")) {
                ps.setString(1, tag);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
