package io.rollcall.collector.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.sso.OidcFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A member of staff signs in from the console's sign-in page through a real OpenID provider's own login page
 * (mock-oauth2-server, interactive) and lands on "My device" with their laptop's findings and what to do.
 */
class SsoBrowserTest {
    @TempDir
    Path dir;

    @Test
    void staffSignInThroughTheProvidersLoginPageLandsOnMyDevice() throws Exception {
        try (OidcFixture f = new OidcFixture(dir, true); Browser b = new Browser(f.tc.baseUrl())) {
            String email = "robin.browser@" + OidcFixture.DOMAIN;
            f.lentLaptop("Robin Browser", email);
            f.lentLaptop("Someone Else", "someone.else@" + OidcFixture.DOMAIN);
            b.open("/console/my-device");
            assertEquals("/console/login", b.path());
            WebElement button = b.driver.findElement(By.linkText("Sign in with School"));
            button.click();
            // the provider's login page
            WebElement user = new WebDriverWait(b.driver, Duration.ofSeconds(20))
                    .until(d -> d.findElement(By.name("username")));
            user.sendKeys(email);
            WebElement claims = b.driver.findElement(By.name("claims"));
            claims.clear();
            claims.sendKeys("{\"email\": \"" + email + "\", \"name\": \"Robin Browser\"}");
            b.driver.findElement(By.cssSelector("input[type=submit]")).click();
            new WebDriverWait(b.driver, Duration.ofSeconds(20)).until(d -> "/console/my-device".equals(b.path())
                    && !d.findElements(By.tagName("h1")).isEmpty() && "My device".equals(b.h1()));
            String text = b.text();
            assertTrue(text.contains("What to do:"), text);
            assertTrue(text.contains(email + " · staff"), text);
            assertEquals(1, b.driver.findElements(By.cssSelector("section.device")).size());
            assertFalse(b.driver.getPageSource().contains("someone.else"));
            b.screenshot("my-device-staff");
            assertTrue(Files.size(Browser.SCREENSHOTS.resolve("my-device-staff.png")) > 1000);
        }
    }
}
