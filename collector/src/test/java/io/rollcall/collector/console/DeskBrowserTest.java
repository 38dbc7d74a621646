package io.rollcall.collector.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.support.MutableClock;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.sample.SampleReports;
import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireJson;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 16's "done means", in headless Chromium against a real collector: thirty laptops that have reported through
 * the real enrol and report path make a trolley set; a business manager lends it to a teacher by scanning (typing
 * each tag and Enter), the teacher acknowledges once, the receipt PDF is read back; five days later 28 come back by
 * scanning, one marked damaged from the keyboard, and the set's page shows the two still out with their last
 * report dates, at desktop and at tablet width ({@code target/screenshots/desk-*.png}).
 */
class DeskBrowserTest {
    @TempDir
    static Path dir;
    static TestCollector tc;
    static Browser browser;
    static String password;
    static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    static final int LAPTOPS = 30;
    static final List<String> TAGS = new ArrayList<>();
    static final List<EnrollResponse> DEVICES = new ArrayList<>();
    static Instant firstReport;

    @BeforeAll
    static void start() throws Exception {
        tc = new TestCollector(dir).start(0, c -> c, CLOCK);
        password = TestCollector.randomToken("pw-");
        tc.createUser("desk.user", "business-manager", password);
        long base = 9_000 + (System.nanoTime() & 0xffff);
        firstReport = CLOCK.instant();
        for (int i = 1; i <= LAPTOPS; i++) {
            EnrollResponse d = tc.enroll(UUID.randomUUID().toString());
            // the report's hardware section carries serial "SN<seed>": the serial the register links by
            assertEquals(202, tc.postReport(d, ReportCodec.toJson(SampleReports.full(d.deviceId(), base + i, 5,
                    CLOCK.instant())), false).statusCode());
            String tag = String.format("TR1-%02d", i);
            ok(201, tc.admin("POST", "/api/v1/assets", "{\"tag\":\"" + tag + "\",\"type\":\"laptop\",\"make\":\"Lenovo\","
                    + "\"model\":\"ThinkPad L13\",\"serial\":\"SN" + (base + i) + "\"}"));
            TAGS.add(tag);
            DEVICES.add(d);
        }
        ok(201, tc.admin("POST", "/api/v1/people", "{\"staffId\":\"T-GEO-7\",\"name\":\"Tess Teacher\","
                + "\"department\":\"Geography\"}"));
        browser = new Browser(tc.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        tc.close();
    }

    static JsonNode ok(int status, HttpResponse<String> res) throws Exception {
        assertEquals(status, res.statusCode(), res.body());
        return WireJson.mapper().readTree(res.body());
    }

    private WebElement byId(String id) {
        return browser.driver.findElement(By.id(id));
    }

    private void waitForReady(int n) {
        new WebDriverWait(browser.driver, Duration.ofSeconds(20)).until(d ->
                d.findElement(By.id("scan-count")).getText().equals(String.valueOf(n))
                        && d.findElements(By.cssSelector("#scanned tr.pending")).isEmpty());
    }

    private void scan(String tag) {
        byId("scan").sendKeys(tag + Keys.ENTER);
    }

    @Test
    void aThirtyLaptopSetIsLentByScanningAndTwoMissingShowWithTheirLastReports() throws Exception {
        browser.driver.manage().window().setSize(new Dimension(1280, 800));
        browser.signIn("desk.user", password);

        // the set, made on its page from scanned tags
        browser.open("/console/sets");
        byId("name").sendKeys("Geography trolley");
        byId("location").sendKeys("Room G2");
        byId("tags").sendKeys(String.join("\n", TAGS));
        browser.submit(byId("name"));
        assertEquals("Geography trolley", browser.h1());
        assertTrue(browser.text().contains("30 assets · 30 in-stock"), browser.text());

        // lend by scanning: each tag typed and Enter; an unknown tag and a repeat are refused at once
        browser.open("/console/desk/lend");
        byId("staffId").sendKeys("T-GEO-7");
        for (String tag : TAGS) {
            scan(tag);
        }
        scan("NOT-A-TAG");
        scan(TAGS.get(0));
        waitForReady(LAPTOPS);
        assertEquals(TAGS.get(0) + ": already in this batch", byId("scan-status").getText());
        String refused = browser.driver.findElement(By.cssSelector("#scanned tr.refused")).getText();
        assertTrue(refused.contains("NOT-A-TAG") && refused.contains("unknown tag"), refused);
        String first = browser.driver.findElement(By.cssSelector("#scanned tr[data-tag='TR1-01']")).getText();
        assertTrue(first.contains("laptop Lenovo ThinkPad L13 · set Geography trolley") && first.contains("ready to lend"), first);
        browser.screenshot("desk-lend");
        WebElement confirm = byId("confirm");
        confirm.sendKeys(Keys.ENTER);
        browser.waitUntilGone(confirm);
        assertEquals("Loan batch", browser.h1());
        String batchId = browser.path().substring("/console/desk/batches/".length());
        String batch = browser.text();
        assertTrue(batch.contains("Tess Teacher") && batch.contains("Geography trolley") && batch.contains("0 of 30"), batch);

        // one acknowledgement for the thirty
        WebElement typed = byId("typedName");
        typed.sendKeys("Tess Teacher" + Keys.ENTER);
        browser.waitUntilGone(typed);
        assertTrue(browser.text().contains("Acknowledged for the whole batch."), browser.text());
        HttpResponse<byte[]> pdf = tc.adminGetBytes("/api/v1/loans/batches/" + batchId + "/receipt");
        assertEquals(200, pdf.statusCode());
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            assertTrue(text.contains("Equipment loan receipt: 30 items"), text);
            assertTrue(text.contains("Set: Geography trolley") && text.contains("Borrower: Tess Teacher (staff id T-GEO-7)"), text);
            for (String tag : TAGS) {
                assertTrue(text.contains(tag + " - laptop Lenovo ThinkPad L13"), tag + " listed: " + text);
            }
            assertTrue(text.contains("Acknowledged for 30 of 30 items by typing the name \"Tess Teacher\""), text);
        }

        // five days on: 28 laptops reported again and come back; the last two have been silent since
        CLOCK.advance(Duration.ofDays(5));
        for (int i = 0; i < LAPTOPS - 2; i++) {
            assertEquals(202, tc.postReport(DEVICES.get(i), ReportCodec.toJson(SampleReports.heartbeat(
                    DEVICES.get(i).deviceId(), CLOCK.instant())), false).statusCode());
        }
        browser.signIn("desk.user", password);
        browser.open("/console/desk/return");
        for (String tag : TAGS.subList(0, LAPTOPS - 2)) {
            scan(tag);
        }
        waitForReady(LAPTOPS - 2);
        // TR1-07 is damaged: its condition typed, then Tab to its checkbox and Space, keyboard only
        byId("cond-TR1-07").sendKeys("cracked hinge");
        new Actions(browser.driver).sendKeys(Keys.TAB).perform();
        assertEquals("damaged-TR1-07", browser.driver.switchTo().activeElement().getAttribute("id"));
        new Actions(browser.driver).sendKeys(Keys.SPACE).perform();
        assertTrue(byId("damaged-TR1-07").isSelected());
        browser.screenshot("desk-return");
        confirm = byId("confirm");
        confirm.sendKeys(Keys.ENTER);
        browser.waitUntilGone(confirm);
        String done = browser.text();
        assertTrue(done.contains("Recorded 28 returns."), done);
        assertTrue(done.contains("28 of 30 back; still out: TR1-29, TR1-30"), done);
        assertTrue(done.contains("cracked hinge") && done.contains("damaged: to repair"), done);

        // the set's page: who has what, and the two missing with their last report dates
        browser.driver.findElement(By.linkText("Geography trolley")).click();
        assertEquals("Geography trolley", browser.h1());
        String latest = byId("latest").getText();
        assertTrue(latest.contains("Lent to Tess Teacher: 28 of 30 back; still out: TR1-29, TR1-30."), latest);
        String stopped = byId("stopped").getText();
        String lastSeen = Html.when(firstReport);
        assertTrue(stopped.contains("TR1-29: last report " + lastSeen + ", with Tess Teacher"), stopped);
        assertTrue(stopped.contains("TR1-30: last report " + lastSeen + ", with Tess Teacher"), stopped);
        assertFalse(stopped.contains("TR1-28"), "the returned laptops reported: " + stopped);
        String damaged = browser.driver.findElement(By.cssSelector("#members tr[data-tag='TR1-07']")).getText();
        assertTrue(damaged.contains("repair"), damaged);
        String out = browser.driver.findElement(By.cssSelector("#members tr[data-tag='TR1-30']")).getText();
        assertTrue(out.contains("on-loan") && out.contains("Tess Teacher") && out.contains("stopped reporting"), out);
        browser.screenshot("desk-set");

        // a tablet held upright: nothing wider than the screen on the desk and set pages
        browser.driver.manage().window().setSize(new Dimension(768, 1024));
        for (String page : List.of(browser.path(), "/console/desk/lend", "/console/desk/return", "/console/sets",
                "/console/labels")) {
            browser.open(page);
            Object fits = ((JavascriptExecutor) browser.driver).executeScript(
                    "return document.documentElement.scrollWidth <= window.innerWidth;");
            assertEquals(Boolean.TRUE, fits, page + " fits a 768 px screen");
        }
        browser.open("/console/desk/return");
        browser.screenshot("desk-return-tablet");
    }

