package io.rollcall.installers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack: any local user reads every process's arguments ({@code ps}, {@code /proc/PID/cmdline}), so an
 * enrolment token passed as {@code --token VALUE} lets them enrol devices of their own. No installer may do that:
 * the scripts pipe the token into {@code enroll --token -}, the .msi has the agent read it from the locked
 * {@code enroll.ini}. The .deb's scripts are run for real with the agent replaced by a stub that records its
 * arguments and its stdin, and {@code printf} stubbed on the PATH too (were it not the shell's builtin, it would be
 * a process holding the token).
 */
class TokenNotOnCommandLineTest {
    private static final String TOKEN = "rc_enroll_must-never-be-an-argument-7f3a";
    /** {@code --token} followed by a shell expansion or an MSI property, quoted or not, in XML or not. */
    private static final Pattern TOKEN_ARGUMENT = Pattern.compile("--token(\\s+|=)(\"|&quot;|')?[$\\[`]");

    @TempDir
    Path tmp;

    @Test
    void noInstallerSourcePassesTheTokenAsAnArgument() throws Exception {
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(Tools.sources())) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.startsWith(Tools.sources().resolve("test")))
                    .toList()) {
                scanned++;
                String text = Files.readString(f);
                Matcher m = TOKEN_ARGUMENT.matcher(text);
                while (m.find()) {
                    offenders.add(Tools.sources().relativize(f) + ": " + text.substring(m.start(),
                            Math.min(text.length(), m.end() + 20)));
                }
            }
        }
        assertTrue(scanned >= 10, "the installer sources were found: " + scanned);
        assertEquals(List.of(), offenders);
        assertTrue(TOKEN_ARGUMENT.matcher("enroll --token \"$token\"").find(), "the pattern finds the old form");
        assertTrue(TOKEN_ARGUMENT.matcher("--token &quot;[ENROLL_TOKEN]&quot;").find(), "and the old .msi form");
    }

    @Test
    void postinstAndTheServiceEntryPointHandTheTokenOverOnStdinOnly() throws Exception {
        Tools.require("dpkg-deb", "dpkg");
        Path root = tmp.resolve("root");
        Path control = tmp.resolve("control");
        Tools.ok("dpkg-deb", "-x", Tools.deb().toString(), root.toString());
        Tools.ok("dpkg-deb", "-e", Tools.deb().toString(), control.toString());
        Path args = tmp.resolve("args.log");
        Path stdin = tmp.resolve("stdin.log");
        Files.writeString(args, "");
        // the packaged agent, replaced by a recorder: not enrolled, every enrolment "works"
        executable(root.resolve("opt/rollcall-agent/bin/rollcall-agent"), """
                #!/bin/sh
                echo "agent $*" >> "$STUB_ARGS"
                case "$1" in
                  status) echo "enrolled:        no" ;;
                  enroll) cat >> "$STUB_STDIN" ;;
                esac
                exit 0
                """);
        Path stubs = Files.createDirectories(tmp.resolve("stubs"));
        for (String tool : List.of("systemctl", "chown")) {
            executable(stubs.resolve(tool), "#!/bin/sh\nexit 0\n");
        }
        executable(stubs.resolve("printf"), "#!/bin/sh\necho \"printf $*\" >> \"$STUB_ARGS\"\nexec /usr/bin/printf \"$@\"\n");
        Path config = root.resolve("etc/rollcall/agent.properties");
        Files.writeString(config, "collector.url=https://collector.invalid:8443\nenroll.token=" + TOKEN
                + "\nca.fingerprint=" + "ab".repeat(32) + "\n");
        Map<String, String> env = Map.of("STUB_ARGS", args.toString(), "STUB_STDIN", stdin.toString(),
                "PATH", stubs + ":" + System.getenv("PATH"));

        Tools.Result postinst = Tools.run(List.of(control.resolve("postinst").toString(), "configure"),
                with(env, "ROLLCALL_ROOT", root.toString()), null);
        assertEquals(0, postinst.exit(), postinst.out() + postinst.err());
        Tools.Result service = Tools.run(List.of(root.resolve("opt/rollcall-agent/bin/rollcall-agent-service").toString()),
                with(with(env, "ROLLCALL_CONFIG", config.toString()), "ROLLCALL_STATE", tmp.resolve("state").toString()),
                null);
        assertEquals(0, service.exit(), service.out() + service.err());

        String recorded = Files.readString(args);
        assertFalse(recorded.contains(TOKEN), "the token was in a process's arguments:\n" + recorded);
        assertEquals(2, recorded.lines().filter(l -> l.startsWith("agent enroll ") && l.contains("--token -")).count(),
                recorded);
        assertEquals(TOKEN + "\n" + TOKEN + "\n", Files.readString(stdin), "both enrolments got it on stdin");
        assertTrue(recorded.lines().anyMatch(l -> l.startsWith("agent resident ") && l.contains("--config " + config)),
                "the resident service (and so its workers) knows where to find a replaced token: " + recorded);
    }

    private static Map<String, String> with(Map<String, String> env, String key, String value) {
        Map<String, String> m = new java.util.HashMap<>(env);
        m.put(key, value);
        return m;
    }

    private static void executable(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
