package io.rollcall.collector.bookings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rollcall.collector.support.MutableClock;
import io.rollcall.collector.support.TestCollector;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two business managers booking the same slot at the same moment, on real threads against the real store: one
 * booking and one 409, every round, including when the two list the same assets in opposite orders.
 */
class BookingConcurrencyTest {
    @TempDir
    static Path dir;
    static TestCollector rc;
    static final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));

    @BeforeAll
    static void start() throws Exception {
        rc = new TestCollector(dir).start(0, c -> c, clock);
    }

    @AfterAll
    static void stop() {
        rc.close();
    }

    @Test
    void twoSimultaneousBookingsOfOneSlotEndWithExactlyOneBooking() throws Exception {
        Kit kit = new Kit(rc);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 8; round++) {
                UUID set = kit.set("Race " + round + " " + UUID.randomUUID(), 3);
                List<String> tags = kit.members(set);
                String a = kit.person("Teacher A" + round, null)[0];
                String b = kit.person("Teacher B" + round, null)[0];
                Instant from = Instant.parse("2026-03-03T09:00:00Z").plus(Duration.ofDays(round));
                Instant until = from.plus(Duration.ofHours(1));
                boolean bySet = round % 2 == 0;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<HttpResponse<String>>> both = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    String person = i == 0 ? a : b;
                    List<String> order = new ArrayList<>(tags);
                    if (i == 1) {
                        java.util.Collections.reverse(order);
                    }
                    // the second starts half an hour in: an overlap, not the same range
                    Instant start = i == 0 ? from : from.plusSeconds(1800);
                    both.add(pool.submit(() -> {
                        go.await();
                        return bySet ? kit.bookSet(set, person, start, until.plusSeconds(1800))
                                : kit.bookTags(order, person, start, until.plusSeconds(1800));
                    }));
                }
                go.countDown();
                List<Integer> codes = new ArrayList<>();
                for (Future<HttpResponse<String>> f : both) {
                    codes.add(f.get().statusCode());
                }
                codes.sort(null);
                assertEquals(List.of(201, 409), codes, "round " + round);
                assertEquals(3, kit.count("SELECT COUNT(*) FROM booking_items i JOIN bookings b ON b.id = i.booking_id"
                        + " WHERE b.status = 'booked' AND i.asset_tag IN (?, ?, ?)", tags.toArray()), "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
