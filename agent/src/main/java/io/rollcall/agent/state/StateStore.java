package io.rollcall.agent.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The state directory: {@code state.json}, {@code agent.properties}, the pinned CA, {@code events.jsonl} and the
 * {@code outbox/}. The directory is 0700 and every file in it 0600, because it holds the device secret. On Windows
 * the secret is also sealed with DPAPI inside {@code state.json} ({@link SecretProtector}, {@link StoredSecret}); the file is read and written by {@link StateJson}.
 */
public final class StateStore {
    public static final String STATE_FILE = "state.json";
    public static final String CA_FILE = "collector-ca.pem";
    public static final String EVENTS_FILE = "events.jsonl";
    public static final String OUTBOX_DIR = "outbox";

    private final Path dir;
    private final SecretProtector protector;

    /** The state directory {@code dir}, sealing the device secret with {@link SecretProtector#forThisSystem()}. */
    public StateStore(Path dir) {
        this(dir, SecretProtector.forThisSystem());
    }

    /** The state directory {@code dir}, sealing the device secret in {@code state.json} with {@code protector}. */
    public StateStore(Path dir, SecretProtector protector) {
        this.dir = dir.toAbsolutePath().normalize();
        this.protector = protector;
    }

    /**
     * {@code /var/lib/rollcall-agent} for root (the service), {@code ~/.rollcall-agent} for anyone else, so a
     * technician trying the agent by hand never touches the service's state.
     */
    public static Path defaultDirectory() {
        return isRoot() ? Path.of("/var/lib/rollcall-agent")
                : Path.of(System.getProperty("user.home"), ".rollcall-agent");
    }

    static boolean isRoot() {
        if ("root".equals(System.getProperty("user.name"))) {
            return true;
        }
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return false;
        }
        try {
            // /proc/self belongs to the process's own uid; cheaper and safer than spawning `id -u`
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    public Path directory() {
        return dir;
    }

    /** Creates the directory (0700) if needed. Only commands that write call this: {@code status} stays read-only. */
    public StateStore ensureExists() throws IOException {
        AtomicFiles.ensurePrivateDirectory(dir);
        return this;
    }

    /** The saved state, or {@link AgentState#EMPTY} when the agent has never enrolled here. */
    public AgentState load() throws IOException {
        Path f = dir.resolve(STATE_FILE);
        if (!Files.isRegularFile(f)) {
            return AgentState.EMPTY;
        }
        try {
            return StateJson.read(Files.readAllBytes(f), protector);
        } catch (IOException e) {
            throw new IOException(String.format("%s is unreadable (%s); move it away and enrol again", f,
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("")), e);
        }
    }

    public void save(AgentState state) throws IOException {
        ensureExists();
        AtomicFiles.write(dir.resolve(STATE_FILE), StateJson.write(state, protector));
    }

    public AgentConfig config() throws IOException {
        return AgentConfig.load(dir);
    }

    public PendingEvents pendingEvents() {
        return new PendingEvents(dir.resolve(EVENTS_FILE));
    }

    public Path outboxDirectory() {
        return dir.resolve(OUTBOX_DIR);
    }

    public Path caFile() {
        return dir.resolve(CA_FILE);
    }
}
