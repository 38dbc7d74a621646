package io.rollcall.collector.auth;

import com.hazelcast.core.HazelcastInstance;
import io.rollcall.collector.audit.AuditHandlers;
import io.rollcall.collector.audit.AuditLog;
import io.rollcall.collector.audit.AuditStore;
import io.rollcall.collector.console.Console;
import io.rollcall.collector.console.ConsoleModule;
import io.rollcall.collector.console.UsersPage;
import io.rollcall.collector.db.Database;
import io.rollcall.collector.firstrun.TokenHashes;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.HttpVerticle;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything about the people who use the collector, built once per node: accounts and API tokens
 * (SQL), sessions and login counters (Hazelcast, shared by every node), the authenticator in front of
 * {@code /api/v1}, and the audit log.
 */
public final class People implements AutoCloseable {
    private final AuthService auth;
    private final AccountService accounts;
    private final TokenStore tokens;
    private final AuditLog audit;
    private final Authenticator authenticator;
    private final List<ApiModule> apiModules = new ArrayList<>();
    private final List<HttpVerticle.PublicModule> publicModules = new ArrayList<>();
    private final Clock clock;

    private People(AuthService auth, AccountService accounts, TokenStore tokens, AuditLog audit,
                   Authenticator authenticator, Clock clock) {
        this.auth = auth;
        this.accounts = accounts;
        this.tokens = tokens;
        this.audit = audit;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    /** Adds the console (a public module: it authenticates by session itself) with these pages. */
    public Console console(WorkerExecutor blocking, List<ConsoleModule> pages) {
        List<ConsoleModule> all = new ArrayList<>(pages);
        all.add(new UsersPage(accounts));
        Console c = new Console(blocking, auth, audit, all);
        publicModules.add(c);
        return c;
    }

    public static People start(Database db, HazelcastInstance hz, WorkerExecutor blocking, Clock clock) {
        UserStore users = new UserStore(db);
        TokenStore tokens = new TokenStore(db);
        PasswordHasher hasher = PasswordHasher.owaspDefaults();
        SessionStore sessions = new SessionStore(hz.getMap(SessionStore.MAP), clock);
        LoginLimiter limiter = LoginLimiter.of(hz, clock);
        AuthService auth = new AuthService(users, tokens, sessions, limiter, hasher, clock);
        AccountService accounts = new AccountService(users, tokens, hasher, clock);
        AuditLog audit = new AuditLog(new AuditStore(db), clock);
        People p = new People(auth, accounts, tokens, audit, new Authenticator(blocking, auth, audit), clock);
        p.apiModules.add(new AccountHandlers(blocking, accounts));
        p.apiModules.add(new AuditHandlers(blocking, audit));
        return p;
    }

    /**
     * Makes the first-run admin token (its hash in {@code DATA/secrets}) a listed, revocable API token.
     * Blocking.
     */
    public void importFirstRunAdminToken(Path dataDir) throws IOException, SQLException {
        Path file = dataDir.resolve(TokenHashes.SECRETS_DIR).resolve(TokenHashes.ADMIN_HASH_FILE);
        String hash = Files.readString(file, StandardCharsets.US_ASCII).trim();
        tokens.importFirstRunAdmin(hash, clock.instant());
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public AuthService auth() {
        return auth;
    }

    public AccountService accounts() {
        return accounts;
    }

    public AuditLog audit() {
        return audit;
    }

    public List<ApiModule> apiModules() {
        return List.copyOf(apiModules);
    }

    public List<HttpVerticle.PublicModule> publicModules() {
        return List.copyOf(publicModules);
    }

    @Override
    public void close() {
        audit.close();
    }
}
