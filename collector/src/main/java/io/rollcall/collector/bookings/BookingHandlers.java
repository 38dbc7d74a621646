package io.rollcall.collector.bookings;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.collector.assets.Fields;
import io.rollcall.collector.http.Api;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.ApiModule;
import io.rollcall.collector.http.ApiRouter;
import io.rollcall.collector.http.JsonBody;
import io.rollcall.collector.http.Principal;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /api/v1/bookings}: book, list, read, cancel, pick up, and a set's day/week calendar. Business managers only.
 * SQL runs on the worker pool.
 */
public final class BookingHandlers implements ApiModule {
    private static final Map<String, List<String>> STATES = Map.of("booked", List.of("booked"), "collected",
            List.of("collected"), "cancelled", List.of("cancelled"), "all", List.of("booked", "collected", "cancelled"));

    private final WorkerExecutor blocking;
    private final BookingService bookings;
    private final BookingCalendar calendar;

    public BookingHandlers(WorkerExecutor blocking, BookingService bookings, BookingCalendar calendar) {
        this.blocking = blocking;
        this.bookings = bookings;
        this.calendar = calendar;
    }

    @Override
    public void mount(ApiRouter api) {
        api.get("/api/v1/bookings", Role.BUSINESS_MANAGERS, this::list);
        api.post("/api/v1/bookings", Role.BUSINESS_MANAGERS, JsonBody.limit(32 * 1024), this::book);
        // before /bookings/:id so "calendar" is not taken for a booking id
        api.get("/api/v1/bookings/calendar", Role.BUSINESS_MANAGERS, this::calendar);
        api.get("/api/v1/bookings/:id", Role.BUSINESS_MANAGERS, this::get);
        api.post("/api/v1/bookings/:id/cancel", Role.BUSINESS_MANAGERS, this::cancel);
        api.post("/api/v1/bookings/:id/collect", Role.BUSINESS_MANAGERS, JsonBody.limit(16 * 1024), this::collect);
    }

    void book(RoutingContext ctx) {
        JsonNode b = JsonBody.object(ctx);
        List<String> tags = tags(b);
        UUID set = Query.uuid("setId", Fields.text(b, "setId", 36, false));
        UUID person = Query.uuid("personId", Fields.text(b, "personId", 36, true));
        Instant start = Fields.instant(b, "startsAt", true);
        Instant end = Fields.instant(b, "endsAt", true);
        String note = Fields.text(b, "note", 512, false);
        String actor = Principal.of(ctx).id();
        blocking.executeBlocking(() -> bookings.book(tags, set, person, start, end, note, actor), false)
                .onSuccess(r -> Api.json(ctx, 201, r)).onFailure(ctx::fail);
    }

    /** {@code assetTags} as an array of strings, or {@code assetTag} for one; null when neither is given. */
    static List<String> tags(JsonNode b) {
        JsonNode arr = b.get("assetTags");
        if (arr == null || arr.isNull()) {
            String one = Fields.text(b, "assetTag", 64, false);
            return one == null ? null : List.of(one);
        }
        if (!arr.isArray()) {
            throw ApiException.badRequest("assetTags: must be an array of asset tags");
        }
        if (arr.size() > BookingService.MAX_ASSETS) {
            throw ApiException.badRequest("assetTags: " + arr.size() + " tags, the limit is " + BookingService.MAX_ASSETS);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode t : arr) {
            if (!t.isTextual()) {
                throw ApiException.badRequest("assetTags: every item must be a string");
            }
            out.add(Fields.clean("assetTags", t.asText(), 64, true));
        }
        return out;
    }

    void list(RoutingContext ctx) {
        String state = Query.text(ctx, "state", 16);
        List<String> statuses = STATES.get(state == null ? "booked" : state);
        if (statuses == null) {
            throw ApiException.badRequest("state: was '" + state + "', must be one of "
                    + STATES.keySet().stream().sorted().toList());
        }
        Instant from = instant(ctx, "from", bookingsNow());
        Instant to = instant(ctx, "to", from.plus(java.time.Duration.ofDays(366)));
        String tag = Query.text(ctx, "asset", 64);
        UUID set = Query.uuid("set", Query.text(ctx, "set", 36));
        UUID person = Query.uuid("person", Query.text(ctx, "person", 36));
        int limit = Query.integer(ctx, "limit", 200, 1, 1000);
        blocking.executeBlocking(() -> bookings.list(statuses, from, to, tag, set, person, limit), false)
                .onSuccess(items -> Api.json(ctx, 200, Map.of("items", items))).onFailure(ctx::fail);
    }

    private Instant bookingsNow() {
        return bookings.now().minus(java.time.Duration.ofDays(1));
    }

    private static Instant instant(RoutingContext ctx, String name, Instant dflt) {
        String v = Query.text(ctx, name, 40);
        if (v == null) {
            return dflt;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw ApiException.badRequest(name + ": was '" + v + "', must be an ISO-8601 instant or date");
            }
        }
    }

    void calendar(RoutingContext ctx) {
        UUID set = Query.uuid("set", Query.text(ctx, "set", 36));
        if (set == null) {
            throw ApiException.badRequest("set: the set's id is required");
        }
        String view = Query.text(ctx, "view", 8);
        if (view != null && !view.equals("day") && !view.equals("week")) {
            throw ApiException.badRequest("view: was '" + view + "', must be day or week");
        }
        LocalDate date = date(ctx, bookings.now().atZone(ZoneOffset.UTC).toLocalDate());
        boolean day = "day".equals(view);
        LocalDate from = day ? date : date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        blocking.executeBlocking(() -> calendar.of(set, from, day ? 1 : 7), false)
                .onSuccess(r -> Api.json(ctx, 200, r)).onFailure(ctx::fail);
    }

    /** The {@code date} query parameter, a plain date. */
    public static LocalDate date(RoutingContext ctx, LocalDate dflt) {
        String v = Query.text(ctx, "date", 10);
        if (v == null) {
            return dflt;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("date: was '" + v + "', must be a date (yyyy-mm-dd)");
        }
    }

    void get(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        blocking.executeBlocking(() -> bookings.get(id), false).onSuccess(r -> Api.json(ctx, 200, r)).onFailure(ctx::fail);
    }

    void cancel(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        String actor = Principal.of(ctx).id();
        blocking.executeBlocking(() -> bookings.cancel(id, actor), false)
                .onSuccess(r -> Api.json(ctx, 200, r)).onFailure(ctx::fail);
    }

    void collect(RoutingContext ctx) {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        JsonNode b = ctx.body().length() == 0 ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                : JsonBody.object(ctx);
        String condition = Fields.text(b, "conditionOut", 512, false);
        String actor = Principal.of(ctx).id();
        blocking.executeBlocking(() -> bookings.collect(id, condition, actor), false)
                .onSuccess(r -> Api.json(ctx, 200, r)).onFailure(ctx::fail);
    }
}
