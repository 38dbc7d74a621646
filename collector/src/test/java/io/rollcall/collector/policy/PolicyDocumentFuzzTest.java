package io.rollcall.collector.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.findings.Policy;
import io.rollcall.collector.findings.RuleEngine;
import io.rollcall.collector.http.ApiException;
import io.rollcall.common.wire.WireJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of the {@code PUT /api/v1/policy} body, read as {@link PolicyHandlers#put} reads it: the
 * JSON tree ({@code JsonBody.object}), {@link PolicyDocument#read}, then the rule engine's checks. The contract: a
 * policy with a list of problems (each naming its field), or an {@link ApiException} with a 400 and a detail;
 * anything else would reach the failure handler as a 500. Inputs:
 * {@code src/test/resources/io/rollcall/collector/policy/PolicyDocumentFuzzTestInputs/read/}.
 */
class PolicyDocumentFuzzTest {
    private static final RuleEngine ENGINE = RuleEngine.defaults();

    @FuzzTest
    void read(byte[] body) {
        JsonNode tree;
        try {
            tree = WireJson.mapper().readTree(body);
        } catch (IOException e) {
            return; // JsonBody.object answers 400 "body: is not valid JSON"
        }
        List<String> problems = new ArrayList<>();
        try {
            Policy p = PolicyDocument.read(tree, problems);
            assertNotNull(p);
            problems.addAll(ENGINE.problems(p));
            if (problems.isEmpty()) {
                PolicyDocument.render(p); // what the GET after a successful PUT shows
            }
        } catch (ApiException e) {
            assertEquals(400, e.status(), e.getMessage());
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a 400 without a detail");
            return;
        }
        for (String problem : problems) {
            assertFalse(problem == null || problem.isBlank(), "a blank problem");
        }
    }
}
