package io.rollcall.agent.explain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rollcall.agent.os.FileSource;
import io.rollcall.agent.os.UntrustedListing;
import io.rollcall.agent.os.UntrustedRead;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link FileSource} that records every call and its answer. It reads nothing itself: what it records is exactly
 * what the probe got. {@code firstLine} is left to the interface's default, so it is recorded as the
 * {@code readLines} it is made of.
 */
final class RecordingFileSource implements FileSource {
    private final FileSource real;
    private final String probe;
    private final Recorder recorder;

    RecordingFileSource(FileSource real, String probe, Recorder recorder) {
        this.real = real;
        this.probe = probe;
        this.recorder = recorder;
    }

    private interface Read<T> {
        T get() throws IOException;
    }

    private <T> T io(String op, List<String> args, Read<T> read, Function<T, ObjectNode> encode) throws IOException {
        long start = recorder.now();
        try {
            T value = read.get();
            recorder.add(probe, "file", op, args, encode.apply(value), start);
            return value;
        } catch (IOException | RuntimeException e) {
            recorder.add(probe, "file", op, args, Codec.error(e), start);
            throw e;
        }
    }

    private <T> T plain(String op, List<String> args, java.util.function.Supplier<T> read,
                        Function<T, ObjectNode> encode) {
        long start = recorder.now();
        T value = read.get();
        recorder.add(probe, "file", op, args, encode.apply(value), start);
        return value;
    }

    @Override
    public List<String> readLines(String path) throws IOException {
        return io("readLines", List.of(path), () -> real.readLines(path), Codec::lines);
    }

    @Override
    public String readText(String path) throws IOException {
        return io("readText", List.of(path), () -> real.readText(path), t -> Codec.JSON.objectNode().put("text", t));
    }

    @Override
    public byte[] readBytes(String path, long offset, int length) throws IOException {
        return io("readBytes", List.of(path, Long.toString(offset), Integer.toString(length)),
                () -> real.readBytes(path, offset, length), Codec::bytes);
    }

    @Override
    public UntrustedRead readUntrusted(String trustedDir, String relative, int maxBytes) {
        return plain("readUntrusted", List.of(trustedDir, relative, Integer.toString(maxBytes)),
                () -> real.readUntrusted(trustedDir, relative, maxBytes), Codec::untrusted);
    }

    @Override
    public UntrustedListing listUntrusted(String trustedDir, String relative) {
        return plain("listUntrusted", List.of(trustedDir, relative), () -> real.listUntrusted(trustedDir, relative),
                Codec::listing);
    }

    @Override
    public List<String> list(String dir) {
        return plain("list", List.of(dir), () -> real.list(dir), Codec::names);
    }

    @Override
    public boolean exists(String path) {
        return plain("exists", List.of(path), () -> real.exists(path), b -> Codec.JSON.objectNode().put("value", b));
    }

    @Override
    public boolean isReadable(String path) {
        return plain("isReadable", List.of(path), () -> real.isReadable(path),
                b -> Codec.JSON.objectNode().put("value", b));
    }

    @Override
    public Optional<Instant> lastModified(String path) {
        return plain("lastModified", List.of(path), () -> real.lastModified(path), Codec::optional);
    }

    @Override
    public Optional<String> realPath(String path) {
        return plain("realPath", List.of(path), () -> real.realPath(path), Codec::optional);
    }
}
