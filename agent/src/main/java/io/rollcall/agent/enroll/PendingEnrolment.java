package io.rollcall.agent.enroll;

import io.rollcall.agent.state.AgentState;
import io.rollcall.agent.state.StateStore;
import io.rollcall.agent.transport.Backoff;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code run} and {@code service} do before the loop: a device that is not enrolled yet enrols from
 * {@link EnrolmentFile} in its state directory, retrying with {@link Backoff} (full jitter, capped at an hour) while
 * the collector cannot be reached or refuses; once enrolled the token is removed from that file. Values that can
 * never work (not an https URL, a malformed fingerprint) fail at once. The token is never logged.
 */
public final class PendingEnrolment {
    private static final Logger LOG = LoggerFactory.getLogger(PendingEnrolment.class);

    /** One enrolment attempt ({@link Enroller#enroll}). */
    @FunctionalInterface
    public interface Attempt {
        AgentState enroll(String server, String token, String caFingerprint) throws IOException;
    }

    /** Waits; {@link Thread#sleep} in the agent, a fake clock in tests. Interrupted means "stop trying". */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final StateStore store;
    private final Attempt attempt;
    private final Backoff backoff;
    private final Sleeper sleeper;

    public PendingEnrolment(StateStore store, Attempt attempt, Backoff backoff, Sleeper sleeper) {
        this.store = store;
        this.attempt = attempt;
        this.backoff = backoff;
        this.sleeper = sleeper;
    }

    /**
     * Returns once this device is enrolled: at once when it already is (removing a token an installer left),
     * otherwise after enrolling from {@link EnrolmentFile}, however many attempts that takes.
     *
     * @throws IOException          when the device is not enrolled and there is no complete enrolment file, or its
     *                              values can never work
     * @throws InterruptedException when asked to stop while waiting to retry
     */
    public AgentState ensureEnrolled() throws IOException, InterruptedException {
        AgentState state = store.load();
        if (state.isEnrolled()) {
            forgetToken();
            return state;
        }
        Optional<EnrolmentFile.Settings> file = EnrolmentFile.load(store.directory());
        if (file.isEmpty()) {
            throw new IOException(String.format("this device is not enrolled (state directory %s) and %s there lacks "
                    + "%s, %s or %s; run 'rollcall-agent enroll --server URL --token T --ca-fingerprint SHA256'",
                    store.directory(), EnrolmentFile.FILE_NAME, EnrolmentFile.URL, EnrolmentFile.TOKEN,
                    EnrolmentFile.FINGERPRINT));
        }
        EnrolmentFile.Settings s = file.get();
        while (true) {
            try {
                AgentState enrolled = attempt.enroll(s.url(), s.token(), s.fingerprint());
                backoff.succeeded();
                forgetToken();
                return enrolled;
            } catch (IllegalArgumentException e) {
                throw new IOException(store.directory().resolve(EnrolmentFile.FILE_NAME) + ": " + e.getMessage(), e);
            } catch (IOException e) {
                Duration wait = backoff.failed();
                LOG.warn("enrolment with {} failed (attempt {}): {}; retrying in {} s", s.url(), backoff.failures(),
                        e.getMessage(), wait.toSeconds());
                sleeper.sleep(wait);
            }
        }
    }

    private void forgetToken() throws IOException {
        if (EnrolmentFile.forgetToken(store.directory())) {
            LOG.info("enrolled; removed the enrolment token from {}", store.directory().resolve(EnrolmentFile.FILE_NAME));
        }
    }
}
