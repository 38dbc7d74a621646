package io.rollcall.agent.probe.security;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * The header of a ClamAV signature database (daily.cvd / daily.cld): 512 bytes of ASCII,
 * {@code ClamAV-VDB:<build time>:<version>:<signatures>:<functionality level>:<md5>:<dsig>:<builder>:<stime>}, e.g.
 * {@code ClamAV-VDB:14 Jan 2024 04:21 -0500:27154:2051352:90:…}. The format is described in ClamAV's documentation,
 * "Signatures / CVD files" (docs.clamav.net, manual/Signatures.html), and written by sigtool.
 */
final class ClamavDatabase {
    static final int HEADER_BYTES = 512;
    private static final DateTimeFormatter BUILD_TIME = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm Z", Locale.ROOT);

    private ClamavDatabase() {
    }

    /** @param version the database version (the daily database counts up once per update) */
    record Header(Instant builtAt, int version) {
    }

    /** The header's build time and version; empty when the bytes are not a CVD header. */
    static Optional<Header> parseHeader(byte[] bytes) {
        String h = new String(bytes, 0, Math.min(bytes.length, HEADER_BYTES), StandardCharsets.US_ASCII);
        if (!h.startsWith("ClamAV-VDB:")) {
            return Optional.empty();
        }
        // the build time itself contains colons ("04:21"), so split after the time zone: "…HH:mm +zzzz:"
        String rest = h.substring("ClamAV-VDB:".length());
        int zoneEnd = -1;
        for (int i = 0; i + 5 < rest.length(); i++) {
            char sign = rest.charAt(i);
            if ((sign == '+' || sign == '-') && rest.substring(i + 1, i + 5).chars().allMatch(Character::isDigit)
                    && rest.charAt(i + 5) == ':') {
                zoneEnd = i + 5;
                break;
            }
        }
        if (zoneEnd < 0) {
            return Optional.empty();
        }
        try {
            Instant built = ZonedDateTime.parse(rest.substring(0, zoneEnd).trim(), BUILD_TIME).toInstant();
            String[] after = rest.substring(zoneEnd + 1).split(":");
            int version = after.length > 0 ? Integer.parseInt(after[0].trim()) : -1;
            return Optional.of(new Header(built, version));
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
