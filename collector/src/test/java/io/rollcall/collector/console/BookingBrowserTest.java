package io.rollcall.collector.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.rollcall.collector.acklinks.Mailbox;
import io.rollcall.collector.bookings.Kit;
import io.rollcall.collector.loans.LoanSettings;
import io.rollcall.collector.support.MutableClock;
import io.rollcall.collector.support.TestCollector;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * A business manager books a laptop trolley for a lesson, sees it in the set's week view and lends it at pick-up; the
 * borrower acknowledges from the e-mailed link (read from GreenMail) on their own browser. Headless Chromium at a
 * tablet's width (768 px), with the keyboard only: fields are typed into and forms sent with Enter, links followed
 * with Enter; no page may scroll sideways.
 */
class BookingBrowserTest {
    @TempDir
    static Path dir;
    static GreenMail smtp;
    static TestCollector tc;
    static Browser browser;
    static final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T07:00:00Z"));

    @BeforeAll
    static void start() throws Exception {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        LoanSettings loans = LoanSettings.defaults().withSchoolName("Hillside Academy").withMail(new LoanSettings.Mail(
                "127.0.0.1", smtp.getSmtp().getPort(), null, null, "office@hillside.example", false));
        tc = new TestCollector(dir).start(0, c -> c.withLoans(loans), clock);
        browser = new Browser(tc.baseUrl());
        browser.driver.manage().window().setSize(new Dimension(768, 1024));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        tc.close();
        smtp.stop();
    }

    private static long sideways() {
        return ((Number) ((JavascriptExecutor) browser.driver).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")).longValue();
    }

    /** Follows a link by focusing it and pressing Enter, as a keyboard user does. */
    private static void follow(WebElement link) {
        link.sendKeys(Keys.ENTER);
        browser.waitUntilGone(link);
    }

    @Test
    void aTrolleyIsBookedSeenInTheWeekLentAndAcknowledgedFromTheEmailedLink() throws Exception {
        Kit kit = new Kit(tc);
        String setName = "Trolley 3 " + UUID.randomUUID().toString().substring(0, 4);
        UUID set = kit.set(setName, 3);
        String[] teacher = kit.person("Nia Osei", "nia.osei@hillside.example");
        String password = TestCollector.randomToken("pw-");
        tc.createUser("bm.bookings", "business-manager", password);
        browser.signIn("bm.bookings", password);
        List<String> wide = new ArrayList<>();

        follow(browser.driver.findElement(By.linkText("Bookings")));
        assertEquals("Bookings", browser.h1());
        wide.add(sideways() > 0 ? "/console/bookings" : null);
        // the set chosen by typing its name into the focused select; the form offers the next hour, 08:00–09:00 UTC
        browser.driver.findElement(By.id("setId")).sendKeys(setName);
        WebElement staff = browser.driver.findElement(By.id("staffId"));
        staff.sendKeys(teacher[1], Keys.ENTER);
        browser.waitUntilGone(staff);
        assertTrue(browser.text().contains("Booked."), browser.text());
        assertTrue(browser.text().contains("2026-03-02 08:00 UTC"), browser.text());
        wide.add(sideways() > 0 ? "booking" : null);

        follow(browser.driver.findElement(By.linkText(setName)));
        assertTrue(browser.h1().startsWith(setName + " · week of Mon 2 Mar 2026"), browser.h1());
        String monday = browser.driver.findElement(By.cssSelector("#calendar tbody tr")).getText();
        assertTrue(monday.contains("08:00–09:00") && monday.contains("Nia Osei") && monday.contains("whole set (3)")
                && monday.contains("booked"), monday);
        wide.add(sideways() > 0 ? "week view" : null);

        follow(browser.driver.findElement(By.linkText("whole set (3)")));
        WebElement condition = browser.driver.findElement(By.id("conditionOut"));
        condition.sendKeys("all charged", Keys.ENTER);
        browser.waitUntilGone(condition);
        assertTrue(browser.text().contains("Collected"), browser.text());
        assertEquals(3, browser.driver.findElements(By.cssSelector("main a[href^='/console/loans/']")).size());

        // the borrower, on their own device: no console session, only the link from the e-mail
        String path = Mailbox.link(Mailbox.bodies(smtp, "nia.osei@hillside.example", 1).get(0));
        browser.driver.manage().deleteAllCookies();
        browser.open(path);
        assertEquals("Acknowledge your loan", browser.h1());
        for (String tag : kit.members(set)) {
            assertTrue(browser.text().contains(tag), tag);
        }
        assertTrue(browser.driver.findElement(By.id("terms")).getText().contains("property of the school"));
        wide.add(sideways() > 0 ? "acknowledgement page" : null);
        WebElement typed = browser.driver.findElement(By.id("typedName"));
        typed.sendKeys("Nia Osei", Keys.ENTER);
        browser.waitUntilGone(typed);
        assertEquals("Acknowledged", browser.h1());
        assertTrue(browser.text().contains("Thank you, Nia Osei"), browser.text());
        browser.screenshot("booking-acknowledged");
        assertEquals(3, kit.count("SELECT COUNT(*) FROM loans WHERE ack_name = 'Nia Osei'"));

        wide.removeIf(java.util.Objects::isNull);
        assertEquals(List.of(), wide, "pages scrolling sideways at 768 px");
    }
}
