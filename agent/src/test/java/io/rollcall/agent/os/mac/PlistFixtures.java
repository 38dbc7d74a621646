package io.rollcall.agent.os.mac;

import com.dd.plist.BinaryPropertyListWriter;
import io.rollcall.agent.probe.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Places macOS plist fixtures in a fake file tree, as XML or converted to the binary format real bundles ship. */
public final class PlistFixtures {
    private PlistFixtures() {
    }

    public static byte[] xml(String fixture) {
        try {
            return Files.readAllBytes(Fixtures.of("macos/plist/" + fixture));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture re-encoded as {@code bplist00} by dd-plist's writer. */
    public static byte[] binary(String fixture) {
        try {
            byte[] b = BinaryPropertyListWriter.writeToArray(Plist.dict(xml(fixture)));
            if (!new String(b, 0, 8, java.nio.charset.StandardCharsets.US_ASCII).equals("bplist00")) {
                throw new IllegalStateException("not a binary plist");
            }
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code bytes} at {@code path} ("/Applications/…") under {@code root}. */
    public static Path put(Path root, String path, byte[] bytes) {
        try {
            Path p = root.resolve(path.substring(1));
            Files.createDirectories(p.getParent());
            return Files.write(p, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
