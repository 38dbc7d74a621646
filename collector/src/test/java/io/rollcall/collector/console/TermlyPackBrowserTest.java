package io.rollcall.collector.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.evidence.PackFleet;
import io.rollcall.collector.evidence.PackFromApi;
import io.rollcall.collector.support.TestCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * A member of SLT walks through the termly pack in Chromium for a fleet seeded through ingest with compliant and
 * non-compliant laptops in two groups ({@link PackFleet}); every figure on the page, and every named device with its
 * user and date, is checked against the figures worked out from the live API ({@link PackFromApi}), for the whole
 * fleet and then for one group chosen on the page. Saves {@code target/screenshots/termly-pack.png}.
 */
class TermlyPackBrowserTest {
    @TempDir
    static Path dir;
    static TestCollector tc;
    static Browser browser;
    static String password;

    @BeforeAll
    static void start() throws Exception {
        tc = new TestCollector(dir).start(0);
        PackFleet.seed(tc);
        password = TestCollector.randomToken("pw-");
        tc.createUser("slt.governors", "slt", password);
        browser = new Browser(tc.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        tc.close();
    }

    @Test
    void sltWalksThroughTheTermlyPackAndEveryFigureMatchesTheApi() throws Exception {
        browser.signIn("slt.governors", password);
        WebElement link = browser.driver.findElement(By.linkText("Termly pack"));
        link.click();
        browser.waitUntilGone(link);
        assertEquals("/console/termly-pack", browser.path());
        assertEquals("Termly pack", browser.h1());
        checkPage(new PackFromApi(tc).figures(null));
        String page = browser.text();
        assertTrue(page.contains("Cyber Essentials: Requirements for IT infrastructure") && page.contains("Not verified")
                && page.contains("Lee Leaver"), page);
        assertTrue(browser.driver.findElement(By.linkText("Download the governors' PDF")).getAttribute("href")
                .endsWith("/api/v1/evidence/pack.pdf"));
        browser.screenshot("termly-pack");
        assertTrue(Files.size(Browser.SCREENSHOTS.resolve("termly-pack.png")) > 1000);

        WebElement select = browser.driver.findElement(By.id("pack-group"));
        new Select(select).selectByValue(PackFleet.STAFF);
        browser.submit(select);
        assertTrue(browser.text().contains("group " + PackFleet.STAFF), browser.text());
        checkPage(new PackFromApi(tc).figures(PackFleet.STAFF));
        assertTrue(browser.driver.findElement(By.linkText("Download the governors' PDF")).getAttribute("href")
                .endsWith("/api/v1/evidence/pack.pdf?group=Staff+laptops"));
    }

    @Test
    void theCompliancePageShowsTheSchoolsGroupsWithTheApisFigures() throws Exception {
        browser.signIn("slt.governors", password);
        assertEquals("/console/compliance", browser.path());
        for (String group : new String[] {PackFleet.STAFF, PackFleet.PRESENTATION}) {
            Map<String, String> api = new PackFromApi(tc).figures(group);
            WebElement row = browser.driver.findElement(By.xpath("//main//table//tr[td/a[text()='" + group + "']]"));
            var td = row.findElements(By.tagName("td"));
            assertEquals(api.get("summary.devices"), td.get(1).getText(), group);
            assertEquals(api.get("summary.compliant"), td.get(2).getText(), group);
        }
        WebElement link = browser.driver.findElement(By.linkText(PackFleet.PRESENTATION));
        link.click();
        browser.waitUntilGone(link);
        assertTrue(browser.text().contains("group " + PackFleet.PRESENTATION), browser.text());
        String cards = browser.driver.findElement(By.cssSelector(".cards")).getText();
        Map<String, String> api = new PackFromApi(tc).figures(PackFleet.PRESENTATION);
        assertTrue(cards.contains(api.get("summary.compliant") + " of " + api.get("summary.devices") + " devices"), cards);
    }

    /** Every data-figure on the page equals the API's figure, every API figure is on the page, and the named rows. */
    private static void checkPage(Map<String, String> expected) {
        Map<String, String> shown = new TreeMap<>();
        for (WebElement e : browser.driver.findElements(By.cssSelector("[data-figure]"))) {
            shown.put(e.getAttribute("data-figure"), e.getText().strip());
        }
        Map<String, String> want = new TreeMap<>();
        expected.forEach((k, v) -> {
            if (!k.startsWith("failing.")) {
                want.put(k, v);
            }
        });
        assertEquals(want, shown);
        for (Map.Entry<String, String> e : expected.entrySet()) {
            if (!e.getKey().startsWith("failing.")) {
                continue;
            }
            String id = e.getKey().substring(8);
            Set<String> rows = new TreeSet<>();
            for (WebElement tr : browser.driver.findElements(By.cssSelector("section[id='control-" + id + "'] tbody tr"))) {
                var td = tr.findElements(By.tagName("td"));
                rows.add(td.get(0).getText() + "|" + td.get(1).getText() + "|" + td.get(4).getText().substring(0, 10));
            }
            assertEquals(e.getValue(), String.join(";", rows), id);
        }
    }
}
