package io.rollcall.agent.os.mac;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.dd.plist.NSDictionary;
import java.util.List;

/**
 * Coverage-guided fuzzing of property lists (XML, binary {@code bplist00}, old ASCII): app bundles' Info.plist,
 * package receipts and a user's own preferences are written by whoever installed the app or owns the account. The
 * contract of {@link Plist#dict} and {@link Plist#roots}: a dictionary (or the root dictionaries), or
 * {@link IllegalArgumentException} naming the problem, which {@link Plist#read} turns into "no plist"; the typed
 * lookups never throw. Inputs: {@code src/test/resources/io/rollcall/agent/os/mac/PlistFuzzTestInputs/parse/}.
 */
class PlistFuzzTest {

    @FuzzTest
    void parse(byte[] bytes) {
        if (bytes.length > Plist.MAX_BYTES) {
            return; // Plist.read never hands more to the parser
        }
        try {
            NSDictionary d = Plist.dict(bytes);
            assertNotNull(d);
            lookUpEverything(d, 0);
        } catch (IllegalArgumentException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a refusal without a reason");
        }
        try {
            List<NSDictionary> roots = Plist.roots(bytes);
            roots.forEach(r -> lookUpEverything(r, 0));
        } catch (IllegalArgumentException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a refusal without a reason");
        }
    }

    /** Every key through every typed lookup, as the probes do with the keys they know. */
    private static void lookUpEverything(NSDictionary d, int depth) {
        if (depth > 8) {
            return;
        }
        for (String key : d.allKeys()) {
            Plist.string(d, key);
            Plist.integer(d, key);
            Plist.bool(d, key);
            Plist.date(d, key);
            Plist.strings(d, key);
            for (NSDictionary c : Plist.dicts(d, key)) {
                lookUpEverything(c, depth + 1);
            }
            NSDictionary child = Plist.child(d, key);
            if (child != null) {
                lookUpEverything(child, depth + 1);
            }
        }
    }
}
