package io.rollcall.collector.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.rollcall.collector.findings.Catalogue;
import io.rollcall.collector.findings.Rule;
import io.rollcall.collector.findings.RuleEngine;
import io.rollcall.collector.http.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaffAdviceTest {
    @Test
    void everyRuleTheEngineRunsHasPlainAdviceAndAPolicyLine() {
        for (Rule r : new RuleEngine(Catalogue.empty()).rules()) {
            assertEquals(true, StaffAdvice.covers(r.id()), "advice for " + r.id());
            StaffAdvice.Advice a = StaffAdvice.forRule(r.id());
            assertFalse(a.whatToDo().isBlank(), r.id());
            assertNotNull(a.policySays(), r.id());
        }
        assertEquals("Ask IT what this means for your laptop.", StaffAdvice.forRule("made.up").whatToDo());
    }

    @Test
    void theFirstMatchingRuleGivesTheRoleAndDomainsIgnoreCase() {
        List<RoleRule> rules = List.of(new RoleRule("group", "it-team", Role.TECHNICIAN),
                new RoleRule("domain", "School.Test", Role.STAFF), new RoleRule("group", "slt", Role.SLT));
        assertEquals(Role.TECHNICIAN, RoleRule.first(rules, "a@school.test", List.of("slt", "it-team")));
        assertEquals(Role.STAFF, RoleRule.first(rules, "a@SCHOOL.test", List.of("slt")), "domain rule comes first");
        assertEquals(Role.SLT, RoleRule.first(rules, "a@other.test", List.of("slt")));
        assertEquals(null, RoleRule.first(rules, "a@school.test.evil.example", List.of()));
        assertEquals(null, RoleRule.first(rules, "school.test@evil.example", List.of()));
    }
}
