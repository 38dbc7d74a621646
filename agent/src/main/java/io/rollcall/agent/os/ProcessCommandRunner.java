package io.rollcall.agent.os;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link CommandRunner} on {@link ProcessBuilder}. The agent runs as root, so: only absolute program paths (no PATH
 * lookup), a fixed PATH for whatever the program starts itself, a mandatory timeout after which the whole process
 * tree is killed, and a cap on the output read. stderr is discarded so a chatty tool cannot block on a full pipe.
 */
final class ProcessCommandRunner implements CommandRunner {
    /** What tools a probe runs (nft, dpkg-query, dscl, diskutil) print, with room to spare. */
    static final long DEFAULT_MAX_OUTPUT = 16 << 20;
    private static final String UNIX_PATH = "/usr/sbin:/usr/bin:/sbin:/bin";
    private static final boolean WINDOWS = File.separatorChar == '\\';

    @Override
    public CommandResult run(List<String> command, Map<String, String> env, Duration timeout) {
        return run(command, env, timeout, DEFAULT_MAX_OUTPUT);
    }

    @Override
    public CommandResult run(List<String> command, Map<String, String> env, Duration timeout, long maxOutputBytes) {
        if (command == null || command.isEmpty() || command.get(0) == null) {
            return CommandResult.failed("no command given");
        }
        String program = command.get(0);
        if (!Path.of(program).isAbsolute()) {
            return CommandResult.failed(program + " is not an absolute path; commands are never looked up in PATH");
        }
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            return CommandResult.failed(program + " not run: a positive timeout is required, got " + timeout);
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File(WINDOWS ? "NUL" : "/dev/null")));
        pb.environment().putAll(env);
        if (!WINDOWS) {
            pb.environment().put("PATH", UNIX_PATH); // last, so no caller can hand a tool another PATH
        }
        // Parsers expect untranslated, stable output.
        pb.environment().put("LC_ALL", "C");
        Process process;
        try {
            process = pb.start();
        } catch (IOException | RuntimeException e) {
            return CommandResult.failed("could not start " + program + ": " + e.getMessage());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        AtomicBoolean overflow = new AtomicBoolean();
        // Read stdout on a thread of its own so the timeout also covers a process that never closes its output.
        CompletableFuture<byte[]> out = new CompletableFuture<>();
        Thread reader = new Thread(() -> out.complete(readCapped(process, maxOutputBytes, overflow)),
                "rollcall-command-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                killTree(process);
                return CommandResult.failed(program + " did not finish within " + timeout.toMillis() + " ms");
            }
            byte[] bytes = out.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (overflow.get()) {
                return CommandResult.failed(program + " printed more than " + UntrustedFiles.size(maxOutputBytes));
            }
            return new CommandResult(process.exitValue(), new String(bytes, StandardCharsets.UTF_8).lines().toList(),
                    null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killTree(process);
            return CommandResult.failed("interrupted while running " + program);
        } catch (ExecutionException | TimeoutException e) {
            // exited, but something it started still holds the output open
            killTree(process);
            return CommandResult.failed("the output of " + program + " was not closed within "
                    + timeout.toMillis() + " ms");
        }
    }

    /** Children first: once the parent is gone they are reparented and no longer found as its descendants. */
    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static byte[] readCapped(Process process, long max, AtomicBoolean overflow) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try (InputStream in = process.getInputStream()) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                if (out.size() + (long) n > max) {
                    overflow.set(true);
                    killTree(process); // no point letting it run: its answer is refused anyway
                    break;
                }
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // The process died mid-output; what was read is still the best answer.
        }
        return out.toByteArray();
    }
}