    @Test
    void aSetsPageLendsTheWholeSetFromTheDeskWithItsMembersAlreadyChecked() throws Exception {
        List<String> kit = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            kit.add("CAMKIT-" + i);
            ok(201, tc.admin("POST", "/api/v1/assets", "{\"tag\":\"CAMKIT-" + i + "\",\"type\":\"camera\",\"make\":\"Canon\"}"));
        }
        String setId = ok(201, tc.admin("POST", "/api/v1/sets", "{\"name\":\"Trip cameras\",\"kind\":\"kit\",\"tags\":"
                + "[\"CAMKIT-1\",\"CAMKIT-2\",\"CAMKIT-3\"]}")).get("id").asText();
        ok(201, tc.admin("POST", "/api/v1/people", "{\"staffId\":\"T-TRIP-1\",\"name\":\"Tim Trips\"}"));
        browser.driver.manage().window().setSize(new Dimension(1280, 800));
        browser.signIn("desk.user", password);
        browser.open("/console/sets/" + setId);
        WebElement lend = browser.driver.findElement(By.linkText("Lend this set at the desk"));
        lend.sendKeys(Keys.ENTER);
        browser.waitUntilGone(lend);
        assertTrue(browser.text().contains("Lending the set Trip cameras"), browser.text());
        waitForReady(3);
        byId("staffId").sendKeys("T-TRIP-1");
        WebElement confirm = byId("confirm");
        confirm.sendKeys(Keys.ENTER);
        browser.waitUntilGone(confirm);
        String batch = browser.text();
        assertTrue(batch.contains("Tim Trips") && batch.contains("Trip cameras") && batch.contains("0 of 3"), batch);
        JsonNode set = ok(200, tc.adminGet("/api/v1/sets/" + setId));
        assertEquals(3, set.get("counts").get("on-loan").asInt());
        assertEquals(0, set.get("latestLoan").get("back").asInt());
    }

    @Test
    void theLabelsPageSendsTheSetsSheetAndEveryPageIsReachedFromTheKeyboard() throws Exception {
        browser.driver.manage().window().setSize(new Dimension(1280, 800));
        browser.signIn("desk.user", password);
        browser.open("/console/labels");
        assertEquals("Print labels", browser.h1());
        // keyboard: the skip link then Tab reaches the navigation entries added for the desk, sets and labels
        browser.driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        List<String> reached = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            WebElement active = browser.driver.switchTo().activeElement();
            reached.add(active.getText());
            new Actions(browser.driver).sendKeys(Keys.TAB).perform();
        }
        assertTrue(reached.containsAll(List.of("Desk: lend", "Desk: returns", "Sets", "Labels")), reached.toString());
        assertTrue(reached.contains("Make the label sheet (PDF)"), reached.toString());
    }
}
