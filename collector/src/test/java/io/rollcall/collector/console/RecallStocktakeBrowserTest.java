package io.rollcall.collector.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.support.KitFixtures;
import io.rollcall.collector.support.MutableClock;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.enroll.EnrollResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.WebElement;

/**
 * A business manager at tablet width (768 px), keyboard only: makes a recall for a department and reads its progress,
 * then walks round with a scanner (tags typed with Enter, as a USB scanner types them) and reads what has not been
 * seen. Screenshots {@code target/screenshots/recall-form-tablet.png}, {@code recall-tablet.png}, {@code scan-tablet.png}, {@code not-seen-tablet.png}.
 */
class RecallStocktakeBrowserTest {
    @TempDir
    static Path dir;
    static TestCollector tc;
    static Browser browser;
    static KitFixtures kit;
    static String password;
    static final MutableClock clock = new MutableClock(Instant.parse("2025-06-02T08:00:00Z"));

    @BeforeAll
    static void start() throws Exception {
        tc = new TestCollector(dir).start(0, c -> c, clock);
        kit = new KitFixtures(tc);
        password = TestCollector.randomToken("pw-");
        tc.createUser("bursar", "business-manager", password);
        browser = new Browser(tc.baseUrl());
        browser.driver.manage().window().setSize(new Dimension(768, 1024));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (tc != null) {
            tc.close();
        }
    }

    @Test
    void aDepartmentRecallAndAScanningRunWorkFromTheKeyboardAtTabletWidth() throws Exception {
        EnrollResponse device = kit.reportingDevice(clock.instant());
        String laptop = kit.asset("LAP", "laptop", kit.serialOf(device));
        String camera = kit.asset("CAM", "camera", null);
        String otherDept = kit.asset("CAM", "camera", null);
        Instant due = clock.instant().plus(Duration.ofDays(200));
        kit.lend(laptop, kit.person("Ivy History", "ivy@hillside.example", "Humanities"), due);
        String cameraLoan = kit.lend(camera, kit.person("Jon Geography", "jon@hillside.example", "Humanities"), due);
        kit.lend(otherDept, kit.person("Kim Physics", "kim@hillside.example", "Science"), due);
        String shelved = kit.asset("AUD", "camera", null);
        String scannedA = kit.asset("AUD", "camera", null);
        String scannedB = kit.asset("AUD", "camera", null);
        String burst1 = kit.asset("AUD", "camera", null);
        String burst2 = kit.asset("AUD", "camera", null);

        browser.signIn("bursar", password);
        browser.open("/console/recalls");
        press(browser.driver.findElement(By.linkText("Make a recall")), Keys.ENTER);
        assertEquals("Make a recall", browser.h1());
        // the title has the focus; Tab walks the form in order and Enter in the last field submits it
        LocalDate back = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(46);
        type("recall-title", "Summer return");
        tab("recall-scope"); // "A department" is already chosen
        tab("recall-department");
        type("recall-department", "Humanities");
        tab("recall-set");
        tab("recall-due");
        type("recall-due", dateKeys(back));
        assertEquals(back.toString(), focused().getAttribute("value"));
        tab("recall-head");
        type("recall-head", "head@hillside.example");
        tab("recall-before");
        tab("recall-after");
        noSidewaysScroll();
        browser.screenshot("recall-form-tablet");
        WebElement last = focused();
        keys(Keys.ENTER);
        browser.waitUntilGone(last);

        assertEquals("Recall: Summer return", browser.h1());
        assertEquals(java.util.List.of("2", "0", "2", "0"), cards());
        String progress = browser.text();
        assertTrue(progress.contains("department Humanities"), progress);
        String laptopRow = row(laptop);
        assertTrue(laptopRow.contains("Ivy History") && laptopRow.contains("2025-06-02 08:00 UTC"), laptopRow);
        assertTrue(row(camera).contains("no agent"), row(camera));
        assertFalse(progress.contains(otherDept), "Science's loan is not in the Humanities recall");
        noSidewaysScroll();

        kit.giveBack(cameraLoan); // returned at the desk: the recall counts it as back
        browser.driver.navigate().refresh();
        assertEquals(java.util.List.of("2", "1", "1", "0"), cards());
        browser.screenshot("recall-tablet");

        // a year later: the cameras are due their yearly check
        clock.advance(Duration.ofDays(400));
        browser.signIn("bursar", password); // the session did not last the year
        browser.open("/console/stocktake");
        WebElement where = browser.driver.findElement(By.id("run-location"));
        where.sendKeys("Media store" + Keys.ENTER);
        browser.waitUntilGone(where);
        assertEquals("Scan assets", browser.h1());
        for (String tag : new String[] {scannedA, "NOT-A-TAG", scannedB.toLowerCase()}) {
            WebElement input = focused();
            assertEquals("scan-tag", input.getAttribute("id"), "the scan input has the focus after each scan");
            assertEquals("", input.getAttribute("value"), "and is empty, ready for the next");
            keys(tag, Keys.ENTER);
            // the page's script records the scan in the background and redraws the list: no reload
            new WebDriverWait(browser.driver, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class)
                    .until(d -> d.findElement(By.cssSelector("#scan-results tbody tr")).getText().startsWith(tag));
            assertEquals("scan-tag", input.getAttribute("id"), "same input, the page did not reload");
            String first = browser.driver.findElement(By.cssSelector("#scan-results tbody tr")).getText();
            assertTrue(first.startsWith(tag), first);
            assertTrue(tag.startsWith("NOT") ? first.contains("unknown tag") : first.contains("camera, Dell Latitude 5440"), first);
        }
        // two labels scanned faster than the collector answers: both are queued and recorded, in order
        keys(burst1, Keys.ENTER, burst2, Keys.ENTER);
        new WebDriverWait(browser.driver, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.id("scan-count")).getText().contains("This run: 4 seen, 1 unknown"));
        assertTrue(browser.driver.findElement(By.cssSelector("#scan-results tbody tr")).getText().startsWith(burst2));
        noSidewaysScroll();
        browser.screenshot("scan-tablet");

