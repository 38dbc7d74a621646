package io.rollcall.collector.firstrun;

import java.util.Optional;

/**
 * What {@link FirstRun#initialise} established.
 *
 * @param created       true only on the start that generated the tokens; the caller then prints
 *                      {@link FirstRun#banner} once
 * @param url           the collector URL agents and people use
 * @param caFingerprint lowercase hex SHA-256 of the CA certificate
 * @param issued        the clear tokens, present only when {@code created}: later starts never read
 *                      them back
 * @param tokenHashes   what the collector verifies presented tokens against, on every start
 */
public record FirstRunResult(boolean created, String url, String caFingerprint, Optional<IssuedTokens> issued,
                             TokenHashes tokenHashes) {

    /**
     * The clear tokens from the first start. {@code toString} hides them so that logging a result
     * by accident leaks nothing.
     */
    public record IssuedTokens(String enrollToken, String adminToken) {
        @Override
        public String toString() {
            return "IssuedTokens[enrollToken=<redacted>, adminToken=<redacted>]";
        }
    }
}
