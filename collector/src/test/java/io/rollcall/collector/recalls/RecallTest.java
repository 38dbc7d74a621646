package io.rollcall.collector.recalls;

import static io.rollcall.collector.support.KitFixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.rollcall.collector.loans.LoanSettings;
import io.rollcall.collector.reminders.Mailer;
import io.rollcall.collector.support.KitFixtures;
import io.rollcall.collector.support.MutableClock;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.enroll.EnrollResponse;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recalls against a real collector (H2 or PostgreSQL), a real SMTP server (GreenMail) and a clock the test moves:
 * the scope fixed at creation, progress from the loans table, reminders once per stage and the head's list once.
 */
class RecallTest {
    @TempDir
    static Path dir;
    static GreenMail smtp;
    static TestCollector rc;
    static KitFixtures kit;
    static LoanSettings.Mail mail;
    static final MutableClock clock = new MutableClock(Instant.parse("2025-06-02T08:00:00Z"));

    @BeforeAll
    static void start() throws Exception {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        mail = new LoanSettings.Mail("127.0.0.1", smtp.getSmtp().getPort(), null, null, "office@hillside.example", false);
        LoanSettings loans = LoanSettings.defaults().withSchoolName("Hillside Academy").withMail(mail)
                .withReminderCheckSeconds(3600);
        rc = new TestCollector(dir).start(0, c -> c.withLoans(loans), clock);
        kit = new KitFixtures(rc);
    }

    @AfterAll
    static void stop() {
        if (rc != null) {
            rc.close();
        }
        smtp.stop();
    }

    static String dept() {
        return "Dept " + UUID.randomUUID().toString().substring(0, 6);
    }

    static String recall(Map<String, Object> fields) throws Exception {
        return ok(201, rc.admin("POST", "/api/v1/recalls", io.rollcall.common.wire.WireJson.mapper()
                .writeValueAsString(fields))).get("recall").get("id").asText();
    }

    static JsonNode progress(String id) throws Exception {
        return ok(200, rc.adminGet("/api/v1/recalls/" + id));
    }

