package io.rollcall.collector.software;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.JsonBody;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import io.rollcall.common.wire.WireJson;
import java.io.IOException;
import java.util.List;

/**
 * Coverage-guided fuzzing of a school's normalisation rule ({@code POST /api/v1/software/rules}): the body read
 * strictly as {@link NormalisationRule} (through {@link JsonBody#read(JsonNode, Class)}, the same mapper and the
 * same 400s as the route's reader), checked with {@link NormalisationRule#problems}, and — when it passes — compiled
 * into a {@link Normaliser} and matched against installs, which is what every later report does with it. The
 * contract: a 400 with a detail, or a rule that compiles and matches without throwing. Inputs:
 * {@code src/test/resources/io/rollcall/collector/software/NormalisationRuleFuzzTestInputs/addRule/}.
 */
class NormalisationRuleFuzzTest {
    private static final List<SoftwareItem> INSTALLS = List.of(
            new SoftwareItem("Zorbix Arcade 2.1", "2.1.0.44", "Zorbix Ltd", null, SoftwareSource.REGISTRY, null),
            new SoftwareItem("Mozilla Firefox (x64 en-GB)", "128.0.3", "Mozilla", null, SoftwareSource.REGISTRY, null),
            new SoftwareItem("libreoffice-writer", "4:7.4.7-1+deb12u5", "Debian", null, SoftwareSource.DPKG, null),
            new SoftwareItem("Steam", "", null, null, SoftwareSource.APP_BUNDLE, null));

    @FuzzTest
    void addRule(byte[] body) {
        NormalisationRule rule;
        try {
            JsonNode tree = WireJson.mapper().readTree(body);
            if (tree == null || tree.isMissingNode()) {
                return; // an empty body: JsonBody answers 400 before reading
            }
            rule = JsonBody.read(tree, NormalisationRule.class);
        } catch (IOException e) {
            return; // 400 "body: not valid JSON"
        } catch (ApiException e) {
            assertEquals(400, e.status(), e.getMessage());
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a 400 without a detail");
            return;
        }
        List<String> problems = rule.problems("");
        if (!problems.isEmpty()) {
            problems.forEach(p -> assertFalse(p.isBlank(), "a blank problem"));
            return;
        }
        Normaliser n = new Normaliser(List.of(), List.of(rule));
        for (SoftwareItem item : INSTALLS) {
            assertNotNull(n.titleOf(item));
        }
    }
}
