package io.rollcall.agent.os;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link CommandRunner} on {@link ProcessBuilder}; stderr is discarded so a chatty tool cannot block on a full pipe. */
final class ProcessCommandRunner implements CommandRunner {

    @Override
    public CommandResult run(List<String> command, Map<String, String> env, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        // Parsers expect untranslated, stable output.
        pb.environment().put("LC_ALL", "C");
        Process process;
        try {
            process = pb.start();
        } catch (IOException | RuntimeException e) {
            return CommandResult.failed("could not start " + command.get(0) + ": " + e.getMessage());
        }
        // Read stdout on another thread so the timeout also covers a process that never closes its output.
        CompletableFuture<List<String>> out = CompletableFuture.supplyAsync(() -> readLines(process));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return CommandResult.failed(command.get(0) + " did not finish within " + timeout.toMillis() + " ms");
            }
            return new CommandResult(process.exitValue(), out.get(timeout.toMillis(), TimeUnit.MILLISECONDS), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return CommandResult.failed("interrupted while running " + command.get(0));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            return CommandResult.failed("could not read the output of " + command.get(0) + ": " + e);
        }
    }

    private static List<String> readLines(Process process) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            // The process died mid-output; what was read is still the best answer.
        }
        return lines;
    }
}
