package io.rollcall.collector.alerts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Where alerts go. A webhook gets one signed POST per event; an e-mail address gets a digest of the events queued
 * since the last one. The webhook's secret and URL (Teams and Google Chat put their keys in the URL) are never
 * serialised: the API shows the URL's host only.
 *
 * @param format {@code generic} ({@code text} plus structured fields) or {@code text} (only {@code {"text"}},
 *               for receivers that refuse unknown fields)
 * @param events the kinds it wants, from {@link #EVENTS}
 */
public record AlertTarget(UUID id, String name, String kind, @JsonIgnore String url, @JsonIgnore String secret,
                          String email, String format, List<String> events, boolean enabled, Instant createdAt,
                          String createdBy) {
    public static final String WEBHOOK = "webhook";
    public static final String EMAIL = "email";
    public static final String FINDING_HIGH = "finding-high";
    public static final String LOAN_SILENT = "loan-silent";
    public static final String UNPATCHED = "unpatched";
    public static final String LOAN_OVERDUE = "loan-overdue";
    public static final Set<String> EVENTS = Set.of(FINDING_HIGH, LOAN_SILENT, UNPATCHED, LOAN_OVERDUE);

    /** The webhook's host, for lists (the whole URL may carry the receiver's key). */
    public String urlHost() {
        if (url == null) {
            return null;
        }
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + "/…";
    }

    public boolean wants(String event) {
        return enabled && events.contains(event);
    }

    @Override
    public String toString() {
        return "AlertTarget[" + name + ", " + kind + "]";
    }
}
