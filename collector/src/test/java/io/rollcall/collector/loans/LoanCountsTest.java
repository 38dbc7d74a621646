package io.rollcall.collector.loans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.people.PeopleService;
import io.rollcall.collector.support.MutableClock;
import io.rollcall.collector.support.TestCollector;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's numbers and look-ups on the services: counts, a loan's terms version, people by staff id. */
class LoanCountsTest {
    static final Instant START = Instant.parse("2025-03-10T09:00:00Z");
    @TempDir
    static Path dir;
    static TestCollector rc;
    static MutableClock clock = new MutableClock(START);
    static LoanApi api;
    static LoanService loans;
    static PeopleService people;

    @BeforeAll
    static void start() throws Exception {
        rc = new TestCollector(dir).start(0, c -> c, clock);
        api = new LoanApi(rc);
        loans = new LoanService(rc.collector().database(), clock, LoanSettings.defaults());
        people = new PeopleService(rc.collector().database(), clock);
    }

    @AfterAll
    static void stop() {
        rc.close();
    }

    @Test
    void countsSeparateOverdueDueSoonAndLeaversWithKit() throws Exception {
        assertEquals(new LoanService.Counts(0, 0, 0, 0), loans.counts());
        String ada = api.person("Ada Lovelace", null);
        String bob = api.person("Bob Leaver", null);
        api.ok(201, api.lend(api.asset("camera", null), ada, "2025-03-12T16:00:00Z")); // due soon, later overdue
        api.ok(201, api.lend(api.asset("camera", null), ada, "2025-04-30T16:00:00Z")); // out, not soon
        api.ok(201, api.lend(api.asset("camera", null), bob, "2025-03-11T16:00:00Z")); // due soon, later overdue
        String returned = api.ok(201, api.lend(api.asset("camera", null), bob, "2025-03-13T16:00:00Z")).get("id").asText();
        api.ok(200, rc.admin("POST", "/api/v1/loans/" + returned + "/return", "{\"conditionIn\":\"fine\"}"));
        assertEquals(new LoanService.Counts(3, 0, 2, 0), loans.counts());

        var b = people.get(UUID.fromString(bob));
        people.update(b.id(), new io.rollcall.collector.people.Person(null, b.staffId(), b.name(), b.email(),
                b.department(), "leaver", java.time.LocalDate.parse("2025-03-11")));
        clock.advance(Duration.ofDays(2)); // 12 March 09:00: Bob's is overdue, Ada's first due today
        assertEquals(new LoanService.Counts(3, 1, 1, 1), loans.counts());
    }

    @Test
    void aLoansTermsVersionIsReadableAndAnUnknownOneIs404() throws Exception {
        var current = loans.currentTerms();
        assertEquals(current.text(), loans.terms(current.id()).text());
        ApiException e = assertThrows(ApiException.class, () -> loans.terms(UUID.randomUUID()));
        assertEquals(404, e.status());
    }

    @Test
    void peopleAreFoundByExactStaffIdOnly() throws Exception {
        String id = api.person("Grace Hopper", null);
        String staffId = people.get(UUID.fromString(id)).staffId();
        assertEquals(id, people.byStaffId(staffId).id().toString());
        assertEquals(404, assertThrows(ApiException.class, () -> people.byStaffId(staffId.substring(0, 4))).status());
    }
}
