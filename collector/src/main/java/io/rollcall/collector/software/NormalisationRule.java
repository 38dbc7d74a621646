package io.rollcall.collector.software;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.rollcall.collector.findings.SoftwareTitle;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import java.util.ArrayList;
import java.util.List;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * One normalisation rule: raw installs whose name matches {@code match} (and publisher, source and version
 * range, when given) are the title {@code title}. Patterns are case-insensitive and unanchored unless they
 * anchor themselves. They are RE2 syntax, compiled by RE2/J, because they run against names a device chose:
 * RE2/J matches in time linear in the name, so no rule and name can hold a report (java.util.regex can take
 * exponential time on {@code (.*a){12}$}). RE2 has no backreferences or lookaround; such a rule is refused.
 *
 * @param id         stable rule id; a school rule with a shipped rule's id replaces it
 * @param title      the title's name, e.g. "Google Chrome"
 * @param titleId    the title's id; defaults to the slug of {@code title}
 * @param category   e.g. browser, office, game, gambling, peer-to-peer, remote-access, system
 * @param match      regular expression over the raw name
 * @param publisher  regular expression over the publisher; {@code null} matches any
 * @param source     the package source (registry, dpkg, …); {@code null} matches any
 * @param minVersion lowest version matched (inclusive); {@code null} for no lower bound
 * @param maxVersion first version not matched (exclusive); {@code null} for no upper bound
 * @param priority   a tie-breaker a school can raise above specificity; 0 by default
 */
