package io.rollcall.agent.resident;

import io.rollcall.agent.schedule.IsoInstant;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Starts the worker as a child JVM on the resident's own runtime ({@code java.home}) and class path:
 * {@code java <worker flags> -cp <class path> io.rollcall.agent.cli.AgentMain tick <step args> --state DIR
 * [--config FILE]}. Its output goes where the resident's goes (the journal, launchd's log). A worker past its
 * timeout is stopped, then killed with whatever it started; {@link #stop()} does the same to the one running.
 */
public final class WorkerProcess implements ResidentLoop.Worker {
    /** The worker's entry point: the agent's command line. */
    public static final String WORKER_MAIN = "io.rollcall.agent.cli.AgentMain";
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final List<String> head;
    private final List<String> tail;
    private final Duration timeout;
    private final Clock clock;
    private final PrintStream log;
    private volatile Process current;

    /**
     * @param javaOptions the worker JVM's flags
     * @param mainClass   normally {@link #WORKER_MAIN}; tests give one that fakes the media probe
     * @param agentArgs   after the step arguments: {@code --state DIR} and maybe {@code --config FILE}
     */
    public WorkerProcess(List<String> javaOptions, String classPath, String mainClass, List<String> agentArgs,
                         Duration timeout, Clock clock, PrintStream log) {
        List<String> h = new ArrayList<>();
        h.add(javaExecutable().toString());
        h.addAll(javaOptions);
        h.addAll(List.of("-cp", classPath, mainClass, "tick"));
        this.head = List.copyOf(h);
        this.tail = List.copyOf(agentArgs);
        this.timeout = timeout;
        this.clock = clock;
        this.log = log;
    }

    /** The {@code java} of the runtime this JVM runs on, so resident and worker always share one runtime. */
    static Path javaExecutable() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
    }

    /** The whole command line for these step arguments. */
    public List<String> command(List<String> stepArgs) {
        List<String> cmd = new ArrayList<>(head);
        cmd.addAll(stepArgs);
        cmd.addAll(tail);
        return cmd;
    }

    @Override
    public int run(List<String> stepArgs) throws InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command(stepArgs)).inheritIO().start();
        } catch (IOException e) {
            log.println(IsoInstant.format(clock.instant()) + " rollcall-agent resident: cannot start the worker: "
                    + e.getMessage());
            return -1;
        }
        current = p;
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.println(IsoInstant.format(clock.instant()) + " rollcall-agent resident: the worker ran longer than "
                        + timeout.toMinutes() + " min; stopping it");
                end(p);
                return -1;
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            end(p);
            throw e;
        } finally {
            current = null;
        }
    }

    /** Stops the worker that is running, if any (the service is stopping). */
    public void stop() {
        Process p = current;
        if (p != null) {
            end(p);
        }
    }

    private static void end(Process p) {
        // rare (a stuck worker, a stop): streams and lambdas are fine here, they load only then
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!p.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
