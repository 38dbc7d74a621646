package io.rollcall.collector.evidence;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pack's figures as sentences, written once for the PDF (and the tests that read it back): a governor reads
 * "Compliant: 2 of 4 devices (50%)", the same numbers the page and the API show.
 */
public final class PackText {
    private PackText() {
    }

    /** A line: heading level (0 body, 1 title, 2 section), indent in points, text. */
    public record Line(int heading, float indent, String text) {
    }

    public static String compliant(long compliant, long devices) {
        return "Compliant: " + compliant + " of " + devices + " devices (" + TermlyPack.percent(compliant, devices) + "%)";
    }

    public static String coverage(String what, TermlyPack.Coverage c) {
        return what + ": " + c.meeting() + " of " + c.reporting() + " devices reporting meet it; " + c.failing()
                + " do not; " + c.cannotVerify() + " cannot be verified";
    }

    public static String control(TermlyPack.ControlStatus c) {
        if (!c.evidenced()) {
            return "Not evidenced by device data: record the school's own evidence for this line.";
        }
        return "Meet it: " + c.meeting() + " of " + c.devices() + " devices; do not: " + c.failing().size()
                + "; cannot be verified: " + c.cannotVerify();
    }

    public static String failing(TermlyPack.Failing f) {
        return (f.hostname() == null ? f.deviceId().toString() : f.hostname())
                + " - user " + (f.user() == null ? "unknown" : f.user())
                + (f.borrower() == null ? "" : ", lent to " + f.borrower())
                + " - " + String.join(", ", f.rules())
                + " - since " + LocalDate.ofInstant(f.since(), ZoneOffset.UTC) + " (" + f.days() + " days)";
    }

    public static String point(String label, TermlyPack.Point p) {
        return label + (p.day() == null ? "" : " (" + p.day() + ")") + ": " + p.compliantPercent() + "% compliant, "
                + p.compliant() + " of " + p.devices() + " devices";
    }

    static List<Line> lines(TermlyPack.Pack p, String school) {
        List<Line> out = new ArrayList<>();
        out.add(new Line(1, 0, (school == null || school.isBlank() ? "" : school + ": ") + "devices and cyber security, "
                + p.term().name()));
        out.add(new Line(0, 0, "Term " + p.term().start() + " to " + p.term().end() + ". Figures as of "
                + p.generatedAt().toString().replace('T', ' ').replaceAll("\\.\\d+Z$", "Z")
                + (p.group() == null ? ", all devices." : ", group " + p.group() + ".")));
        out.add(new Line(2, 0, "Summary"));
        out.add(new Line(0, 0, compliant(p.summary().compliant(), p.summary().devices())));
        out.add(new Line(0, 0, "Not reporting: " + p.summary().stale() + " devices"));
        out.add(new Line(2, 0, "Trend since last term"));
        Map<String, TermlyPack.Point> t = p.trend();
        if (t.containsKey("previousTermEnd")) {
            out.add(new Line(0, 0, point("End of " + p.previousTerm().name(), t.get("previousTermEnd"))));
        } else {
            out.add(new Line(0, 0, "End of " + p.previousTerm().name() + ": no snapshot"
                    + (p.group() == null ? "" : " (snapshots are of the whole fleet)")));
        }
        if (t.containsKey("termStart")) {
            out.add(new Line(0, 0, point("Start of this term", t.get("termStart"))));
        }
        out.add(new Line(0, 0, point("Now", t.get("now"))));
        out.add(new Line(2, 0, "Coverage"));
        out.add(new Line(0, 0, coverage("Screen lock", p.coverage().get("screenLock"))));
        out.add(new Line(0, 0, coverage("Disk encryption", p.coverage().get("encryption"))));
        out.add(new Line(0, 0, coverage("Admin and daily accounts separate", p.coverage().get("accountSeparation"))));
        out.add(new Line(0, 0, "Daily account is an administrator: " + p.coverage().get("dailyAdmin").failing()
                + " devices"));
        out.add(new Line(2, 0, "Unsupported and unlicensed"));
        out.add(new Line(0, 0, "Unsupported operating systems: " + p.unsupported().get("operatingSystems") + " devices"));
        out.add(new Line(0, 0, "Security updates overdue: " + p.unsupported().get("updatesOverdue") + " devices"));
        out.add(new Line(0, 0, "Unlicensed software: " + p.unsupported().get("unlicensedSoftware") + " devices"));
        out.add(new Line(0, 0, String.valueOf(p.unsupported().get("unsupportedSoftwareNote"))));
        out.add(new Line(2, 0, "Leavers still holding kit: " + p.leaversHoldingKit().size()));
        for (PackQueries.LeaverHolding l : p.leaversHoldingKit()) {
            out.add(new Line(0, 12, l.name() + " (" + l.staffId() + ") - " + l.assetType() + " " + l.assetTag()
                    + " - out since " + LocalDate.ofInstant(l.outAt(), ZoneOffset.UTC)
                    + (l.leftOn() == null ? "" : ", left " + l.leftOn())));
        }
        String source = null;
        for (TermlyPack.ControlStatus c : p.controls()) {
            if (!c.source().equals(source)) {
                source = c.source();
                String s = source;
                out.add(new Line(2, 0, p.sources().stream().filter(x -> x.id().equals(s)).findFirst()
                        .map(x -> x.title() + " (" + x.edition() + ")").orElse(s)));
            }
            out.add(new Line(0, 0, c.name() + ". " + control(c)));
            for (TermlyPack.Failing f : c.failing()) {
                out.add(new Line(0, 12, failing(f)));
            }
        }
        out.add(new Line(2, 0, "Sources"));
        for (ControlCatalogue.Source s : p.sources()) {
            out.add(new Line(0, 0, s.publisher() + ", \"" + s.title() + "\", " + s.edition()
                    + (s.verified() ? "." : ". Not verified against the published text: " + s.note())));
        }
        return out;
    }
}