        WebElement finish = browser.driver.findElement(By.linkText("Finish: see what has not been seen"));
        press(finish, Keys.ENTER);
        assertEquals("Physical audit", browser.h1());
        String list = browser.driver.findElement(By.id("stocktake-list")).getText();
        assertTrue(list.contains(shelved), list);
        for (String seen : new String[] {scannedA, scannedB, burst1, burst2}) {
            assertFalse(list.contains(seen), seen + " was scanned: " + list);
        }
        assertTrue(row(laptop).contains("seen by its agent") && row(laptop).contains("2025-06-02 08:00 UTC"), row(laptop));
        noSidewaysScroll();
        browser.screenshot("not-seen-tablet");
    }

    /** The digits a person types into a date field, in the order the browser's locale shows its parts. */
    private static String dateKeys(LocalDate d) {
        Object order = ((JavascriptExecutor) browser.driver).executeScript("return new Intl.DateTimeFormat(navigator.language)"
                + ".formatToParts(new Date(2000, 10, 22)).filter(p => p.type !== 'literal').map(p => p.type).join(',')");
        StringBuilder keys = new StringBuilder();
        for (String part : order.toString().split(",")) {
            keys.append(switch (part) {
                case "day" -> String.format("%02d", d.getDayOfMonth());
                case "month" -> String.format("%02d", d.getMonthValue());
                default -> String.valueOf(d.getYear());
            });
        }
        return keys.toString();
    }

    private static WebElement focused() {
        return browser.driver.switchTo().activeElement();
    }

    private static void type(String id, String text) {
        assertEquals(id, focused().getAttribute("id"));
        keys(text);
    }

    private static void tab(String expected) {
        String from = focused().getAttribute("id");
        keys(Keys.TAB);
        // a date field has stops of its own (day, month, year, its calendar button): Tab on past them
        for (int i = 0; i < 4 && from.equals(focused().getAttribute("id")); i++) {
            keys(Keys.TAB);
        }
        assertEquals(expected, focused().getAttribute("id"), "Tab order");
    }

    /** Keys typed wherever the focus is, as a person types (sendKeys on an element would move the focus to it first). */
    private static void keys(CharSequence... k) {
        new org.openqa.selenium.interactions.Actions(browser.driver).sendKeys(k).perform();
    }

    private static void press(WebElement e, CharSequence key) {
        e.sendKeys(key);
        browser.waitUntilGone(e);
    }

    private static java.util.List<String> cards() {
        return browser.driver.findElements(By.cssSelector(".cards .big")).stream().map(WebElement::getText).toList();
    }

    private static String row(String tag) {
        return browser.driver.findElement(By.xpath("//tr[td[normalize-space()='" + tag + "']]")).getText();
    }

    private static void noSidewaysScroll() {
        Object over = ((JavascriptExecutor) browser.driver).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertEquals(0L, ((Number) over).longValue(), "page scrolls sideways at 768 px: " + browser.path());
    }
}
