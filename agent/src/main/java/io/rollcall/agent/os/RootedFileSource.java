package io.rollcall.agent.os;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** {@link FileSource} on java.nio under a root directory. */
final class RootedFileSource implements FileSource {
    /** Larger than any system file a probe reads (a dpkg status file is a few MB); stops a runaway file. */
    static final int MAX_TEXT_BYTES = 64 << 20;

    private final Path root;
    private final UntrustedFiles untrusted = new UntrustedFiles();

    RootedFileSource(Path root) {
        try {
            // Resolve the root itself so realPath can tell whether a link stays inside it.
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("file source root " + root + " does not exist", e);
        }
    }

    private Path map(String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        return relative.isEmpty() ? root : root.resolve(relative);
    }

    @Override
    public List<String> readLines(String path) throws IOException {
        return readText(path).lines().toList();
    }

    @Override
    public byte[] readTextBytes(String path) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(map(path))) {
            bytes = in.readNBytes(MAX_TEXT_BYTES + 1);
        }
        if (bytes.length > MAX_TEXT_BYTES) {
            throw new IOException(path + " is larger than " + UntrustedFiles.size(MAX_TEXT_BYTES));
        }
        return bytes;
    }

    @Override
    public String readText(String path) throws IOException {
        byte[] bytes = readTextBytes(path);
        // Lenient decoding: one badly encoded maintainer name must not lose the whole package list.
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
    }

    @Override
    public byte[] readBytes(String path, long offset, int length) throws IOException {
        try (FileChannel ch = FileChannel.open(map(path), StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(length);
            while (buf.hasRemaining()) {
                int n = ch.read(buf, offset + buf.position());
                if (n < 0) {
                    break;
                }
            }
            return Arrays.copyOf(buf.array(), buf.position());
        }
    }

    @Override
    public UntrustedRead readUntrusted(String trustedDir, String relative, int maxBytes) {
        return untrusted.read(map(trustedDir), relative, maxBytes);
    }

    @Override
    public UntrustedListing listUntrusted(String trustedDir, String relative) {
        return untrusted.list(map(trustedDir), relative, UntrustedFiles.DEFAULT_MAX_ENTRIES);
    }

    @Override
    public List<String> list(String dir) {
        try (Stream<Path> s = Files.list(map(dir))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    @Override
    public java.util.Set<String> nameSet(String dir) {
        // File.list gives the names as strings; a DirectoryStream made a Path per entry (3,000 in dpkg's info)
        String[] names = map(dir).toFile().list();
        return names == null ? java.util.Set.of() : new java.util.HashSet<>(java.util.Arrays.asList(names));
    }

    @Override
    public boolean exists(String path) {
        return Files.exists(map(path));
    }

    @Override
    public boolean isReadable(String path) {
        return Files.isReadable(map(path));
    }

    @Override
    public Optional<Instant> lastModified(String path) {
        try {
            return Optional.of(Files.getLastModifiedTime(map(path)).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> realPath(String path) {
        try {
            Path real = map(path).toRealPath();
            if (!real.startsWith(root)) {
                return Optional.empty();
            }
            return Optional.of("/" + root.relativize(real).toString().replace('\\', '/'));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "files under " + root;
    }
}
