package io.rollcall.collector.findings.rules;

/** The default clauses cited by the rules, from {@code policies/README.md} (clause → check). */
final class PolicyRefs {
    static final String SCREEN_LOCK = "000 §5.9; 003 rules 9–10";
    static final String PASSWORD = "000 §5.9; 003 rules 7–8; 004 Passwords";
    static final String SEPARATE_ACCOUNT = "000 §5.6, §5.9; 001 §3";
    static final String NO_DAILY_ADMIN = "002 §4";
    static final String APPROVED_SOFTWARE = "003 rule 17; 002 §4";
    static final String LICENSED_SOFTWARE = "000 §5.6; 001 §3; 004 Prohibited 5";
    static final String BANNED_CATEGORIES = "000 §5.6; 001 §3; 002 §4, §8";
    static final String REMOVABLE_MEDIA = "003 rule 15";
    static final String ENCRYPTION = "004 Security; 003 rule 25";
    static final String VIRUS_FIREWALL = "000 §5.6; 001 §3; 002 §8";
    /**
     * A supported, patched OS: "fully protected against virus infection" (an unpatched OS is the commonest way in)
     * and the school's network-security duty; the 14-day limit itself is Cyber Essentials'.
     */
    static final String OS_UPDATES = "000 §5.6; 001 §3; 002 §8; 003 §5";
    /** A device that stops reporting can no longer be shown to meet any clause; loans and loss reporting. */
    static final String CHECKING_IN = "000 §5.10; 004 Duty to Report; 003 rule 24";

    private PolicyRefs() {
    }
}
