package io.rollcall.collector.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.http.ApiRouter;
import io.rollcall.collector.http.Role;
import io.rollcall.collector.support.ConsoleSession;
import io.rollcall.collector.support.TestCollector;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one table of who may call what. Every route the collector mounts must be listed here; the test
 * calls each one with a real token of every role and checks the answer is a refusal exactly where the
 * table says so. A route added without a row here fails the test.
 */
class RoleTableTest {
    /** Every role that runs the school's kit; issue 17's staff role is in none of the routes that came before it. */
    private static final Set<Role> ALL = EnumSet.of(Role.ADMIN, Role.TECHNICIAN, Role.BUSINESS_MANAGER, Role.SLT);
    private static final Set<Role> EVERYONE = EnumSet.allOf(Role.class);
    private static final Set<Role> ADMIN = EnumSet.of(Role.ADMIN);
    private static final Set<Role> TECH = EnumSet.of(Role.ADMIN, Role.TECHNICIAN);
    private static final Set<Role> BM = EnumSet.of(Role.ADMIN, Role.BUSINESS_MANAGER);
    private static final Set<Role> STAFF = EnumSet.of(Role.ADMIN, Role.TECHNICIAN, Role.BUSINESS_MANAGER);
    private static final Set<Role> BM_SLT = EnumSet.of(Role.ADMIN, Role.BUSINESS_MANAGER, Role.SLT);