    static List<String> tags(JsonNode items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.get("assetTag").asText()));
        out.sort(null);
        return out;
    }

    @Test
    void aDepartmentRecallFixesItsScopeAndCountsReturnsByAnyPathWithEachLaptopsLastReport() throws Exception {
        String science = dept();
        EnrollResponse device = kit.reportingDevice(clock.instant());
        Instant reported = clock.instant();
        String laptop = kit.asset("LAP", "laptop", kit.serialOf(device));
        String camera = kit.asset("CAM", "camera", null);
        String lostOne = kit.asset("CAM", "camera", null);
        String artCamera = kit.asset("CAM", "camera", null);
        String ada = kit.person("Ada Science", "ada@hillside.example", science);
        String ben = kit.person("Ben Science", "ben@hillside.example", science);
        String art = kit.person("Cy Art", "cy@hillside.example", dept());
        Instant due = clock.instant().plus(Duration.ofDays(90));
        kit.lend(laptop, ada, due);
        String cameraLoan = kit.lend(camera, ben, due);
        String lostLoan = kit.lend(lostOne, ben, due);
        kit.lend(artCamera, art, due);

        // the department is matched whatever its case; the art teacher's loan is not covered
        String id = recall(Map.of("title", "Summer return", "scope", "department", "department", science.toUpperCase(),
                "dueAt", "2025-07-18", "headEmail", "head@hillside.example"));
        JsonNode p = progress(id);
        assertEquals(3, p.get("total").asInt());
        assertEquals(List.of(camera, lostOne, laptop).stream().sorted().toList(), tags(p.get("outstanding")));

        // a loan made after the recall is not in it: its scope was fixed when it was made
        kit.lend(kit.asset("CAM", "camera", null), ada, due);
        assertEquals(3, progress(id).get("total").asInt());

        clock.advance(Duration.ofDays(2));
        kit.giveBack(cameraLoan);
        ok(200, rc.admin("POST", "/api/v1/loans/" + lostLoan + "/lost", "{\"kind\":\"lost\",\"note\":\"left on a bus\"}"));
        p = progress(id);
        assertEquals(1, p.get("back").asInt());
        assertEquals(1, p.get("lost").asInt());
        assertEquals(1, p.get("stillOut").asInt());
        JsonNode out = p.get("outstanding").get(0);
        assertEquals(laptop, out.get("assetTag").asText());
        assertEquals(reported, Instant.parse(out.get("deviceLastReportAt").asText()));
        assertEquals(Instant.parse("2025-07-18T23:59:59Z"), Instant.parse(p.get("recall").get("dueAt").asText()));

        String csv = rc.adminGet("/api/v1/recalls/" + id + "/outstanding.csv").body();
        assertEquals(2, csv.split("\r\n").length, csv);
        assertTrue(csv.split("\r\n")[1].startsWith(laptop + ",laptop,Dell,Latitude 5440,"), csv);
        assertTrue(csv.contains(reported.toString()), csv);
        JsonNode listed = null;
        for (JsonNode r : ok(200, rc.adminGet("/api/v1/recalls")).get("items")) {
            if (r.get("recall").get("id").asText().equals(id)) {
                listed = r;
            }
        }
        assertEquals(List.of(3, 1, 1, 1), List.of(listed.get("total").asInt(), listed.get("back").asInt(),
                listed.get("lost").asInt(), listed.get("out").asInt()), String.valueOf(listed));
    }

    @Test
    void aSetRecallCoversTheLoansOfItsMembersOnly() throws Exception {
        String teacher = kit.person("Dee Trolley", "dee@hillside.example", dept());
        Instant due = clock.instant().plus(Duration.ofDays(30));
        String a = kit.asset("TR", "laptop", null);
        String b = kit.asset("TR", "laptop", null);
        String inStock = kit.asset("TR", "laptop", null);
        String elsewhere = kit.asset("CAM", "camera", null);
        UUID set = kit.set("Trolley " + UUID.randomUUID().toString().substring(0, 4), a, b, inStock);
        kit.lend(a, teacher, due);
        kit.lend(b, teacher, due);
        kit.lend(elsewhere, teacher, due);
        String id = recall(Map.of("title", "Trolley back", "scope", "set", "setId", set.toString(),
                "dueAt", due.toString(), "headEmail", "head@hillside.example"));
        JsonNode p = progress(id);
        assertEquals(List.of(a, b).stream().sorted().toList(), tags(p.get("outstanding")));
        assertTrue(p.get("recall").get("scopeLabel").asText().startsWith("set Trolley"), p.toString());
        // a laptop whose agent never reported says so
        JsonNode never = p.get("outstanding").get(0).get("deviceLastReportAt");
        assertTrue(never == null || never.isNull(), p.toString());
    }

    @Test
    void badRecallsAreRefusedNamingTheField() throws Exception {
        String due = clock.instant().plus(Duration.ofDays(10)).toString();
        Map<String, Object> good = Map.of("title", "T", "scope", "everyone", "dueAt", due, "headEmail", "h@x.example");
        assertRefused(400, "scope:", without(good, "scope"));
        assertRefused(400, "scope:", with(good, "scope", "faculty"));
        assertRefused(400, "dueAt:", with(good, "dueAt", clock.instant().minus(Duration.ofDays(1)).toString()));
        assertRefused(400, "dueAt:", with(good, "dueAt", "next friday"));
        assertRefused(400, "headEmail:", with(good, "headEmail", "the head"));
        assertRefused(400, "remindDaysBefore:", with(good, "remindDaysBefore", "7, soon"));
        assertRefused(400, "remindDaysAfter:", with(good, "remindDaysAfter", List.of(1, 400)));
        assertRefused(400, "department:", with(good, "scope", "department"));
        String known = dept();
        kit.lend(kit.asset("CAM", "camera", null), kit.person("Eve", null, known), clock.instant().plus(Duration.ofDays(5)));
        HttpCheck r = assertRefused(400, "department:", with(with(good, "scope", "department"), "department", "Nobody here"));
        assertTrue(r.body.contains(known), "the refusal lists departments with loans out: " + r.body);
        assertRefused(404, "setId:", with(with(good, "scope", "set"), "setId", UUID.randomUUID().toString()));
        assertRefused(400, "setId:", with(with(good, "scope", "set"), "setId", "trolley-1"));
        assertRefused(404, "no recall", null, "/api/v1/recalls/" + UUID.randomUUID());
        // senior leadership reads, never writes
        String slt = rc.newUserToken("slt");
        assertEquals(200, rc.as(slt, "GET", "/api/v1/recalls", null).statusCode());
        assertEquals(403, rc.as(slt, "POST", "/api/v1/recalls", io.rollcall.common.wire.WireJson.mapper()
                .writeValueAsString(good)).statusCode());
    }

    @Test
    void remindersGoOncePerStageToWhoStillHoldsAndTheHeadGetsTheListOnceAtTheDeadline() throws Exception {
        String d = dept();
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String fay = "fay-" + tag + "@hillside.example";
        String gus = "gus-" + tag + "@hillside.example";
        String head = "head-" + tag + "@hillside.example";
        String fayId = kit.person("Fay Two-Items", fay, d);
        String gusId = kit.person("Gus Prompt", gus, d);
        Instant loanDue = clock.instant().plus(Duration.ofDays(200));
        String f1 = kit.asset("RM", "camera", null);
        String f2 = kit.asset("RM", "camera", null);
        String g1 = kit.asset("RM", "camera", null);
        kit.lend(f1, fayId, loanDue);
        kit.lend(f2, fayId, loanDue);
        String gusLoan = kit.lend(g1, gusId, loanDue);
        Instant due = clock.instant().plus(Duration.ofDays(10));
        String id = recall(Map.of("title", "Year end", "scope", "department", "department", d, "dueAt", due.toString(),
                "headEmail", head, "remindDaysBefore", List.of(7, 1), "remindDaysAfter", "1"));

        runJob();
        assertEquals(List.of(), mailTo(fay, gus, head));

        clock.advance(Duration.ofDays(3)); // 7 days before: one mail each, Fay's listing both her items
        runJob();
        List<MimeMessage> sent = mailTo(fay, gus, head);
        assertEquals(List.of(fay, gus), recipients(sent));
        String fayMail = GreenMailUtil.getBody(sent.get(0));
        assertTrue(fayMail.contains(f1) && fayMail.contains(f2), fayMail);
        assertTrue(sent.get(0).getSubject().startsWith("Reminder"), sent.get(0).getSubject());

        // a second sender (another node, or this one after a restart) finds every reminder of the stage claimed
        assertTrue(secondNode().sweep().startsWith("0 recall reminders"));
        assertEquals(2, mailTo(fay, gus, head).size());

        kit.giveBack(gusLoan);
        clock.advance(Duration.ofDays(6)); // 1 day before: only Fay still holds something
        runJob();
        assertEquals(List.of(fay, fay, gus), recipients(mailTo(fay, gus, head)));

        clock.advance(Duration.ofDays(1)); // the deadline: the head gets the list, once
        runJob();
        List<MimeMessage> toHead = mailTo(head);
        assertEquals(1, toHead.size());
        String list = GreenMailUtil.getBody(toHead.get(0));
        assertTrue(list.contains(f1) && list.contains(f2) && !list.contains(g1), list);
        assertTrue(toHead.get(0).getSubject().contains("2 items still out"), toHead.get(0).getSubject());
        assertTrue(secondNode().sweep().endsWith("0 lists to heads sent"));
        JsonNode p = progress(id);
        assertEquals(clock.instant(), Instant.parse(p.get("recall").get("headSentAt").asText()));
        assertEquals(2, p.get("outstanding").get(0).get("remindersSent").asInt());

        clock.advance(Duration.ofDays(1)); // 1 day after: overdue reminder to Fay
        runJob();
        List<MimeMessage> last = mailTo(fay);
        assertEquals(3, last.size());
        assertTrue(last.get(2).getSubject().startsWith("Overdue"), last.get(2).getSubject());
        assertEquals(1, mailTo(head).size());
    }

    @Test
    void aMailThatCannotBeSentGivesItsClaimBackAndGoesOnALaterRun() throws Exception {
        String d = dept();
        String who = "hugo-" + UUID.randomUUID().toString().substring(0, 6) + "@hillside.example";
        String head = "head-" + UUID.randomUUID().toString().substring(0, 6) + "@hillside.example";
        kit.lend(kit.asset("MF", "camera", null), kit.person("Hugo Unlucky", who, d), clock.instant().plus(Duration.ofDays(90)));
        String id = recall(Map.of("title", "Mail fails", "scope", "department", "department", d,
                "dueAt", clock.instant().plus(Duration.ofHours(1)).toString(), "headEmail", head,
                "remindDaysBefore", List.of(1), "remindDaysAfter", List.of(1)));
        // a node whose SMTP server is down: nothing is delivered, nothing is recorded as sent
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        RecallReminders down = new RecallReminders(rc.collector().database(), new Mailer(new LoanSettings.Mail(
                "127.0.0.1", closedPort, null, null, "office@hillside.example", false)), clock, "Hillside Academy");
        assertTrue(down.sweep().startsWith("0 recall reminders"));
        JsonNode p = progress(id);
        assertEquals(0, p.get("outstanding").get(0).get("remindersSent").asInt());
        clock.advance(Duration.ofHours(2)); // past the deadline: the head's list fails too and is given back
        assertTrue(down.sweep().endsWith("0 lists to heads sent"));
        JsonNode notSent = progress(id).get("recall").get("headSentAt");
        assertTrue(notSent == null || notSent.isNull());

        secondNode().sweep();
        assertEquals(1, mailTo(head).size());
        // the failed reminder was a "please return by" one; after the deadline it is not sent late
        assertEquals(0, mailTo(who).size());
        clock.advance(Duration.ofDays(1));
        secondNode().sweep();
        List<MimeMessage> overdue = mailTo(who);
        assertEquals(1, overdue.size());
        assertTrue(overdue.get(0).getSubject().startsWith("Overdue"), overdue.get(0).getSubject());
    }

    private static RecallReminders secondNode() {
        return new RecallReminders(rc.collector().database(), new Mailer(mail), clock, "Hillside Academy");
    }

    private static void runJob() {
        // the job's period is an hour; each step of these tests moves the clock by days
        rc.collector().jobs().runIfDue(RecallReminders.JOB).orElseThrow();
    }

    private static List<MimeMessage> mailTo(String... to) throws Exception {
        List<String> wanted = List.of(to);
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            // every lend also e-mails an acknowledgement link (issue 16): not a recall's mail
            if (wanted.contains(m.getAllRecipients()[0].toString()) && !m.getSubject().startsWith("Please acknowledge")) {
                out.add(m);
            }
        }
        return out;
    }

    private static List<String> recipients(List<MimeMessage> ms) throws Exception {
        List<String> out = new ArrayList<>();
        for (MimeMessage m : ms) {
            out.add(m.getAllRecipients()[0].toString());
        }
        out.sort(null);
        return out;
    }

    record HttpCheck(int status, String body) {
    }

    private static HttpCheck assertRefused(int status, String field, Map<String, Object> body) throws Exception {
        return assertRefused(status, field, body, null);
    }

    private static HttpCheck assertRefused(int status, String field, Map<String, Object> body, String getPath)
            throws Exception {
        var res = getPath != null ? rc.adminGet(getPath)
                : rc.admin("POST", "/api/v1/recalls", io.rollcall.common.wire.WireJson.mapper().writeValueAsString(body));
        assertEquals(status, res.statusCode(), res.body());
        assertTrue(KitFixtures.json(res).get("detail").asText().contains(field), res.body());
        return new HttpCheck(res.statusCode(), res.body());
    }

    private static Map<String, Object> with(Map<String, Object> m, String k, Object v) {
        Map<String, Object> out = new java.util.HashMap<>(m);
        out.put(k, v);
        return out;
    }

    private static Map<String, Object> without(Map<String, Object> m, String k) {
        Map<String, Object> out = new java.util.HashMap<>(m);
        out.remove(k);
        return out;
    }
}
