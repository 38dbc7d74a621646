package io.rollcall.collector.sso;

import java.util.Map;

/**
 * What a member of staff can do about each finding on their own laptop, in plain words, with the line of the
 * school's policy it comes from (the default clauses of {@code policies/README.md}; the finding's own
 * {@code policyRef} names the clause the school set). Written for the person at the keyboard, not a technician:
 * where only IT can fix something, it says so.
 */
public final class StaffAdvice {
    /** What to tell a member of staff about one rule. */
    public record Advice(String title, String whatToDo, String policySays) {
    }

    private static final String SCREEN_LOCK = "set up a password-protected screen saver to prevent unauthorised "
            + "access, and log off when the laptop is left unattended";
    private static final String UPDATES = "a laptop used for school must be fully protected against virus infection";

    private static final Map<String, Advice> BY_RULE = Map.ofEntries(
            Map.entry("screenlock.disabled", new Advice("The screen does not lock by itself",
                    "Turn on the automatic screen lock: Windows: Settings › Accounts › Sign-in options, set "
                            + "\"If you've been away\" to \"When PC wakes up from sleep\" and a short screen timeout; "
                            + "Mac: System Settings › Lock Screen, \"Require password\" immediately.", SCREEN_LOCK)),
            Map.entry("screenlock.idle-too-long", new Advice("The screen waits too long before locking",
                    "Shorten the time before the screen turns off or the screen saver starts (Windows: Settings › "
                            + "System › Power; Mac: System Settings › Lock Screen) to the school's limit or less.",
                    SCREEN_LOCK)),
            Map.entry("screenlock.no-password", new Advice("Waking the screen needs no password",
                    "Make the screen saver or sleep ask for your password when it ends (Windows: Sign-in options; "
                            + "Mac: Lock Screen › Require password).", SCREEN_LOCK)),
            Map.entry("accounts.no-password", new Advice("An account on this laptop has no password",
                    "Set a strong password on your account now (Windows: Settings › Accounts › Sign-in options › "
                            + "Password; Mac: System Settings › Users & Groups). Ask IT about any other account.",
                    "use a strong password to protect the school laptop, and keep passwords private")),
            Map.entry("accounts.no-separate-account", new Advice("There is no separate account for school work",
                    "Ask IT to set up a separate account, so that school work and anything personal stay apart.",
                    "if your school laptop is used outside school for non-school activities then set up a "
                            + "different user account")),
            Map.entry("accounts.daily-admin", new Advice("You use an administrator account every day",
                    "Ask IT for an everyday account without administrator rights; keep the administrator account "
                            + "for installing things IT has approved.",
                    "administrative privileges are restricted; no installing software unless authorised")),
            Map.entry("accounts.hidden-admin", new Advice("There is an administrator account you may not know about",
                    "Tell IT: they will check whether it should be there.",
                    "administrative privileges are restricted")),
            Map.entry("accounts.guest-enabled", new Advice("The guest account is switched on",
                    "Ask IT to switch the guest account off, so no one can use the laptop without a password.",
                    "use a strong password to protect the school laptop")),
            Map.entry("security.unencrypted", new Advice("The disk is not encrypted",
                    "Bring the laptop to IT to switch on encryption (BitLocker or FileVault); until then keep no "
                            + "personal data about pupils or staff on it.",
                    "personal data must not be on portable devices unless those devices are encrypted by the school")),
            Map.entry("security.no-antivirus", new Advice("Virus protection is off or missing",
                    "Check that Windows Security (or the school's antivirus) is on; if you cannot turn it on, "
                            + "tell IT the same day.", UPDATES)),
            Map.entry("security.firewall-off", new Advice("The firewall is off",
                    "Turn the firewall back on (Windows: Windows Security › Firewall; Mac: System Settings › "
                            + "Network › Firewall), or tell IT if it will not stay on.", UPDATES)),
            Map.entry("security.updates-overdue", new Advice("Updates have not been installed for too long",
                    "Install the waiting updates and restart: Windows Update, or Mac: System Settings › General › "
                            + "Software Update. Leave the laptop plugged in and switched on at the end of the day.",
                    UPDATES)),
            Map.entry("security.os-unsupported", new Advice("The operating system no longer gets security fixes",
                    "Bring the laptop to IT: it needs an upgrade, or replacing if it cannot run a supported version.",
                    UPDATES)),
            Map.entry("software.unapproved", new Advice("Software that IT has not approved is installed",
                    "If you installed it and do not need it, uninstall it; if you need it for work, ask IT to "
                            + "approve it.", "not download any unapproved software; any new software must be "
                            + "installed by an approved school technician")),
            Map.entry("software.banned", new Advice("Software the school does not allow is installed",
                    "Uninstall it (games for personal use, gambling, peer-to-peer file sharing), or ask IT if you "
                            + "believe it is needed for work.", "gambling, games for personal use and peer-to-peer "
                            + "file sharing are not allowed unless authorised")),
            Map.entry("software.unlicensed", new Advice("Software without a school licence is installed",
                    "Ask IT whether the school holds a licence for it; if not, uninstall it.",
                    "no software in violation of any licence governing the use of software")),
            Map.entry("media.unapproved", new Advice("A USB drive or disk the school has not approved was connected",
                    "Stop using that drive for school data and bring it to IT to be approved, or use an approved one.",
                    "no USB drives, portable hard drives or personal laptops on the network without having them "
                            + "approved by the school")),
            Map.entry("device.stale", new Advice("The laptop has not checked in for a while",
                    "Switch the laptop on and connect it to the internet for a few minutes; if it has been lost or "
                            + "stolen, report it to the school office straight away.",
                    "report any loss of school equipment; loaned equipment remains the property of the school")));

    private StaffAdvice() {
    }

    /** Advice for {@code rule}; a rule without its own gets a plain "ask IT" with the rule id. */
    public static Advice forRule(String rule) {
        Advice a = BY_RULE.get(rule);
        return a != null ? a : new Advice("A check (" + rule + ") did not pass",
                "Ask IT what this means for your laptop.", null);
    }

    /** Whether every rule id given has its own advice (the test walks the engine's rules). */
    public static boolean covers(String rule) {
        return BY_RULE.containsKey(rule);
    }
}
