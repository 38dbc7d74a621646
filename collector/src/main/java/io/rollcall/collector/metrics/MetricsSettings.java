package io.rollcall.collector.metrics;

import java.util.List;
import java.util.Properties;

/**
 * Who may read {@code GET /metrics}. With {@code metrics.token} set, any client that sends
 * {@code Authorization: Bearer <token>}; without it, only clients connected from a loopback address (a Prometheus
 * or an operator on the collector's own machine), everyone else gets 403. {@link #toString} never shows the token.
 *
 * @param token the bearer token scrapers send, or {@code null}
 */
public record MetricsSettings(String token) {
    /** The config-file keys read by {@link #with}. */
    public static final List<String> KEYS = List.of("metrics.token");
    /** Shorter tokens are refused: a scrape token guards operational data and is typed once, into a config file. */
    static final int MIN_TOKEN_LENGTH = 16;

    public MetricsSettings {
        if (token != null && token.isBlank()) {
            token = null;
        }
        if (token != null && token.strip().length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("metrics.token is " + token.strip().length()
                    + " characters, must be at least " + MIN_TOKEN_LENGTH);
        }
        token = token == null ? null : token.strip();
    }

    public static MetricsSettings defaults() {
        return new MetricsSettings(null);
    }

    /** These settings with the file's {@code metrics.*} keys applied. */
    public MetricsSettings with(Properties p) {
        return new MetricsSettings(p.getProperty("metrics.token", token));
    }

    @Override
    public String toString() {
        return "MetricsSettings[token=" + (token == null ? "unset (loopback only)" : "set") + "]";
    }
}
