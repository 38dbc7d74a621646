package io.rollcall.agent.probe.screenlock;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.rollcall.agent.os.CommandResult;
import io.rollcall.agent.os.CommandRunner;
import io.rollcall.agent.os.windows.PowerCapabilities;
import io.rollcall.agent.os.windows.PowerCapabilities.AoAc;
import io.rollcall.agent.probe.Fixtures;
import io.rollcall.common.report.Tri;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

/** The OS boundary of the Windows screen-lock probe in tests: the kernel's AoAc answer and powercfg.exe. */
final class WindowsSeams {
    static final String KERNEL_FAILURE = "CallNtPowerInformation(SystemPowerCapabilities) returned NTSTATUS 0xC0000022";
    static final String POWERCFG_FAILURE = "could not start C:\\Windows\\System32\\powercfg.exe: not found";

    private WindowsSeams() {
    }

    static PowerCapabilities kernel(Tri aoAc) {
        return () -> new AoAc(aoAc, null);
    }

    static PowerCapabilities kernelFails() {
        return () -> AoAc.failed(KERNEL_FAILURE);
    }

    /** powercfg.exe printing a recorded {@code powercfg /a} output (its '#' header removed). */
    static CommandRunner powercfg(String fixture) {
        return runner(new CommandResult(0, output(fixture), null));
    }

    static CommandRunner noPowercfg() {
        return runner(CommandResult.failed(POWERCFG_FAILURE));
    }

    static CommandRunner runner(CommandResult result) {
        CommandRunner commands = mock(CommandRunner.class);
        when(commands.run(anyList(), any(Duration.class))).thenReturn(result);
        when(commands.run(anyList(), anyMap(), any(Duration.class))).thenReturn(result);
        return commands;
    }

    static List<String> output(String fixture) {
        try {
            return Files.readAllLines(Fixtures.of("windows/screenlock/" + fixture), StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
