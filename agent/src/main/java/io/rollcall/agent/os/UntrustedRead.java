package io.rollcall.agent.os;

import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.util.List;

/**
 * What {@link UntrustedFiles} made of one file a user can write: its content, "missing", or a refusal with the reason
 * in words a technician can act on ("symlink refused", "not a regular file (FIFO)", "larger than 64 KiB",
 * "timed out after 5 s"). A reason never names the path, since a home directory's path names its user.
 */
public final class UntrustedRead {
    private static final UntrustedRead MISSING = new UntrustedRead(null, null);

    private final byte[] content;
    private final String refusal;

    private UntrustedRead(byte[] content, String refusal) {
        this.content = content;
        this.refusal = refusal;
    }

    public static UntrustedRead content(byte[] bytes) {
        return new UntrustedRead(bytes.clone(), null);
    }

    public static UntrustedRead missing() {
        return MISSING;
    }

    public static UntrustedRead refused(String reason) {
        return new UntrustedRead(null, reason);
    }

    /** True when the file was read; {@link #bytes()} holds it. */
    public boolean isPresent() {
        return content != null;
    }

    /** True when the file (or a directory on its way) does not exist: the user never wrote it. */
    public boolean isMissing() {
        return content == null && refusal == null;
    }

    /** True when the file exists but was not read; {@link #reason()} says why. */
    public boolean isRefused() {
        return refusal != null;
    }

    /** Why the file was not read; {@code null} unless {@link #isRefused()}. */
    public String reason() {
        return refusal;
    }

    /** The content; throws {@link IllegalStateException} unless {@link #isPresent()}. */
    public byte[] bytes() {
        if (content == null) {
            throw new IllegalStateException("no content: " + this);
        }
        return content.clone();
    }

    /** The content as UTF-8, malformed bytes replaced (a stray Latin-1 byte must not lose the whole file). */
    public String text() {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("REPLACE decoding cannot fail", e);
        }
    }

    public List<String> lines() {
        return text().lines().toList();
    }

    @Override
    public String toString() {
        return isPresent() ? content.length + " bytes" : isMissing() ? "missing" : "refused: " + refusal;
    }
}
