package io.rollcall.agent.os.windows;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.agent.probe.ScanOptions;
import io.rollcall.agent.probe.WireContract;
import io.rollcall.agent.probe.accounts.AccountsProbe;
import io.rollcall.agent.probe.accounts.LocalUser;
import io.rollcall.agent.probe.accounts.WindowsAccountsProbe;
import io.rollcall.agent.probe.media.WindowsMediaProbe;
import io.rollcall.agent.probe.screenlock.WindowsScreenLockProbe;
import io.rollcall.agent.probe.security.WindowsSecurityProbe;
import io.rollcall.agent.probe.software.SoftwareProbe;
import io.rollcall.agent.probe.software.WindowsSoftwareProbe;
import io.rollcall.common.report.RemovableMedia;
import io.rollcall.common.report.ScreenLockSection;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.Tri;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Coverage-guided fuzzing of what the Windows probes make of registry values. The agent reads the live registry
 * through JNA ({@link JnaRegistry}); it has no parser of {@code reg export} files, so an input here is a .reg file,
 * read by the tests' {@link RegExportRegistry} on top of the profile list fixture, and the fuzzed part is every
 * value the probes interpret: a user's own hive (screen saver, per-user installs) is theirs to write, and USBSTOR
 * names come from the device. Inputs that reader cannot read are not registries and are skipped. The contract: the
 * software, screen-lock, media, security and accounts probes never throw, and what they report is a report the
 * collector accepts. Inputs: {@code src/test/resources/io/rollcall/agent/os/windows/RegistryProbesFuzzTestInputs/probes/}.
 */
class RegistryProbesFuzzTest {
    private static final ScanOptions OPTIONS = new ScanOptions("salt", Pattern.compile("^[a-z]+\\.[a-z]+$"));
    private static final List<LocalUser> USERS = List.of(
            new LocalUser("jane.doe", 1001, "C:\\Users\\jane.doe", "jane.doe", Tri.YES),
            new LocalUser("Kid", 1002, "C:\\Users\\Kid", "kid-hash", Tri.UNKNOWN));
    private static final Path FILE = tempFile();

    @FuzzTest
    void probes(byte[] reg) throws IOException {
        Registry registry;
        try {
            Files.write(FILE, reg);
            registry = RegExportRegistry.of(Fixtures.of("windows/profiles.reg"), FILE);
        } catch (RuntimeException e) {
            return; // the test reader's own limits (not UTF-8, unterminated string…): not a registry the agent reads
        }
        SoftwareProbe.Inventory software = new WindowsSoftwareProbe(registry).read();
        ScreenLockSection screenLock = new WindowsScreenLockProbe(registry,
                () -> PowerCapabilities.AoAc.failed("fuzzing: no kernel"),
                (command, env, timeout) -> io.rollcall.agent.os.CommandResult.failed("fuzzing: no powercfg"),
                "C:\\Windows").read(USERS);
        WindowsMediaProbe media = new WindowsMediaProbe(registry, () -> {
            throw new IllegalStateException("WMI: COM exception"); // connected is then inferred from USBSTOR times
        });
        RemovableMedia removable = new RemovableMedia(media.connected(), media.history());
        assertNotNull(new WindowsSecurityProbe(registry, new ListFormatWmi(), "C:").read());
        AccountsProbe.Result accounts = new WindowsAccountsProbe(new CsvLocalAccounts(
                Fixtures.of("windows/local-users.csv"), Fixtures.of("windows/administrators.csv")), registry, OPTIONS)
                .read();
        WireContract.assertAccepted(Sections.EMPTY.withSoftware(software.items()).withScreenLock(screenLock)
                .withRemovableMedia(removable).withAccounts(accounts.section()));
    }

    private static Path tempFile() {
        try {
            Path p = Files.createTempFile("rollcall-fuzz-", ".reg");
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
