package io.rollcall.collector.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.enroll.EnrollResponse;
import io.rollcall.common.sample.SampleReports;
import io.rollcall.common.wire.ReportCodec;
import io.rollcall.common.wire.WireJson;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * Every role's pages in headless Chromium at 1280×800 and at tablet size (820×1180), with real records:
 * none scrolls sideways (wide tables scroll inside their own box), and every input, select and text
 * area has a label tied to it ({@code label[for=id]}) or an {@code aria-label}/{@code aria-labelledby}.
 */
class ConsoleLayoutBrowserTest {
    static final List<Dimension> SIZES = List.of(new Dimension(1280, 800), new Dimension(820, 1180));
    /** The controls on the page that no label names, as short markup. */
    private static final String UNLABELLED = """
            const bad = [];
            for (const el of document.querySelectorAll('input, select, textarea')) {
              if (el.type === 'hidden') continue;
              const label = el.id && document.querySelector('label[for="' + CSS.escape(el.id) + '"]');
              const labelled = (label && label.textContent.trim().length > 0)
                || (el.getAttribute('aria-label') || '').trim().length > 0
                || (el.getAttribute('aria-labelledby') || '').split(/\\s+/).some(
                     id => id && document.getElementById(id) && document.getElementById(id).textContent.trim());
              if (!labelled) bad.push(el.outerHTML.substring(0, 160));
            }
            return bad;""";
    @TempDir
    static Path dir;
    static TestCollector tc;
    static Browser browser;
    static final Map<String, String> PASSWORDS = new LinkedHashMap<>();
    static final Map<String, List<String>> EXTRA = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        tc = new TestCollector(dir).start(0);
        for (String role : new String[] {"admin", "technician", "business-manager", "slt"}) {
            String password = TestCollector.randomToken("pw-");
            tc.createUser(role.replace("-", "") + ".layout", role, password);
            PASSWORDS.put(role, password);
        }
        EnrollResponse device = tc.enroll(UUID.randomUUID().toString());
        assertEquals(202, tc.postReport(device, ReportCodec.toJson(SampleReports.full(device.deviceId(), 7, 60, Instant.now())),
                false).statusCode());
        String title = WireJson.mapper().readTree(tc.adminGet("/api/v1/software/review").body()).get("items").get(0)
                .get("id").asText();
        String tag = "LAY-" + UUID.randomUUID().toString().substring(0, 6);
        assertEquals(201, tc.admin("POST", "/api/v1/assets", "{\"tag\":\"" + tag + "\",\"type\":\"laptop\",\"make\":\"Lenovo\","
                + "\"model\":\"ThinkPad T14 Gen 4 with a long model name\",\"serial\":\"PF-0123456789ABCDEF\"}").statusCode());
        String person = WireJson.mapper().readTree(tc.admin("POST", "/api/v1/people", "{\"staffId\":\"LAY1\","
                + "\"name\":\"Maximiliana Featherstonehaugh-Cholmondeley\",\"email\":\"m.featherstonehaugh@school.example\"}")
                .body()).get("id").asText();
        var loan = tc.admin("POST", "/api/v1/loans", "{\"assetTag\":\"" + tag + "\",\"personId\":\"" + person
                + "\",\"dueAt\":\"2099-01-31T17:00:00Z\",\"conditionOut\":\"good, charger included\"}");
        assertEquals(201, loan.statusCode(), loan.body());
        String loanId = WireJson.mapper().readTree(loan.body()).get("id").asText();
        List<String> tech = List.of("/console/devices/" + device.deviceId(), "/console/software/" + title,
                "/console/licences/new", "/console/review", "/console/software");
        List<String> business = List.of("/console/assets/" + tag, "/console/assets/new", "/console/loans/new",
                "/console/loans/" + loanId, "/console/loans?view=leavers", "/console/staff");
        List<String> admin = new ArrayList<>(tech);
        admin.addAll(business);
        EXTRA.put("admin", admin);
        EXTRA.put("technician", tech);
        EXTRA.put("business-manager", business);
        EXTRA.put("slt", List.of());
        browser = new Browser(tc.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        tc.close();
    }

    /** The role's navigation targets and its detail pages, signed in as that role. */
    private static Set<String> pagesOf(String role) {
        browser.signIn(role.replace("-", "") + ".layout", PASSWORDS.get(role));
        Set<String> paths = new LinkedHashSet<>();
        paths.add(browser.path());
        for (WebElement a : browser.driver.findElements(By.cssSelector("nav[aria-label=Main] a"))) {
            paths.add(java.net.URI.create(a.getAttribute("href")).getPath());
        }
        paths.addAll(EXTRA.get(role));
        return paths;
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) browser.driver).executeScript(script);
    }

    @Test
    void noMainPageOfAnyRoleScrollsSidewaysOnALaptopOrATablet() {
        List<String> wide = new ArrayList<>();
        int checked = 0;
        try {
            for (String role : PASSWORDS.keySet()) {
                Set<String> paths = pagesOf(role);
                for (Dimension size : SIZES) {
                    browser.driver.manage().window().setSize(size);
                    for (String path : paths) {
                        browser.open(path);
                        assertTrue(!browser.h1().equals("Not available to your role"), path + " as " + role);
                        Object over = js("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                        if (((Number) over).longValue() > 0) {
                            wide.add(role + " " + path + " at " + size.width + "×" + size.height + ": " + over + " px too wide");
                        }
                        checked++;
                    }
                }
            }
        } finally {
            browser.driver.manage().window().setSize(SIZES.get(0));
        }
        assertEquals(List.of(), wide);
        assertTrue(checked > 30, "pages checked: " + checked);
    }

    @Test
    void everyFormControlOnEveryPageHasALabel() {
        Map<String, Object> unlabelled = new LinkedHashMap<>();
        browser.driver.manage().deleteAllCookies();
        browser.open("/console/login");
        Object login = js(UNLABELLED);
        if (!((List<?>) login).isEmpty()) {
            unlabelled.put("/console/login", login);
        }
        int controls = 0;
        for (String role : PASSWORDS.keySet()) {
            for (String path : pagesOf(role)) {
                browser.open(path);
                Object bad = js(UNLABELLED);
                if (!((List<?>) bad).isEmpty()) {
                    unlabelled.put(role + " " + path, bad);
                }
                controls += ((Number) js("return document.querySelectorAll('input:not([type=hidden]), select, textarea')"
                        + ".length")).intValue();
            }
        }
        assertEquals(Map.of(), unlabelled);
        assertTrue(controls > 50, "controls checked: " + controls);
    }
}
