package io.rollcall.collector.console;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium driven through the system chromedriver ({@code .ci/run} installs both).
 * One browser per test class. The collector's certificate is issued by its own test CA, so only
 * here, in tests, Chromium is told to accept it.
 */
final class Browser implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    final WebDriver driver;
    private final String base;

    Browser(String baseUrl) {
        this.base = baseUrl;
        ChromeOptions o = new ChromeOptions();
        o.setBinary(new File("/usr/bin/chromium"));
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--ignore-certificate-errors", "--window-size=1280,800", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, o);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    void open(String path) {
        driver.get(base + path);
    }

    String path() {
        return java.net.URI.create(driver.getCurrentUrl()).getPath();
    }

    String h1() {
        return driver.findElement(By.tagName("h1")).getText();
    }

    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    void signIn(String username, String password) {
        driver.manage().deleteAllCookies();
        open("/console/login");
        WebElement form = driver.findElement(By.cssSelector("main form"));
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        waitUntilGone(form);
    }

    void signOut() {
        WebElement button = driver.findElement(By.cssSelector("form.logout button"));
        button.click();
        waitUntilGone(button);
    }

    /** Submits the form {@code field} belongs to and waits for the next page. */
    void submit(WebElement field) {
        field.submit();
        waitUntilGone(field);
    }

    /** Waits for the page holding {@code e} to be replaced (a form post and its redirect). */
    void waitUntilGone(WebElement e) {
        // mid-navigation Chromium may answer "node does not belong to the document" rather than "stale": ask again
        new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(org.openqa.selenium.WebDriverException.class)
                .until(ExpectedConditions.stalenessOf(e));
    }

    void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        File f = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
