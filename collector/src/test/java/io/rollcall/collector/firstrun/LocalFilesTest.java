package io.rollcall.collector.firstrun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.CollectorMain;
import io.rollcall.collector.support.TestCollector;
import io.rollcall.common.wire.WireJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory is private whatever the umask: a real collector process started under umask 022 leaves
 * nothing readable by other users, prints where first-run.json is but never the tokens, and a directory left
 * too open by an earlier start is tightened.
 */
class LocalFilesTest {
    @TempDir
    Path tmp;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    /** Every path under {@code dir} whose group or others can do anything, except public certificates. */
    private static List<String> openToOthers(Path dir) throws Exception {
        List<String> out = new ArrayList<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                String m = mode(p);
                if (!m.endsWith("------") && !p.getFileName().toString().endsWith(".crt")) {
                    out.add(dir.relativize(p) + " " + m);
                }
            }
        }
        return out;
    }

    @Test
    void aCollectorStartedUnderUmask022KeepsItsFilesPrivateAndPrintsNoToken() throws Exception {
        Path data = tmp.resolve("data");
        Path cfg = tmp.resolve("collector.properties");
        Files.writeString(cfg, "bind=127.0.0.1\ncluster.name=rc-test-" + UUID.randomUUID() + "\n");
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "umask 022 && exec \"$@\"", "sh",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.equals("-Djava.net.preferIPv4Stack=true")).forEach(cmd::add);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CollectorMain.class.getName(),
                "--data", data.toString(), "--port", "0", "--config", cfg.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(tmp.resolve("stderr.log").toFile()).start();
        StringBuilder stdout = new StringBuilder();
        try {
            CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    int rules = 0;
                    for (String line = r.readLine(); line != null && rules < 2; line = r.readLine()) {
                        stdout.append(line).append('\n');
                        rules += line.startsWith("=====") ? 1 : 0; // the banner ends with its second rule
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            started.get(120, TimeUnit.SECONDS);
            String umask = new String(new ProcessBuilder("sh", "-c", "umask 022 && umask").start().getInputStream()
                    .readAllBytes(), StandardCharsets.US_ASCII).trim();
            assertEquals("0022", umask, "the shell that started the collector used umask 022");

            assertEquals("rwx------", mode(data));
            assertEquals("rw-------", mode(data.resolve("first-run.json")));
            assertEquals("rwx------", mode(data.resolve("db")));
            assertTrue(Files.exists(data.resolve("db").resolve("rollcall.mv.db")));
            assertEquals(List.of(), openToOthers(data));

            JsonNode fr = WireJson.mapper().readTree(data.resolve("first-run.json").toFile());
            String out = stdout.toString();
            String err = Files.readString(tmp.resolve("stderr.log"));
            for (String token : List.of(fr.get("enrollToken").asText(), fr.get("adminToken").asText())) {
                assertFalse(out.contains(token), "a token on stdout:\n" + out);
                assertFalse(err.contains(token), "a token in the log");
            }
            assertTrue(out.contains(data.toAbsolutePath().resolve("first-run.json").toString()), out);
        } finally {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void aDataDirectoryLeftOpenIsTightenedOnStart() throws Exception {
        Path data = Files.createDirectory(tmp.resolve("open"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxr-x"));
        Path notes = Files.writeString(data.resolve("notes.txt"), "left by someone");
        Files.setPosixFilePermissions(notes, PosixFilePermissions.fromString("rw-rw-r--"));
        Path sub = Files.createDirectory(data.resolve("backups"));
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxr-xr-x"));

        try (TestCollector tc = new TestCollector(data).start(0)) {
            assertEquals(List.of(), openToOthers(data));
            assertEquals("rw-------", mode(notes));
            assertEquals("rwx------", mode(sub));
            assertEquals("rw-------", mode(data.resolve("tls").resolve("ca.key")));
        }
    }
}
