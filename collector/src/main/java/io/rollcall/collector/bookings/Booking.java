package io.rollcall.collector.bookings;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One reservation as stored, with its person and the assets it holds.
 *
 * @param status  {@code booked} (waiting for pick-up), {@code collected} (became {@link #loanId} or {@link #batchId}),
 *                {@code cancelled}
 * @param setId   the set booked, or {@code null} when assets were booked by tag
 */
public record Booking(UUID id, UUID personId, String staffId, String personName, String personEmail, UUID setId,
                      String setName, Instant startsAt, Instant endsAt, String note, String status, Instant createdAt,
                      String createdBy, Instant closedAt, String closedBy, UUID batchId, UUID loanId,
                      List<String> assetTags) {

    public Booking withAssets(List<String> tags) {
        return new Booking(id, personId, staffId, personName, personEmail, setId, setName, startsAt, endsAt, note, status,
                createdAt, createdBy, closedAt, closedBy, batchId, loanId, List.copyOf(tags));
    }

    /** Something already holding an asset over part of a requested range: another booking or an open loan. */
    public record Clash(String assetTag, String kind, UUID id, String staffId, String personName, Instant from,
                        Instant until) {
        /** "asset 'T-1' is booked by Ann Lee (S1) from … to … (booking …)", the 409's words. */
        public String describe(java.util.function.Function<Instant, String> when) {
            return "asset '" + assetTag + "' is " + (kind.equals("booking") ? "booked by " : "on loan to ") + personName
                    + " (" + staffId + ") " + (kind.equals("booking") ? "from " + when.apply(from) + " to " + when.apply(until)
                    : "since " + when.apply(from) + ", due back " + when.apply(until)) + " (" + kind + " " + id + ")";
        }
    }
}
