package io.rollcall.agent.resident;

import io.rollcall.agent.service.Scm;
import io.rollcall.agent.service.ScmServiceHost;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The resident under the Windows Service Control Manager: the agent's {@link ScmServiceHost} (JNA's Advapi32, the
 * only library the Windows resident loads) runs the loop on a thread and stops it, with the worker in flight, on
 * STOP or SHUTDOWN. Kept apart so Linux and macOS never load it.
 */
final class WindowsService {
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private WindowsService() {
    }

    static int run(ResidentLoop loop, MediaWatch watch, Resident.Stopper stop, PrintStream err) {
        ScmServiceHost host = new ScmServiceHost(Scm.windows(), () -> {
            Thread t = new Thread(() -> {
                try {
                    loop.run(watch);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "rollcall-resident");
            t.start();
            return () -> {
                stop.run();
                t.join(STOP_GRACE.toMillis());
                watch.close();
            };
        }, err, STOP_GRACE.plusSeconds(10));
        try {
            return host.run();
        } catch (java.io.IOException e) {
            err.println("rollcall-agent resident: not started by the Service Control Manager: " + e.getMessage());
            return 1;
        }
    }
}
