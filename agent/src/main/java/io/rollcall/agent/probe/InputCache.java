package io.rollcall.agent.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a probe derived from some files, kept in the state directory's {@code cache/} while those files keep their
 * size and modification time, so a scan that finds nothing new (an hourly delta) does not derive it again. Only for
 * answers that depend on nothing but those files' contents: the caller says why in its own Javadoc. Plain text, one
 * value a line, written atomically; anything unreadable is a miss, never an error.
 */
public final class InputCache {
    private static final String MAGIC = "rollcall-input-cache 1";

    private final Path root;
    private final Path dir;

    /**
     * @param root where "/" of the probe is ({@code /} on the real system, a fixture tree in tests)
     * @param dir  the cache directory (created when first written)
     */
    public InputCache(Path root, Path dir) {
        this.root = root;
        this.dir = dir;
    }

    /**
     * The lines kept as {@code name} when every file in {@code inputs} ("/var/log/wtmp") has the size and time it had
     * then; else {@code read}'s, kept under the files' present state. {@code read} returning {@code null} (it could
     * not tell) is passed on and not kept. Lines must not contain line breaks.
     */
    public List<String> lines(String name, List<String> inputs, Supplier<List<String>> read) {
        String key = key(inputs);
        if (key == null) {
            return read.get();
        }
        Path file = dir.resolve(name);
        List<String> kept = load(file, key);
        if (kept != null) {
            return kept;
        }
        List<String> fresh = read.get();
        if (fresh != null && key.equals(key(inputs))) { // unchanged while it was read
            store(file, key, fresh);
        }
        return fresh;
    }

    private String key(List<String> inputs) {
        StringBuilder k = new StringBuilder();
        for (String input : inputs) {
            try {
                BasicFileAttributes a = Files.readAttributes(root.resolve(input.substring(1)), BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                Instant t = a.lastModifiedTime().toInstant();
                k.append(input).append(' ').append(a.size()).append(' ').append(t.getEpochSecond()).append('.')
                        .append(t.getNano()).append(' ').append(a.fileKey()).append(';');
            } catch (IOException | RuntimeException e) {
                return null; // a missing input is read fresh every time
            }
        }
        return k.toString();
    }

    private static List<String> load(Path file, String key) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            if (!MAGIC.equals(in.readLine()) || !key.equals(in.readLine())) {
                return null;
            }
            List<String> lines = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
            return lines;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void store(Path file, String key, List<String> lines) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName().toString().concat(".tmp"));
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                out.write(MAGIC);
                out.write('\n');
                out.write(key);
                out.write('\n');
                for (String line : lines) {
                    out.write(line);
                    out.write('\n');
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // an unwritable cache only costs the next scan the work again
        }
    }
}
