package io.rollcall.collector.alerts;

import java.time.Instant;
import java.util.Map;

/**
 * Something worth telling someone about, found by {@link AlertScanner}.
 *
 * @param key     the same thing always has the same key ({@code loan-overdue:<loan id>}), so it is queued once per
 *                target however often it is seen
 * @param at      when it happened (a finding's first sighting, a loan's due date)
 * @param text    one line a person reads in Teams, Google Chat or a digest
 * @param details structured fields for receivers that read them
 */
public record AlertEvent(String kind, String key, Instant at, String text, Map<String, Object> details) {
}