public record NormalisationRule(String id, String title, String titleId, String category, String match,
                                String publisher, SoftwareSource source, String minVersion, String maxVersion,
                                Integer priority) {
    public static final int MAX_PATTERN_LENGTH = 500;

    public NormalisationRule {
        titleId = titleId == null || titleId.isBlank() ? (title == null ? null : SoftwareTitle.slug(title)) : titleId;
        priority = priority == null ? 0 : priority;
    }

    /** What is wrong with this rule as a school's rule, one message per problem naming the field; empty when usable. */
    public List<String> problems(String prefix) {
        return problems(prefix, MAX_PATTERN_LENGTH);
    }

    /** As {@link #problems(String)}, allowing patterns up to {@code maxPattern} characters (the shipped dictionary). */
    public List<String> problems(String prefix, int maxPattern) {
        List<String> p = new ArrayList<>();
        if (id == null || id.isBlank() || id.length() > 120) {
            p.add(prefix + "id must be 1-120 characters");
        }
        if (title == null || title.isBlank() || title.length() > 256) {
            p.add(prefix + "title must be 1-256 characters");
        }
        if (titleId != null && !titleId.matches("[a-z0-9][a-z0-9-]{0,159}")) {
            p.add(prefix + "titleId must be lower-case letters, digits and hyphens, at most 160");
        }
        if (category != null && !category.matches("[a-z][a-z-]{0,63}")) {
            p.add(prefix + "category must be lower-case letters and hyphens, at most 64");
        }
        checkPattern(p, prefix + "match", match, true, maxPattern);
        checkPattern(p, prefix + "publisher", publisher, false, maxPattern);
        return p;
    }

    private static void checkPattern(List<String> p, String field, String regex, boolean required, int max) {
        if (regex == null || regex.isBlank()) {
            if (required) {
                p.add(field + " is required");
            }
            return;
        }
        if (regex.length() > max) {
            p.add(field + " is " + regex.length() + " characters, the limit is " + max);
            return;
        }
        String why = syntaxProblem(regex);
        if (why != null) {
            p.add(field + " is not a valid RE2 regular expression (no backreferences or lookaround): " + why);
        }
    }

    /** Why RE2/J refuses {@code regex}; {@code null} when it compiles. */
    static String syntaxProblem(String regex) {
        try {
            Pattern.compile(regex);
            return null;
        } catch (PatternSyntaxException e) {
            return e.getDescription() + ": " + e.getPattern();
        }
    }

    /** How many optional conditions the rule sets: a rule that says more about an install is more specific. */
    @JsonIgnore
    public int conditions() {
        return (publisher != null ? 1 : 0) + (source != null ? 1 : 0)
                + (minVersion != null || maxVersion != null ? 1 : 0);
    }

    /**
     * Letters and digits in the shortest top-level alternative of the name pattern: a longer literal is a
     * narrower match, and a pattern is only as narrow as its widest alternative.
     */
    @JsonIgnore
    public int literalLength() {
        int best = Integer.MAX_VALUE;
        int n = 0;
        int depth = 0;
        boolean escaped = false;
        for (int i = 0; i < match.length(); i++) {
            char c = match.charAt(i);
            if (escaped) {
                escaped = false; // \d, \s, \. and the like are classes or punctuation, not letters of a name
                continue;
            }
            switch (c) {
                case '\\' -> escaped = true;
                case '(' , '[' -> depth++;
                case ')', ']' -> depth--;
                case '|' -> {
                    if (depth == 0) {
                        best = Math.min(best, n);
                        n = 0;
                    }
                }
                default -> {
                    if (Character.isLetterOrDigit(c)) {
                        n++;
                    }
                }
            }
        }
        return Math.min(best, n);
    }

    /** The rule compiled for matching; throws {@link PatternSyntaxException} when RE2/J refuses a pattern. */
    Compiled compile(boolean school) {
        return new Compiled(this, Pattern.compile(match, Pattern.CASE_INSENSITIVE),
                publisher == null ? null : Pattern.compile(publisher, Pattern.CASE_INSENSITIVE), school,
                anchoredPrefixes(match));
    }

    /**
     * One {@link #anchoredPrefix} per top-level alternative of {@code regex} ({@code ^Signal$|^signal-desktop$});
     * empty when any alternative has none, since that alternative may match anything.
     */
    static List<String> anchoredPrefixes(String regex) {
        List<String> out = new ArrayList<>();
        for (String alternative : topLevelAlternatives(regex)) {
            String p = anchoredPrefix(alternative);
            if (p.isEmpty()) {
                return List.of();
            }
            out.add(p);
        }
        return List.copyOf(out);
    }

    private static List<String> topLevelAlternatives(String regex) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                out.add(regex.substring(start, i));
                start = i + 1;
            }
        }
        out.add(regex.substring(start));
        return out;
    }

    /**
     * The ASCII text every match of {@code regex} must start with, when the pattern is anchored ({@code ^}) and
     * has no top-level alternative: the plain characters after {@code ^} up to the first operator, less a last
     * character that a following {@code ?}, {@code *} or {@code {} may leave out. Empty when there is none. Most
     * dictionary rules are {@code ^Vendor Product…}: comparing this prefix first spares RE2/J (linear, but about
     * three times slower than java.util.regex on these patterns) for the rules a name cannot match.
     */
    static String anchoredPrefix(String regex) {
        if (!regex.startsWith("^") || hasTopLevelAlternative(regex)) {
            return "";
        }
        StringBuilder prefix = new StringBuilder();
        for (int i = 1; i < regex.length(); i++) {
            char c = regex.charAt(i);
            char literal;
            if (c == '\\' && i + 1 < regex.length() && isEscapedPunctuation(regex.charAt(i + 1))) {
                literal = regex.charAt(++i);
            } else if (c < 128 && (Character.isLetterOrDigit(c) || " -_,:;'\"/&@#%=<>!~`".indexOf(c) >= 0)) {
                literal = c;
            } else {
                if ((c == '?' || c == '*' || c == '{') && prefix.length() > 0) {
                    prefix.setLength(prefix.length() - 1); // that character may be absent
                }
                break;
            }
            prefix.append(literal);
        }
        return prefix.toString();
    }

    private static boolean isEscapedPunctuation(char c) {
        return c < 128 && ".+*?()[]{}|^$\\/-".indexOf(c) >= 0;
    }

    private static boolean hasTopLevelAlternative(String regex) {
        return topLevelAlternatives(regex).size() > 1;
    }

    /**
     * @param namePrefixes {@link #anchoredPrefixes} of the name pattern: a name that starts with none of them
     *                     (ASCII, ignoring case) cannot match, and the pattern is not run; empty = always run it
     */
    record Compiled(NormalisationRule rule, Pattern name, Pattern publisher, boolean school,
                    List<String> namePrefixes) {
        /** False only when {@code name} certainly cannot match; a non-ASCII character leaves it to the pattern. */
        boolean mayMatchName(String name) {
            if (namePrefixes.isEmpty()) {
                return true;
            }
            for (String prefix : namePrefixes) {
                if (startsWith(name, prefix)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean startsWith(String name, String prefix) {
            if (name.length() < prefix.length()) {
                return false;
            }
            for (int i = 0; i < prefix.length(); i++) {
                char n = name.charAt(i);
                if (n >= 128) {
                    return true; // Unicode case folding (e.g. the Kelvin sign) is the pattern's to judge
                }
                char p = prefix.charAt(i);
                if (n != p && Character.toLowerCase(n) != Character.toLowerCase(p)) {
                    return false;
                }
            }
            return true;
        }

        boolean matches(SoftwareItem item) {
            NormalisationRule r = rule;
            if (r.source() != null && r.source() != item.source()) {
                return false;
            }
            if (publisher != null && (item.publisher() == null || !publisher.matcher(item.publisher()).find())) {
                return false;
            }
            if (r.minVersion() != null || r.maxVersion() != null) {
                String v = item.version();
                if (v == null || v.isBlank()) {
                    return false;
                }
                if (r.minVersion() != null && Versions.compare(v, r.minVersion()) < 0) {
                    return false;
                }
                if (r.maxVersion() != null && Versions.compare(v, r.maxVersion()) >= 0) {
                    return false;
                }
            }
            return mayMatchName(item.name()) && name.matcher(item.name()).find();
        }

        SoftwareTitle title() {
            return new SoftwareTitle(rule.titleId(), rule.title(), rule.category());
        }
    }
}
