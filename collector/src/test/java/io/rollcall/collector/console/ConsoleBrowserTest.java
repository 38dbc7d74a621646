package io.rollcall.collector.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.sample.SampleReports;
import io.rollcall.common.wire.ReportCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real headless Chromium against a real collector: each role signs in and lands on
 * its home page (screenshots in {@code target/screenshots/}), a business manager is refused the
 * technician pages, a technician filters devices and opens one, an admin adds a person who can then
 * sign in.
 *
 * <p>A business manager adds an asset, imports staff with a preview, lends the asset, has the
 * borrower acknowledge, downloads the receipt PDF and takes the asset back
 * ({@code target/screenshots/loan.png}, {@code loan-tablet.png}). A technician raises the severity of
 * {@code software.unapproved} on the policy page, sees a device non-compliant because of an unreviewed
 * title, approves the title in the review queue and watches the finding disappear
 * ({@code review-queue.png}, {@code policy.png}, {@code review-queue-tablet.png}).
 */
class ConsoleBrowserTest {
    @TempDir
    static Path dir;
    static TestCollector tc;
    static Browser browser;
    static final Map<String, String> PASSWORDS = new java.util.HashMap<>();
    static EnrollResponse device;

    @BeforeAll
    static void start() throws Exception {
        tc = new TestCollector(dir).start(0);
        for (String role : new String[] {"admin", "technician", "business-manager", "slt"}) {
            String password = TestCollector.randomToken("pw-");
            tc.createUser(user(role), role, password);
            PASSWORDS.put(role, password);
        }
        device = tc.enroll(UUID.randomUUID().toString());
        var report = SampleReports.full(device.deviceId(), 7, 40, Instant.now());
        assertEquals(202, tc.postReport(device, ReportCodec.toJson(report), false).statusCode());
        tc.enroll(UUID.randomUUID().toString());
        browser = new Browser(tc.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        tc.close();
    }

    @BeforeEach
    void signedOut() {
        browser.driver.manage().deleteAllCookies();
    }

    static String user(String role) {
        return role.replace("-", "") + ".user";
    }

    private void signIn(String role) {
        browser.signIn(user(role), PASSWORDS.get(role));
    }

    @Test
    void eachRoleSignsInToItsOwnHomePage() throws Exception {
        Map<String, String[]> homes = Map.of(
                "admin", new String[] {"/console/users", "People who log in"},
                "technician", new String[] {"/console/devices", "Devices"},
                "business-manager", new String[] {"/console/business", "Loans and assets"},
                "slt", new String[] {"/console/compliance", "Compliance"});
        for (var e : homes.entrySet()) {
            signIn(e.getKey());
            assertEquals(e.getValue()[0], browser.path(), e.getKey());
            assertEquals(e.getValue()[1], browser.h1(), e.getKey());
            assertTrue(browser.text().contains(user(e.getKey())), "header names who is signed in");
            if (e.getKey().equals("business-manager")) {
                String home = browser.text();
                assertTrue(home.contains("Overdue") && home.contains("Leavers still holding kit") && home.contains("Out now")
                        && home.contains("Lend an asset"), home);
            }
            browser.screenshot("home-" + e.getKey());
            browser.signOut();
            assertEquals("/console/login", browser.path());
            browser.open("/console/home");
            assertEquals("/console/login", browser.path(), "signed out means signed out");
        }
        for (String role : homes.keySet()) {
            assertTrue(Files.size(Browser.SCREENSHOTS.resolve("home-" + role + ".png")) > 1000);
        }
    }

    @Test
    void businessManagerIsRefusedTechnicianPagesAndTheirApi() {
        signIn("business-manager");
        String nav = browser.driver.findElement(By.cssSelector("nav[aria-label=Main]")).getText();
        assertFalse(nav.contains("Enrol devices"), nav);
        browser.open("/console/devices/" + device.deviceId());
        assertEquals("Not available to your role", browser.h1());
        browser.open("/console/enrol");
        assertEquals("Not available to your role", browser.h1());
        browser.open("/api/v1/devices/" + device.deviceId());
        assertTrue(browser.text().contains("forbidden"), browser.text());
        // the list with last report and compliance is theirs, without links into device detail
        browser.open("/console/devices");
        assertEquals("Devices", browser.h1());
        assertTrue(browser.driver.findElements(By.cssSelector("main table a")).isEmpty());
    }

    @Test
    void technicianFiltersDevicesOpensOneAndSeesItsFindingsAndSoftware() {
        signIn("technician");
        new Select(browser.driver.findElement(By.id("seen"))).selectByValue("current");
        browser.submit(browser.driver.findElement(By.id("q")));
        // current = no open device.stale finding, as the rule says: a device enrolled today that has not yet
        // reported is current too (the rule counts from enrolment), so only the reported device's link is checked
        var links = browser.driver.findElements(By.cssSelector("main table a[href$='" + device.deviceId() + "']"));
        assertEquals(1, links.size(), "the device that reported is current: " + browser.text());
        links.get(0).click();
        assertTrue(browser.path().endsWith(device.deviceId().toString()));
        String page = browser.text();
        assertTrue(page.contains("Findings") && page.contains("Software (40)") && page.contains("Screen lock"), page);
        assertTrue(page.contains("Policy clause") && page.contains("How to fix"), page);
    }

    @Test
    void adminAddsAPersonWithTheFormAndTheyCanSignIn() {
        signIn("admin");
        browser.driver.findElement(By.id("new-username")).sendKeys("new.tech");
        browser.driver.findElement(By.id("new-display")).sendKeys("New Technician");
        new Select(browser.driver.findElement(By.id("new-role"))).selectByValue("technician");
        String password = TestCollector.randomToken("pw-");
        WebElement pw = browser.driver.findElement(By.id("new-password"));
        pw.sendKeys(password);
        browser.submit(pw);
        assertTrue(browser.text().contains("Account created."), browser.text());
        assertTrue(browser.text().contains("new.tech"));
        browser.signOut();
        browser.signIn("new.tech", password);
        assertEquals("/console/devices", browser.path());
    }

    @Test
    void wrongPasswordShowsAnErrorAndNoSession() {
        browser.signIn(user("slt"), "not the password at all");
        assertEquals("/console/login", browser.path());
        assertTrue(browser.text().contains("Wrong username or password."));
        browser.open("/console/compliance");
        assertEquals("/console/login", browser.path());
    }

    @Test
    void sltComplianceShowsShareTrendChartAndPrintButton() {
        signIn("slt");
        assertFalse(browser.driver.findElements(By.cssSelector("svg.trend polyline")).isEmpty(), "today's snapshot is plotted");
        assertFalse(browser.driver.findElements(By.cssSelector("button[data-print]")).isEmpty());
        String nav = browser.driver.findElement(By.cssSelector("nav[aria-label=Main]")).getText();
        assertFalse(nav.contains("Devices"), "SLT reads summaries only: " + nav);
    }

    @Test
    void businessManagerAddsAnAssetImportsStaffLendsItGetsTheReceiptAndTakesItBack() throws Exception {
        signIn("business-manager");
        String tag = "LAP-" + UUID.randomUUID().toString().substring(0, 6);
        browser.open("/console/assets/new");
        browser.driver.findElement(By.id("tag")).sendKeys(tag);
        new Select(browser.driver.findElement(By.id("type"))).selectByValue("laptop");
        browser.driver.findElement(By.id("make")).sendKeys("Lenovo");
        WebElement serial = browser.driver.findElement(By.id("serial"));
        serial.sendKeys("SER-" + tag);
        browser.submit(serial);
        assertEquals("/console/assets/" + tag, browser.path());
        assertTrue(browser.text().contains("Asset added to the register."), browser.text());

        String staffId = "B" + UUID.randomUUID().toString().substring(0, 6);
        browser.open("/console/staff");
        WebElement csv = browser.driver.findElement(By.id("csv"));
        csv.sendKeys("Staff Code,First Name,Surname,Dept\n" + staffId + ",Bea,Borrower,Science\n");
        browser.driver.findElement(By.cssSelector("form[action='/console/staff/import/preview'] button")).click();
        browser.waitUntilGone(csv);
        assertEquals("Import preview", browser.h1());
        assertTrue(browser.text().contains("This file would add 1, update 0"), browser.text());
        WebElement confirm = browser.driver.findElement(By.id("confirm-import"));
        confirm.click();
        browser.waitUntilGone(confirm);
        assertTrue(browser.text().contains("Imported: 1 added, 0 updated, 0 unchanged."), browser.text());

        browser.open("/console/assets/" + tag);
        WebElement lendLink = browser.driver.findElement(By.linkText("Lend this asset"));
        lendLink.click();
        browser.waitUntilGone(lendLink);
        assertEquals(tag, browser.driver.findElement(By.id("assetTag")).getAttribute("value"));
        browser.driver.findElement(By.id("staffId")).sendKeys(staffId);
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(
                "document.getElementById('dueAt').value = arguments[0]", java.time.LocalDate.now().plusDays(21).toString());
        WebElement condition = browser.driver.findElement(By.id("conditionOut"));
        condition.sendKeys("good, charger included", org.openqa.selenium.Keys.ENTER); // the keyboard submits the form
        browser.waitUntilGone(condition);
        assertTrue(browser.path().startsWith("/console/loans/"), browser.path());
        assertTrue(browser.text().contains("Lent. Ask the borrower"), browser.text());

        WebElement typed = browser.driver.findElement(By.id("typedName"));
        assertFalse(browser.driver.findElement(By.id("terms")).getText().isBlank(), "the terms are shown");
        typed.sendKeys("Bea Borrower");
        browser.submit(typed);
        assertTrue(browser.text().contains("Acknowledged by the borrower typing Bea Borrower"), browser.text());
        browser.screenshot("loan");

        String receipt = browser.driver.findElement(By.id("issue-receipt")).getAttribute("href");
        String session = browser.driver.manage().getCookieNamed("rc_session").getValue();
        var pdf = tc.http().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(receipt))
                .header("Cookie", "rc_session=" + session).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, pdf.statusCode());
        assertEquals("%PDF", new String(pdf.body(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf.body())) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
            assertTrue(text.contains(tag) && text.contains("Bea Borrower"), text);
        }

        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(820, 1180));
        try {
            Object overflow = ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(
                    "return document.documentElement.scrollWidth > window.innerWidth");
            assertEquals(Boolean.FALSE, overflow, "the loan page fits a tablet without sideways scrolling");
            browser.screenshot("loan-tablet");
        } finally {
            browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 800));
        }

        WebElement conditionIn = browser.driver.findElement(By.id("conditionIn"));
        conditionIn.sendKeys("as lent");
        browser.submit(conditionIn);
        String page = browser.text();
        assertTrue(page.contains("Returned.") && page.contains("Return inspection") && page.contains("as lent"), page);
        assertFalse(browser.driver.findElements(By.id("return-receipt")).isEmpty());
        assertTrue(Files.size(Browser.SCREENSHOTS.resolve("loan.png")) > 1000);
    }

    @Test
    void technicianApprovesASoftwareTitleAndWatchesItsFindingDisappear() throws Exception {
        String name = "Brightboard Studio " + UUID.randomUUID().toString().substring(0, 4);
        EnrollResponse d = tc.enroll(UUID.randomUUID().toString());
        var sections = io.rollcall.common.report.Sections.EMPTY.withSoftware(java.util.List.of(
                new io.rollcall.common.report.SoftwareItem(name + " 5.2", "5.2.0", "Brightboard", Instant.parse("2024-09-01T08:00:00Z"),
                        io.rollcall.common.report.SoftwareSource.REGISTRY, null)));
        var report = new io.rollcall.common.report.Report(1, UUID.randomUUID(), d.deviceId(), "0.1.0", Instant.now(),
                io.rollcall.common.report.ReportKind.DELTA, sections, null);
        assertEquals(202, tc.postReport(d, ReportCodec.toJson(report), false).statusCode());
        String titleId = io.rollcall.common.wire.WireJson.mapper().readTree(tc.adminGet("/api/v1/software/review?q="
                + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)).body()).get("items").get(0).get("id").asText();
        try {
            signIn("technician");
            // an unreviewed title is a low finding by default; this school makes it count against compliance
            browser.driver.findElement(By.linkText("Policy settings")).click();
            assertEquals("Policy settings", browser.h1());
            new Select(browser.driver.findElement(By.id("severity.software.unapproved"))).selectByValue("high");
            WebElement idle = browser.driver.findElement(By.id("screenLockMaxIdleMinutes"));
            assertEquals("15", idle.getAttribute("value"), "the CIS 900 s shown in minutes");
            assertTrue(browser.driver.findElement(By.cssSelector("label[for=screenLockMaxIdleMinutes]")).getText()
                    .contains("minutes"));
            browser.screenshot("policy");
            WebElement save = browser.driver.findElement(By.id("save-policy"));
            save.click();
            browser.waitUntilGone(save);
            assertTrue(browser.text().contains("Saved as version"), browser.text());

            browser.open("/console/devices/" + d.deviceId());
            assertEquals("not compliant", browser.driver.findElement(By.cssSelector("dl.facts dd .badge")).getText());
            assertEquals(1, openRows("software.unapproved").size(), browser.text());
            assertTrue(openRows("software.unapproved").get(0).getText().contains(name), "the finding names the title");

            browser.driver.findElement(By.linkText("Software review")).click();
            assertEquals("Software review", browser.h1());
            WebElement q = browser.driver.findElement(By.id("q"));
            q.sendKeys(name);
            browser.submit(q);
            browser.screenshot("review-queue");
            new Select(browser.driver.findElement(By.id("status-" + titleId))).selectByValue("approved");
            browser.driver.findElement(By.id("reason-" + titleId)).sendKeys("interactive whiteboard software");
            WebElement decide = browser.driver.findElement(By.id("decide-" + titleId));
            decide.sendKeys(org.openqa.selenium.Keys.ENTER); // the keyboard is enough
            browser.waitUntilGone(decide);
            assertTrue(browser.text().contains("Decision recorded"), browser.text());
            assertTrue(browser.driver.findElements(By.id("decide-" + titleId)).isEmpty(), "the title left the queue");

            browser.open("/console/devices/" + d.deviceId());
            assertEquals(java.util.List.of(), openRows("software.unapproved"), "the finding is gone");
            assertEquals("compliant", browser.driver.findElement(By.cssSelector("dl.facts dd .badge")).getText());

            browser.open("/console/software/" + titleId);
            String page = browser.text();
            String history = browser.driver.findElement(By.cssSelector("#history + div table")).getText();
            assertTrue(history.contains("unreviewed") && history.contains("approved")
                    && history.contains("interactive whiteboard software"), history);

            browser.open("/console/review");
            browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(820, 1180));
            try {
                Object overflow = ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(
                        "return document.documentElement.scrollWidth > window.innerWidth");
                assertEquals(Boolean.FALSE, overflow, "the review queue fits a tablet without sideways scrolling");
                browser.screenshot("review-queue-tablet");
            } finally {
                browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 800));
            }
            assertTrue(Files.size(Browser.SCREENSHOTS.resolve("review-queue.png")) > 1000);
            assertTrue(Files.size(Browser.SCREENSHOTS.resolve("policy.png")) > 1000);
        } finally {
            tc.admin("PUT", "/api/v1/policy", "{}");
        }
    }

    /** The device page's open findings of {@code rule}. */
    private static java.util.List<WebElement> openRows(String rule) {
        return browser.driver.findElements(By.cssSelector("#findings + div table tbody tr")).stream()
                .filter(r -> r.findElements(By.tagName("td")).size() > 1
                        && r.findElements(By.tagName("td")).get(0).getText().equals(rule)
                        && r.findElements(By.tagName("td")).get(1).getText().startsWith("open"))
                .toList();
    }
}
