package io.rollcall.collector.software;

import com.fasterxml.jackson.core.type.TypeReference;
import io.rollcall.collector.findings.SoftwareTitle;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.wire.WireJson;
import com.google.re2j.PatternSyntaxException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns raw installs into titles. Every rule that matches an install is a candidate; the most specific wins:
 * highest priority, then most conditions (publisher, source, version range), then the longest literal name
 * pattern, then a school rule over a shipped one, then the smallest rule id, so the answer never depends on
 * rule order. An install no rule matches becomes {@link SoftwareTitle#fallback}. Immutable and thread-safe;
 * answers are cached because a fleet repeats the same few thousand strings.
 */
public final class Normaliser {
    /** The shipped dictionary, a classpath resource. */
    public static final String DICTIONARY = "/software/dictionary.json";
    private static final int CACHE_LIMIT = 200_000;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Normaliser.class);

    /** Most specific first. */
    static final Comparator<NormalisationRule.Compiled> SPECIFICITY = Comparator
            .comparingInt((NormalisationRule.Compiled c) -> -c.rule().priority())
            .thenComparingInt(c -> -c.rule().conditions())
            .thenComparingInt(c -> -c.rule().literalLength())
            .thenComparing(c -> !c.school())
            .thenComparing(c -> c.rule().id());

    private final List<NormalisationRule.Compiled> rules;
    private final List<String> skipped;
    private final Map<Key, SoftwareTitle> cache = new ConcurrentHashMap<>();

    private record Key(String name, String version, String publisher, Object source) {
    }

    /**
     * School rules replace shipped rules with the same id and add to the rest. A stored school rule RE2/J cannot
     * compile (one saved before rules were RE2, e.g. with a lookahead) is left out, logged and listed by
     * {@link #skipped()}, so the catalogue still loads; a shipped rule with the same id then stays in force.
     */
    public Normaliser(List<NormalisationRule> shipped, List<NormalisationRule> school) {
        Map<String, NormalisationRule.Compiled> byId = new LinkedHashMap<>();
        for (NormalisationRule r : shipped) {
            byId.put(r.id(), r.compile(false));
        }
        List<String> left = new ArrayList<>();
        for (NormalisationRule r : school) {
            try {
                byId.put(r.id(), r.compile(true));
            } catch (PatternSyntaxException e) {
                String why = "school rule " + r.id() + " is skipped: RE2/J cannot compile it ("
                        + e.getDescription() + "); save it again in RE2 syntax";
                LOG.warn(why);
                left.add(why);
            }
        }
        List<NormalisationRule.Compiled> sorted = new ArrayList<>(byId.values());
        sorted.sort(SPECIFICITY);
        this.rules = List.copyOf(sorted);
        this.skipped = List.copyOf(left);
    }

    /** One message per stored school rule left out because RE2/J cannot compile it; empty normally. */
    public List<String> skipped() {
        return skipped;
    }

    /** The shipped dictionary alone. */
    public static Normaliser shipped() {
        return new Normaliser(dictionary(), List.of());
    }

    /** The rules of the shipped dictionary. */
    public static List<NormalisationRule> dictionary() {
        try (InputStream in = Normaliser.class.getResourceAsStream(DICTIONARY)) {
            if (in == null) {
                throw new IllegalStateException("the software dictionary " + DICTIONARY + " is missing from the jar");
            }
            List<NormalisationRule> rules = WireJson.mapper().readValue(in, new TypeReference<>() {
            });
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < rules.size(); i++) {
                problems.addAll(rules.get(i).problems("dictionary[" + i + "].", 4000));
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("the software dictionary is broken: " + String.join("; ", problems));
            }
            return rules;
        } catch (IOException e) {
            throw new UncheckedIOException("the software dictionary is unreadable", e);
        }
    }

    /** The title {@code item} is an install of. */
    public SoftwareTitle titleOf(SoftwareItem item) {
        Key k = new Key(item.name(), item.version(), item.publisher(), item.source());
        SoftwareTitle t = cache.get(k);
        if (t == null) {
            t = compute(item);
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear(); // a crude bound; recomputing is only slower, never different
            }
            cache.put(k, t);
        }
        return t;
    }

    /** The id of the rule that decides {@code item}'s title; {@code null} when none matches. */
    public String ruleFor(SoftwareItem item) {
        for (NormalisationRule.Compiled c : rules) {
            if (c.matches(item)) {
                return c.rule().id();
            }
        }
        return null;
    }

    private SoftwareTitle compute(SoftwareItem item) {
        if (item.name() == null) {
            return SoftwareTitle.fallback(null);
        }
        for (NormalisationRule.Compiled c : rules) {
            if (c.matches(item)) {
                return c.title();
            }
        }
        return SoftwareTitle.fallback(item.name());
    }

    /** The category the rules give title {@code titleId}; {@code null} when no rule names it. */
    public String categoryOf(String titleId) {
        for (NormalisationRule.Compiled c : rules) {
            if (c.rule().titleId().equals(titleId)) {
                return c.rule().category();
            }
        }
        return null;
    }

    /** The title name the rules give {@code titleId}; {@code null} when no rule names it. */
    public String titleNameOf(String titleId) {
        for (NormalisationRule.Compiled c : rules) {
            if (c.rule().titleId().equals(titleId)) {
                return c.rule().title();
            }
        }
        return null;
    }

    public int size() {
        return rules.size();
    }
}
