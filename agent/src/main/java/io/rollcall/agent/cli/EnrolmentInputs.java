package io.rollcall.agent.cli;

import io.rollcall.agent.enroll.EnrolmentFile;
import io.rollcall.agent.state.AgentState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;

/**
 * Where {@code enroll} takes the collector URL, the enrolment token and the CA fingerprint from. The token comes from
 * exactly one of {@code --token-file FILE}, {@code --token -} (the first line of stdin), {@code enroll.token} in
 * {@code --config FILE} (the installers' 0600 settings file) or — for a device enrolling again — the token its state
 * kept; {@code --token T} still works for a person typing it, with a warning, because any local user can read a
 * command line. {@code --server} and {@code --ca-fingerprint} win over the settings file.
 */
record EnrolmentInputs(String server, String token, String fingerprint) {
    /** A token longer than this is not a token; it bounds what {@code --token -} and {@code --token-file} read. */
    static final int MAX_TOKEN_CHARS = 4096;
    static final String VISIBLE_WARNING = "rollcall-agent: warning: --token puts the enrolment token on the command "
            + "line, where any local user can read it (ps); use --token-file FILE or --token - (stdin) instead";

    @Override
    public String toString() {
        return "EnrolmentInputs[server=" + server + ", token=<hidden>, fingerprint=" + fingerprint + "]";
    }

    static EnrolmentInputs resolve(Args args, InputStream stdin, PrintStream err, AgentState state)
            throws Args.UsageException, IOException {
        Map<String, String> file = args.option("--config") == null ? Map.of()
                : EnrolmentFile.loadValues(Path.of(args.option("--config")));
        String server = first(args.option("--server"), file.get(EnrolmentFile.URL));
        String fingerprint = first(args.option("--ca-fingerprint"), file.get(EnrolmentFile.FINGERPRINT));
        if (blank(server)) {
            throw new Args.UsageException("'enroll' needs --server (or collector.url in --config FILE)");
        }
        if (blank(fingerprint)) {
            throw new Args.UsageException("'enroll' needs --ca-fingerprint (or ca.fingerprint in --config FILE)");
        }
        return new EnrolmentInputs(server, token(args, stdin, err, file, state), fingerprint);
    }

    private static String token(Args args, InputStream stdin, PrintStream err, Map<String, String> file,
                                AgentState state) throws Args.UsageException, IOException {
        String given = args.option("--token");
        String tokenFile = args.option("--token-file");
        if (given != null && tokenFile != null) {
            throw new Args.UsageException("give the token once: --token or --token-file, not both");
        }
        String token;
        if ("-".equals(given)) {
            token = firstLine(stdin, "stdin");
        } else if (given != null) {
            err.println(VISIBLE_WARNING);
            token = given;
        } else if (tokenFile != null) {
            token = fromFile(Path.of(tokenFile), err);
        } else if (file.get(EnrolmentFile.TOKEN) != null) {
            token = file.get(EnrolmentFile.TOKEN);
        } else {
            token = state.enrollToken();
        }
        if (blank(token)) {
            throw new Args.UsageException("'enroll' needs the enrolment token: --token-file FILE, --token - (on "
                    + "stdin) or enroll.token in --config FILE");
        }
        return token.strip();
    }

    private static String fromFile(Path file, PrintStream err) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("--token-file " + file + " is not a file");
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                err.println("rollcall-agent: warning: " + file + " is readable by other users; the enrolment token "
                        + "belongs in a file only its owner can read (chmod 600)");
            }
        } catch (UnsupportedOperationException e) {
            // no POSIX permissions (Windows): the directory's ACL is what protects it
        }
        try (InputStream in = Files.newInputStream(file)) {
            return firstLine(in, file.toString());
        }
    }

    /** The first line, bounded: a token is one short line, whatever the stream holds after it. */
    private static String firstLine(InputStream in, String what) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = r.read()) != -1 && c != '\n' && c != '\r') {
            if (line.length() >= MAX_TOKEN_CHARS) {
                throw new IOException(String.format("the token in %s is longer than %d characters", what,
                        MAX_TOKEN_CHARS));
            }
            line.append((char) c);
        }
        return line.toString();
    }

    private static String first(String a, String b) {
        return blank(a) ? b : a;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
