package io.rollcall.agent.probe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.io.FileUtils;

/** Fixture access for probe tests: files under src/test/resources/fixtures/linux and trees built in a temp dir. */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path resource(String relative) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/linux/" + relative).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + relative, e);
        }
    }

    /** A fixture of any system: {@code of("windows/usbstor.reg")}. */
    public static Path of(String relative) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + relative).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + relative, e);
        }
    }

    public static List<String> lines(String relative) {
        try {
            return Files.readAllLines(resource(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(resource(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a fixture directory into {@code root} so a test can add generated files next to it. */
    public static Path copyTree(String relative, Path root) {
        try {
            FileUtils.copyDirectory(resource(relative).toFile(), root.toFile());
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code content} at {@code path} ("/etc/x") under {@code root}, creating directories. */
    public static Path write(Path root, String path, String content) {
        try {
            Path p = root.resolve(path.substring(1));
            Files.createDirectories(p.getParent());
            return Files.writeString(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A symbolic link at {@code link} (under root) pointing at {@code target} (a path under root), made relative. */
    public static void link(Path root, String link, String target) {
        try {
            Path l = root.resolve(link.substring(1));
            Files.createDirectories(l.getParent());
            Files.createSymbolicLink(l, l.getParent().relativize(root.resolve(target.substring(1))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
