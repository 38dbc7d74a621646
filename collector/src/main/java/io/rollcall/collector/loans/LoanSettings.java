package io.rollcall.collector.loans;

import io.rollcall.collector.CollectorConfig;
import java.util.Properties;

/**
 * How loans behave, from the collector's properties file.
 *
 * @param schoolName           printed on receipts and reminders ({@code school.name})
 * @param deviceSilentDays     a lent laptop or tablet whose agent has not reported for this many days is
 *                             flagged ({@code loans.device.silent.days}, default 3: stricter than device.stale)
 * @param dueSoonDays          "due soon" means due within this many days ({@code loans.due.soon.days}, default 7)
 * @param reminderPeriodHours  an overdue loan gets at most one reminder per period ({@code loans.reminder.period.hours}, default 24)
 * @param reminderCheckSeconds how often every node looks for overdue loans ({@code loans.reminder.check.seconds}, default 300)
 * @param mail                 the SMTP server reminders go through; reminders are off without one
 */
public record LoanSettings(String schoolName, int deviceSilentDays, int dueSoonDays, int reminderPeriodHours,
                           int reminderCheckSeconds, Mail mail) {
    /** The keys this record reads, for the config file's list of known settings. */
    public static final java.util.List<String> KEYS = java.util.List.of("school.name", "loans.device.silent.days",
            "loans.due.soon.days", "loans.reminder.period.hours", "loans.reminder.check.seconds", "smtp.host",
            "smtp.port", "smtp.user", "smtp.password", "smtp.from", "smtp.starttls");

    public LoanSettings {
        CollectorConfig.positive("loans.device.silent.days", deviceSilentDays);
        CollectorConfig.positive("loans.due.soon.days", dueSoonDays);
        CollectorConfig.positive("loans.reminder.period.hours", reminderPeriodHours);
        CollectorConfig.positive("loans.reminder.check.seconds", reminderCheckSeconds);
    }

    public static LoanSettings defaults() {
        return new LoanSettings("Rollcall school", 3, 7, 24, 300, Mail.NONE);
    }

    /**
     * SMTP settings. {@link #toString} never shows the password.
     *
     * @param host     {@code null}: no mail server, reminders are not sent
     * @param startTls require STARTTLS (default true); turn off only for a relay on the same host
     */
    public record Mail(String host, int port, String user, String password, String from, boolean startTls) {
        public static final Mail NONE = new Mail(null, 587, null, null, null, true);

        public boolean enabled() {
            return host != null && !host.isBlank();
        }

        @Override
        public String toString() {
            return "Mail[host=" + host + ", port=" + port + ", user=" + user + ", password="
                    + (password == null ? "none" : "***") + ", from=" + from + ", startTls=" + startTls + "]";
        }
    }

    public LoanSettings withSchoolName(String name) {
        return new LoanSettings(name, deviceSilentDays, dueSoonDays, reminderPeriodHours, reminderCheckSeconds, mail);
    }

    public LoanSettings withReminderCheckSeconds(int seconds) {
        return new LoanSettings(schoolName, deviceSilentDays, dueSoonDays, reminderPeriodHours, seconds, mail);
    }

    public LoanSettings withMail(Mail m) {
        return new LoanSettings(schoolName, deviceSilentDays, dueSoonDays, reminderPeriodHours, reminderCheckSeconds, m);
    }

    /** These settings with any of {@link #KEYS} present in {@code p} applied over them. */
    public LoanSettings with(Properties p) {
        Mail m = new Mail(p.getProperty("smtp.host", mail.host()), CollectorConfig.intProp(p, "smtp.port", mail.port()),
                p.getProperty("smtp.user", mail.user()), p.getProperty("smtp.password", mail.password()),
                p.getProperty("smtp.from", mail.from()),
                Boolean.parseBoolean(p.getProperty("smtp.starttls", String.valueOf(mail.startTls())).trim()));
        return new LoanSettings(p.getProperty("school.name", schoolName),
                CollectorConfig.intProp(p, "loans.device.silent.days", deviceSilentDays), CollectorConfig.intProp(p, "loans.due.soon.days", dueSoonDays),
                CollectorConfig.intProp(p, "loans.reminder.period.hours", reminderPeriodHours),
                CollectorConfig.intProp(p, "loans.reminder.check.seconds", reminderCheckSeconds), m);
    }
}