    /** METHOD path → the roles allowed. Add a row with every new route (issues 4 and 5 add theirs here). */
    static final Map<String, Set<Role>> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("GET /api/v1/devices", STAFF);
        EXPECTED.put("GET /api/v1/devices/:id", TECH);
        EXPECTED.put("GET /api/v1/findings", TECH);
        EXPECTED.put("GET /api/v1/compliance/summary", ALL);
        EXPECTED.put("GET /api/v1/compliance/trend", ALL);
        EXPECTED.put("GET /api/v1/exports/compliance.csv", ALL);
        EXPECTED.put("GET /api/v1/me", ALL);
        EXPECTED.put("GET /api/v1/users", ADMIN);
        EXPECTED.put("POST /api/v1/users", ADMIN);
        EXPECTED.put("POST /api/v1/users/:id/password", ADMIN);
        EXPECTED.put("POST /api/v1/users/:id/disabled", ADMIN);
        EXPECTED.put("GET /api/v1/tokens", ALL);
        EXPECTED.put("POST /api/v1/tokens", ALL);
        EXPECTED.put("DELETE /api/v1/tokens/:id", ALL);
        EXPECTED.put("GET /api/v1/audit", ADMIN);
        EXPECTED.put("GET /api/v1/exports/audit.csv", ADMIN);
        EXPECTED.put("GET /api/v1/cluster/jobs", ADMIN); // issue 14: scheduled jobs, which node ran them
        // issue 16: reservations and acknowledgement links
        EXPECTED.put("GET /api/v1/loans/unacknowledged", BM);
        EXPECTED.put("POST /api/v1/loans/:id/ack-link", BM);
        EXPECTED.put("GET /api/v1/bookings", BM);
        EXPECTED.put("POST /api/v1/bookings", BM);
        EXPECTED.put("GET /api/v1/bookings/calendar", BM);
        EXPECTED.put("GET /api/v1/bookings/:id", BM);
        EXPECTED.put("POST /api/v1/bookings/:id/cancel", BM);
        EXPECTED.put("POST /api/v1/bookings/:id/collect", BM);
        EXPECTED.put("GET /api/v1/interop/devices", STAFF); // issue 15: devices of OCS-protocol agents
        EXPECTED.put("GET /api/v1/interop/unknowns", STAFF);
        // equipment loans (issue 5): the business manager's; the loans export is read by every role
        EXPECTED.put("GET /api/v1/assets", BM);
        EXPECTED.put("POST /api/v1/assets", BM);
        EXPECTED.put("GET /api/v1/assets/:tag", BM);
        EXPECTED.put("POST /api/v1/assets/:tag/status", BM);
        EXPECTED.put("GET /api/v1/people", BM);
        EXPECTED.put("POST /api/v1/people", BM);
        EXPECTED.put("POST /api/v1/people/import", BM);
        EXPECTED.put("GET /api/v1/people/:id", BM);
        EXPECTED.put("PUT /api/v1/people/:id", BM);
        EXPECTED.put("GET /api/v1/people/:id/holdings", BM);
        EXPECTED.put("GET /api/v1/loans", BM);
        EXPECTED.put("POST /api/v1/loans", BM);
        EXPECTED.put("GET /api/v1/loans/terms", BM);
        EXPECTED.put("PUT /api/v1/loans/terms", BM);
        EXPECTED.put("GET /api/v1/loans/:id", BM);
        EXPECTED.put("POST /api/v1/loans/:id/acknowledge", BM);
        EXPECTED.put("POST /api/v1/loans/:id/return", BM);
        EXPECTED.put("POST /api/v1/loans/:id/lost", BM);
        EXPECTED.put("GET /api/v1/loans/:id/receipt", BM);
        EXPECTED.put("GET /api/v1/loans/:id/inspection", BM);
        EXPECTED.put("GET /api/v1/exports/loans.csv", ALL);
        // sets, the desk and labels (issue 16): business managers
        for (String r : new String[] {"GET /api/v1/sets", "POST /api/v1/sets", "GET /api/v1/sets/:id", "PUT /api/v1/sets/:id",
                "DELETE /api/v1/sets/:id", "POST /api/v1/sets/:id/members", "DELETE /api/v1/sets/:id/members/:tag",
                "POST /api/v1/sets/:id/lend", "GET /api/v1/desk/check", "POST /api/v1/loans/batch",
                "POST /api/v1/loans/returns", "GET /api/v1/loans/batches/:id", "POST /api/v1/loans/batches/:id/acknowledge",
                "GET /api/v1/loans/batches/:id/receipt", "GET /api/v1/labels.pdf"}) {
            EXPECTED.put(r, BM);
        }
        // recalls and the physical audit (issue 16): business managers write, senior leadership reads
        EXPECTED.put("GET /api/v1/recalls", BM_SLT);
        EXPECTED.put("POST /api/v1/recalls", BM);
        EXPECTED.put("GET /api/v1/recalls/:id", BM_SLT);
        EXPECTED.put("GET /api/v1/recalls/:id/outstanding.csv", BM_SLT);
        EXPECTED.put("GET /api/v1/stocktake/schedule", BM_SLT);
        EXPECTED.put("PUT /api/v1/stocktake/schedule", BM);
        EXPECTED.put("POST /api/v1/stocktake/runs", BM);
        EXPECTED.put("GET /api/v1/stocktake/runs/:id", BM_SLT);
        EXPECTED.put("POST /api/v1/stocktake/sightings", BM);
        EXPECTED.put("GET /api/v1/stocktake/assets", BM_SLT);
        EXPECTED.put("GET /api/v1/stocktake/overdue", BM_SLT);
        EXPECTED.put("GET /api/v1/stocktake/overdue.csv", BM_SLT);
        // catalogue, licences, approved media and policy (issue 4): technicians
        EXPECTED.put("GET /api/v1/software/titles", TECH);
        EXPECTED.put("GET /api/v1/software/review", TECH);
        EXPECTED.put("GET /api/v1/software/titles/:id", TECH);
        EXPECTED.put("POST /api/v1/software/titles/:id/decision", TECH);
        EXPECTED.put("GET /api/v1/software/rules", TECH);
        EXPECTED.put("POST /api/v1/software/rules", TECH);
        EXPECTED.put("GET /api/v1/licences", TECH);
        EXPECTED.put("POST /api/v1/licences", TECH);
        EXPECTED.put("DELETE /api/v1/licences/:id", TECH);
        EXPECTED.put("GET /api/v1/media/approved", TECH);
        EXPECTED.put("POST /api/v1/media/approved", TECH);
        EXPECTED.put("DELETE /api/v1/media/approved/:id", TECH);
        EXPECTED.put("GET /api/v1/policy", TECH);
        EXPECTED.put("PUT /api/v1/policy", TECH);
        EXPECTED.put("GET /api/v1/policy/versions", TECH);
        // agent enrolment and installers (issue 7): technicians
        EXPECTED.put("GET /api/v1/enrollment", TECH);
        EXPECTED.put("GET /api/v1/enrollment/installers/:file", TECH);
        // enrolment tokens and re-enrolments waiting for approval (issue 11): technicians
        EXPECTED.put("GET /api/v1/enrollment/tokens", TECH);
        EXPECTED.put("POST /api/v1/enrollment/tokens", TECH);
        EXPECTED.put("DELETE /api/v1/enrollment/tokens/:id", TECH);
        EXPECTED.put("GET /api/v1/enrollment/pending", TECH);
        EXPECTED.put("POST /api/v1/enrollment/pending/:id/approve", TECH);
        EXPECTED.put("POST /api/v1/enrollment/pending/:id/reject", TECH);
        // issue 17: evidence by control, the termly pack (names devices and users: not the business manager), groups
        EXPECTED.put("GET /api/v1/evidence/controls", ALL);
        EXPECTED.put("GET /api/v1/evidence/mapping", ALL);
        EXPECTED.put("POST /api/v1/evidence/mapping/reset", ADMIN);
        EXPECTED.put("PUT /api/v1/evidence/mapping/:subject", ADMIN);
        EXPECTED.put("DELETE /api/v1/evidence/mapping/:subject", ADMIN);
        EXPECTED.put("GET /api/v1/evidence/terms", ALL);
        EXPECTED.put("PUT /api/v1/evidence/terms", ADMIN);
        EXPECTED.put("GET /api/v1/evidence/pack", EnumSet.of(Role.ADMIN, Role.TECHNICIAN, Role.SLT));
        EXPECTED.put("GET /api/v1/evidence/pack.pdf", EnumSet.of(Role.ADMIN, Role.TECHNICIAN, Role.SLT));
        EXPECTED.put("GET /api/v1/groups", ALL);
        EXPECTED.put("POST /api/v1/groups", TECH);
        EXPECTED.put("POST /api/v1/groups/import", TECH);
        EXPECTED.put("GET /api/v1/groups/:id", ALL);
        EXPECTED.put("PUT /api/v1/groups/:id", TECH);
        EXPECTED.put("DELETE /api/v1/groups/:id", TECH);
        EXPECTED.put("POST /api/v1/groups/:id/rules", TECH);
        EXPECTED.put("DELETE /api/v1/groups/:id/rules/:rule", TECH);
        EXPECTED.put("POST /api/v1/groups/:id/members", TECH);
        EXPECTED.put("POST /api/v1/groups/:id/members/remove", TECH);
        // single sign-on (issue 17): the admin's; a person's own laptop is everyone's, staff included
        EXPECTED.put("GET /api/v1/sso/providers", ADMIN);
        EXPECTED.put("PUT /api/v1/sso/providers/:id", ADMIN);
        EXPECTED.put("DELETE /api/v1/sso/providers/:id", ADMIN);
        EXPECTED.put("GET /api/v1/sso/rules", ADMIN);
        EXPECTED.put("PUT /api/v1/sso/rules", ADMIN);
        EXPECTED.put("GET /api/v1/me/devices", EVERYONE);
        EXPECTED.put("PUT /api/v1/devices/:id/primary-user", TECH);
        // alerts (issue 17): the admin's
        EXPECTED.put("GET /api/v1/alerts/targets", ADMIN);
        EXPECTED.put("POST /api/v1/alerts/targets", ADMIN);
        EXPECTED.put("DELETE /api/v1/alerts/targets/:id", ADMIN);
        EXPECTED.put("GET /api/v1/alerts/deliveries", ADMIN);
    }

    @TempDir
    static Path dir;
    static TestCollector tc;
    static final Map<Role, String> TOKENS = new EnumMap<>(Role.class);
    /** Staff may not make API tokens (that route came before them): they call the API with the console's session. */
    static ConsoleSession staff;
    static String staffCsrf;

    @BeforeAll
    static void start() throws Exception {
        tc = new TestCollector(dir).start(0);
        for (Role r : Role.values()) {
            if (r != Role.STAFF) {
                TOKENS.put(r, tc.newUserToken(r.wire()));
            }
        }
        staff = ConsoleSession.newUser(tc, "staff.table", Role.STAFF.wire());
        staffCsrf = ConsoleSession.csrf(staff.get("/console/my-device").body());
    }

    @AfterAll
    static void stop() {
        tc.close();
    }

    /** A request with the staff member's session cookie and, for a change, its CSRF token (as the console sends). */
    private static HttpResponse<String> asStaff(String method, String path, String json) throws Exception {
        java.net.http.HttpRequest.Builder b = tc.request(path).header("Cookie", staff.cookie())
                .header("X-CSRF-Token", staffCsrf);
        if (json == null) {
            b.method(method, java.net.http.HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, java.net.http.HttpRequest.BodyPublishers.ofString(json));
        }
        return tc.send(b);
    }

    @Test
    void everyMountedRouteIsInTheTableWithTheSameRoles() {
        Set<String> mounted = new TreeSet<>();
        for (ApiRouter.RouteSpec r : tc.collector().routes()) {
            String key = r.method().name() + " " + r.path();
            mounted.add(key);
            assertTrue(EXPECTED.containsKey(key), "route " + key + " is mounted but not in RoleTableTest.EXPECTED");
            assertEquals(EXPECTED.get(key), r.allowed(), "roles declared for " + key);
        }
        assertEquals(new TreeSet<>(EXPECTED.keySet()), mounted, "table rows with no mounted route");
    }

    @Test
    void everyRouteRefusesExactlyTheRolesTheTableExcludes() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (ApiRouter.RouteSpec r : tc.collector().routes()) {
            String key = r.method().name() + " " + r.path();
            String path = r.path().replaceAll(":[a-zA-Z]+", UUID.randomUUID().toString());
            String body = r.method().name().equals("GET") || r.method().name().equals("DELETE") ? null : "{}";
            for (Role role : Role.values()) {
                HttpResponse<String> res = role == Role.STAFF ? asStaff(r.method().name(), path, body)
                        : tc.as(TOKENS.get(role), r.method().name(), path, body);
                boolean allowed = EXPECTED.getOrDefault(key, Set.of()).contains(role);
                boolean refused = res.statusCode() == 403;
                if (allowed == refused || res.statusCode() == 401 || res.statusCode() >= 500) {
                    wrong.add(key + " as " + role.wire() + " → " + res.statusCode() + " " + res.body());
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void noRouteAnswersWithoutCredentials() throws Exception {
        for (ApiRouter.RouteSpec r : tc.collector().routes()) {
            String path = r.path().replaceAll(":[a-zA-Z]+", UUID.randomUUID().toString());
            var res = tc.send(tc.request(path).method(r.method().name(), java.net.http.HttpRequest.BodyPublishers.noBody()));
            assertEquals(401, res.statusCode(), r.method() + " " + path);
        }
    }
}
