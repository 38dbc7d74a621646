package io.rollcall.common.sample;

import io.rollcall.common.id.TimeOrderedUuid;
import io.rollcall.common.report.Account;
import io.rollcall.common.report.AccountKind;
import io.rollcall.common.report.AccountsSection;
import io.rollcall.common.report.HardwareInfo;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.report.OsInfo;
import io.rollcall.common.report.RemovableMedia;
import io.rollcall.common.report.Report;
import io.rollcall.common.report.ReportKind;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.ScreenLockSetting;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.SettingSource;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import io.rollcall.common.report.Tri;
import io.rollcall.common.wire.Hashes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Builds realistic synthetic reports for tests and the load generator: a Debian-like laptop with
 * the given number of packages whose names, versions and maintainers have the shape and entropy of
 * a real dpkg database, so sizes and compression ratios match real reports. Deterministic per seed.
 */
public final class SampleReports {
    private static final String[] STEMS = {"lib", "python3-", "gir1.2-", "fonts-", "gnome-", "x11-", "libreoffice-",
            "firmware-", "linux-", "node-", "ruby-", "perl-", "texlive-", "gstreamer1.0-", "libqt5", "kde-", "xserver-",
            "printer-driver-", "language-pack-", "hunspell-"};
    private static final String[] WORDS = {"core", "common", "data", "utils", "dev", "bin", "runtime", "plugins",
            "glib", "gtk", "ssl", "xml", "crypto", "sound", "video", "icons", "theme", "shell", "daemon", "tools",
            "base", "good", "bad", "ugly", "extra", "locale", "doc", "client", "server", "headers"};
    private static final String[] MAINTAINERS = {"Debian GNOME Maintainers <pkg-gnome-maintainers@lists.alioth.debian.org>",
            "Debian X Strike Force <debian-x@lists.debian.org>", "Debian Python Team <team+python@tracker.debian.org>",
            "Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>", "Debian Fonts Task Force <debian-fonts@lists.debian.org>",
            "Debian QA Group <packages@qa.debian.org>", "Debian Kernel Team <debian-kernel@lists.debian.org>",
            "Debian LibreOffice Maintainers <debian-openoffice@lists.debian.org>"};

    private SampleReports() {
    }

    /** {@code count} packages for a device; the same seed gives the same list. */
    public static List<SoftwareItem> software(long seed, int count, Instant now) {
        Random r = new Random(seed);
        List<SoftwareItem> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = STEMS[r.nextInt(STEMS.length)] + WORDS[r.nextInt(WORDS.length)]
                    + (r.nextBoolean() ? "-" + WORDS[r.nextInt(WORDS.length)] : "") + (r.nextInt(4) == 0 ? String.valueOf(r.nextInt(12)) : "")
                    + "-" + i;
            String version = r.nextInt(40) + "." + r.nextInt(30) + "." + r.nextInt(200) + "-" + (1 + r.nextInt(9))
                    + (r.nextBoolean() ? "+deb12u" + r.nextInt(5) : "");
            out.add(new SoftwareItem(name, version, MAINTAINERS[r.nextInt(MAINTAINERS.length)],
                    now.minusSeconds(86400L * r.nextInt(700) + r.nextInt(86400)), SoftwareSource.DPKG, name + ":amd64"));
        }
        return out;
    }

    /** A full report for {@code deviceId} with {@code packages} packages, a daily admin and a USB stick. */
    public static Report full(UUID deviceId, long seed, int packages, Instant now) {
        String salt = Long.toHexString(seed);
        Sections s = Sections.EMPTY
                .withOs(new OsInfo("linux", "Debian GNU/Linux", "12 (bookworm)", "6.1.0-18-amd64", "x86_64", "lab-" + seed))
                .withHardware(new HardwareInfo(new UUID(seed, seed).toString(), "smbios", "SN" + seed, "LENOVO", "20XW004GUK",
                        16L << 30, "11th Gen Intel(R) Core(TM) i5-1135G7"))
                .withSoftware(software(seed, packages, now))
                .withRemovableMedia(new RemovableMedia(List.of(stick()), List.of(new MediaEvent(now.minusSeconds(60),
                        MediaAction.CONNECTED, stick()))))
                .withAccounts(new AccountsSection(List.of(
                        new Account("jane.doe", null, AccountKind.LOCAL, true, false, Tri.YES, now.minusSeconds(3600), 212, true, true),
                        new Account(null, Hashes.accountNameHash(salt, "home"), AccountKind.LOCAL, false, false, Tri.YES,
                                now.minusSeconds(86400 * 3), 9, true, false)), Tri.NO))
                .withScreenLock(new ScreenLockSection(List.of(
                        new ScreenLockSetting("jane.doe", Tri.YES, 300, Tri.YES, 0, SettingSource.DEFAULT, null),
                        new ScreenLockSetting(Hashes.accountNameHash(salt, "home"), Tri.YES, 1800, Tri.NO, 0, SettingSource.USER, null)),
                        new ScreenLockSetting(null, Tri.YES, 1800, Tri.NO, 0, SettingSource.USER, null)));
        return new Report(Report.SCHEMA_VERSION, TimeOrderedUuid.next(), deviceId, "0.1.0", now, ReportKind.FULL, s, null);
    }

    /** A heartbeat: no sections. */
    public static Report heartbeat(UUID deviceId, Instant now) {
        return new Report(Report.SCHEMA_VERSION, TimeOrderedUuid.next(), deviceId, "0.1.0", now, ReportKind.HEARTBEAT,
                Sections.EMPTY, null);
    }

    private static MediaDevice stick() {
        return new MediaDevice(MediaKind.USB_STORAGE, "0781", "5581", "SanDisk", "Ultra", "4C530001230817114103",
                32_000_000_000L, "vfat", Tri.NO);
    }
}
