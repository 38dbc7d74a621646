package io.rollcall.agent.probe.screenlock;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.windows.PowerCapabilities;
import io.rollcall.agent.os.windows.Registry;
import io.rollcall.common.report.Tri;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether display-off enters Modern Standby (S0 low power idle), which decides whether the power plan locks the
 * session at display-off or only at sleep. Asked in this order, first answer wins:
 * <ol>
 *   <li>the kernel: {@code CallNtPowerInformation(SystemPowerCapabilities)}, {@code SYSTEM_POWER_CAPABILITIES.AoAc}
 *       (learn.microsoft.com win32/api/winnt/ns-winnt-system_power_capabilities). It is what this boot runs, so an
 *       override written since the last restart does not mislead it, and it is language-independent;</li>
 *   <li>{@code %SystemRoot%\System32\powercfg.exe /a}, should the call fail: the lists of available and not
 *       available sleep states, parsed by {@link #parsePowercfg};</li>
 *   <li>{@code CsEnabled} / {@code PlatformAoAcOverride} under {@code HKLM\SYSTEM\CurrentControlSet\Control\Power},
 *       which Windows 10 2004 and later no longer write on most machines, so they rarely answer.</li>
 * </ol>
 * No answer: unknown with the reasons, and the caller falls back to the sleep timeout (an upper bound on either
 * kind of machine).
 */
final class WindowsStandby {
    static final String POWER = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Power";
    /** {@code powercfg /a} answers in well under a second; the margin is for a machine busy at boot. */
    static final Duration POWERCFG_TIMEOUT = Duration.ofSeconds(15);
    /** The ACPI state name, which localised Windows keeps untranslated inside the translated line. */
    private static final Pattern S0 = Pattern.compile("\\bS0\\b");
    private static final int TAB = 8;
    static final int MAX_FAILURE = 300;

    /**
     * @param modernStandby YES: display-off enters Modern Standby; NO: S3 or no standby; UNKNOWN: no source answered
     * @param source        which source answered; {@code null} when none did
     * @param reason        when UNKNOWN, what each source said, for the technician; {@code null} otherwise
     */
    record Standby(Tri modernStandby, String source, String reason) {
    }

    private WindowsStandby() {
    }

    /** The absolute path of powercfg.exe under {@code systemRoot} (%SystemRoot%), {@code C:\Windows} when unset. */
    static String powercfg(String systemRoot) {
        String root = systemRoot == null || systemRoot.isBlank() || !systemRoot.matches("(?i)[a-z]:\\\\.*")
                ? "C:\\Windows" : systemRoot.strip();
        return root.replaceAll("\\\\+$", "") + "\\System32\\powercfg.exe";
    }

    static Standby detect(PowerCapabilities kernel, CommandRunner commands, String powercfg, Registry registry) {
        List<String> failures = new ArrayList<>();
        PowerCapabilities.AoAc aoAc = kernel.aoAc();
        if (aoAc.modernStandby() != Tri.UNKNOWN) {
            return new Standby(aoAc.modernStandby(), "SYSTEM_POWER_CAPABILITIES.AoAc", null);
        }
        failures.add(brief(aoAc.failure() != null ? aoAc.failure() : "the kernel gave no answer"));
        String name = powercfg.substring(powercfg.lastIndexOf('\\') + 1) + " /a"; // a Windows path on any host
        CommandResult r = commands.run(List.of(powercfg, "/a"), POWERCFG_TIMEOUT);
        if (r.ok()) {
            Tri parsed = parsePowercfg(r.stdout());
            if (parsed != Tri.UNKNOWN) {
                return new Standby(parsed, name, null);
            }
            failures.add(name + " printed no list of sleep states that could be read");
        } else {
            failures.add(brief(r.failure() != null ? r.failure() : name + " exited with code " + r.exitCode()));
        }
        Tri fromRegistry = fromRegistry(registry);
        if (fromRegistry != Tri.UNKNOWN) {
            return new Standby(fromRegistry, POWER + " CsEnabled/PlatformAoAcOverride", null);
        }
        failures.add("neither CsEnabled nor PlatformAoAcOverride is set under " + POWER);
        return new Standby(Tri.UNKNOWN, null, "whether this machine uses Modern Standby could not be told ("
                + String.join("; ", failures) + "), so the sleep timeout is taken as the lock time: the session is "
                + "locked by then at the latest, and may lock earlier, when the display turns off");
    }

    /**
     * The first line of a failure, cut to {@link #MAX_FAILURE} characters: a linker or process error can run to
     * kilobytes, and the whole reason must stay within the report's text limit (2048).
     */
    static String brief(String failure) {
        String line = failure.strip().lines().findFirst().orElse("");
        return line.length() <= MAX_FAILURE ? line : line.substring(0, MAX_FAILURE - 1) + "…";
    }

    /** {@code PlatformAoAcOverride=0} switches Modern Standby off; {@code CsEnabled} says which is in use. */
    static Tri fromRegistry(Registry registry) {
        Optional<Long> override = registry.number(POWER, "PlatformAoAcOverride");
        if (override.isPresent() && override.get() == 0) {
            return Tri.NO;
        }
        return registry.number(POWER, "CsEnabled").map(v -> Tri.of(v == 1)).orElse(Tri.UNKNOWN);
    }

    private enum Kind { AVAILABLE, NOT_AVAILABLE, UNCLEAR }

    /** One state line and the indented reason lines under it. */
    private record Entry(String text, int reasons) {
    }

    private record Line(int indent, String text) {
    }

    private record Block(String heading, List<Entry> entries) {
        Kind kind() {
            String h = heading.toLowerCase(Locale.ROOT);
            if (h.contains("not available")) {
                return Kind.NOT_AVAILABLE;
            }
            if (h.contains("available")) {
                return Kind.AVAILABLE;
            }
            // A translated heading: only states that are NOT available carry reasons under them.
            if (entries.isEmpty()) {
                return Kind.UNCLEAR;
            }
            if (entries.stream().allMatch(e -> e.reasons() > 0)) {
                return Kind.NOT_AVAILABLE;
            }
            return entries.stream().noneMatch(e -> e.reasons() > 0) ? Kind.AVAILABLE : Kind.UNCLEAR;
        }

        boolean listsS0() {
            return entries.stream().anyMatch(e -> S0.matcher(e.text()).find());
        }
    }

    /**
     * Reads {@code powercfg /a}: unindented headings, each followed by its states one indentation level in, and
     * under a state that is not available the reasons, one level deeper (a tab or eight spaces). A reason line may
     * name S0 ("This standby state is disabled when S0 low power idle is supported"), so only state lines count.
     * The English headings are recognised by their words; a translated heading by its shape (every state of the
     * not-available list has a reason, no state of the available list has one), and the ACPI name S0 stays
     * untranslated (a real zh-CN capture shows both). The available list decides when found, since S0 can be in
     * both lists: "Network Disconnected" available while "Network Connected" is disabled by policy. YES when an
     * available state is S0, NO when the available list was found without S0 or S0 is listed only as not
     * available, UNKNOWN when neither list can be told.
     */
    static Tri parsePowercfg(List<String> lines) {
        List<Block> blocks = blocks(lines);
        Optional<Block> available = blocks.stream().filter(b -> b.kind() == Kind.AVAILABLE).findFirst();
        if (available.isPresent()) {
            return Tri.of(available.get().listsS0());
        }
        boolean s0NotAvailable = blocks.stream().anyMatch(b -> b.kind() == Kind.NOT_AVAILABLE && b.listsS0());
        return s0NotAvailable ? Tri.NO : Tri.UNKNOWN;
    }

    private static List<Block> blocks(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        List<Line> body = new ArrayList<>();
        String heading = null;
        for (String raw : lines) {
            // NULs: UTF-16 output read as bytes, should a Windows build write it to a pipe; the ASCII parts survive.
            String line = raw.replace("\uFEFF", "").replace("\u0000", "").replace("\r", "");
            if (line.isBlank()) {
                continue;
            }
            if (indent(line) == 0) {
                if (heading != null) {
                    blocks.add(block(heading, body));
                }
                heading = line.strip();
                body = new ArrayList<>();
            } else if (heading != null) {
                body.add(new Line(indent(line), line.strip()));
            }
        }
        if (heading != null) {
            blocks.add(block(heading, body));
        }
        return blocks;
    }

    private static Block block(String heading, List<Line> body) {
        int level = body.stream().mapToInt(Line::indent).min().orElse(0);
        List<Entry> entries = new ArrayList<>();
        for (Line l : body) {
            if (l.indent() == level) {
                entries.add(new Entry(l.text(), 0));
            } else if (!entries.isEmpty()) {
                Entry last = entries.remove(entries.size() - 1);
                entries.add(new Entry(last.text(), last.reasons() + 1));
            }
        }
        return new Block(heading, entries);
    }

    private static int indent(String line) {
        int column = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\t') {
                column = (column / TAB + 1) * TAB;
            } else if (c == ' ') {
                column++;
            } else {
                return column;
            }
        }
        return column;
    }
}
