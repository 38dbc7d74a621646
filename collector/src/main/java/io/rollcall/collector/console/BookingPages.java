package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.badge;
import static io.rollcall.collector.console.Html.esc;
import static io.rollcall.collector.console.Html.when;

import io.rollcall.collector.acklinks.AckLinkStore;
import io.rollcall.collector.acklinks.AckLinks;
import io.rollcall.collector.assets.Fields;
import io.rollcall.collector.bookings.BookingCalendar;
import io.rollcall.collector.bookings.BookingService;
import io.rollcall.collector.http.ApiException;
import io.rollcall.collector.http.Query;
import io.rollcall.collector.http.Role;
import io.rollcall.collector.people.PeopleService;
import io.rollcall.collector.people.PeopleStore;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reservations in the console: the booking form (a set, or asset tags, for a member of staff over a UTC date-time
 * range) with the upcoming bookings; one booking with pick-up (it becomes the loans in one step) and cancel; a set's
 * day or week view; and the unacknowledged loans with a re-send button per loan. Calls {@link BookingService},
 * {@link BookingCalendar} and {@link AckLinks}.
 */
public final class BookingPages implements ConsoleModule {
    private static final Map<String, String> DONE = Map.of("booked", "Booked.", "collected",
            "Collected: the loans are made and the borrower has been e-mailed a link to acknowledge them.",
            "cancelled", "Cancelled.", "sent", "A new acknowledgement link was e-mailed; older links no longer work.");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM uuuu");
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private final BookingService bookings;
    private final BookingCalendar calendar;
    private final AckLinks links;
    private final PeopleService people;
    private ConsoleRouter console;

    public BookingPages(BookingService bookings, BookingCalendar calendar, AckLinks links, PeopleService people) {
        this.bookings = bookings;
        this.calendar = calendar;
        this.links = links;
        this.people = people;
    }

    @Override
    public void mount(ConsoleRouter console) {
        this.console = console;
        console.nav("Bookings", "/console/bookings", Role.BUSINESS_MANAGERS);
        console.nav("Acknowledgements", "/console/acknowledgements", Role.BUSINESS_MANAGERS);
        console.page("/console/bookings", Role.BUSINESS_MANAGERS, this::index);
        console.action("/console/bookings", Role.BUSINESS_MANAGERS, this::book);
        // before /console/bookings/:id so "sets" is not taken for a booking id
        console.page("/console/bookings/sets/:id", Role.BUSINESS_MANAGERS, this::week);
        console.page("/console/bookings/:id", Role.BUSINESS_MANAGERS, this::booking);
        console.action("/console/bookings/:id/collect", Role.BUSINESS_MANAGERS, this::collect);
        console.action("/console/bookings/:id/cancel", Role.BUSINESS_MANAGERS, this::cancel);
        console.page("/console/acknowledgements", Role.BUSINESS_MANAGERS, this::unacknowledged);
        console.action("/console/acknowledgements/:id/resend", Role.BUSINESS_MANAGERS, this::resend);
    }

    private String index(RoutingContext ctx, Viewer v) throws Exception {
        String set = Query.text(ctx, "set", 36);
        Map<UUID, String> sets = bookings.sets();
        // the form offers the next whole hour, a slot that can still be booked
        LocalDateTime slot = LocalDateTime.ofInstant(bookings.now(), ZoneOffset.UTC)
                .truncatedTo(java.time.temporal.ChronoUnit.HOURS).plusHours(1);
        String[] options = new String[2 + 2 * sets.size()];
        options[0] = "";
        options[1] = "(no set: book the tags below)";
        int i = 2;
        for (Map.Entry<UUID, String> s : sets.entrySet()) {
            options[i++] = s.getKey().toString();
            options[i++] = s.getValue();
        }
        StringBuilder h = new StringBuilder(Form.done(DONE, ctx)).append("<h2>Book</h2>")
                .append(Form.open("/console/bookings", "stack", v.csrf()))
                .append(Form.select("setId", "setId", "Set", set, options))
                .append(Form.input("assetTags", "assetTags", "Or asset tags (separated by spaces or commas)", "text", "",
                        "maxlength=\"4000\" autocomplete=\"off\""))
                .append(Form.input("staffId", "staffId", "For (staff id; type to pick)", "text", "",
                        "required maxlength=\"64\" list=\"staff\" autocomplete=\"off\"")).append("<datalist id=\"staff\">");
        for (PeopleStore.Listed p : people.list("active", null, null, 500, 0)) {
            h.append("<option value=\"").append(esc(p.staffId())).append("\">").append(esc(p.name())).append("</option>");
        }
        h.append("</datalist>")
                .append(Form.input("startsAt", "startsAt", "From (UTC)", "datetime-local", slot.toString(), "required"))
                .append(Form.input("endsAt", "endsAt", "Until (UTC)", "datetime-local", slot.plusHours(1).toString(), "required"))
                .append(Form.input("note", "note", "Note (lesson, trip)", "text", "", "maxlength=\"512\""))
                .append("<button type=\"submit\">Book</button></form>");
        h.append("<h2>Week views</h2>");
        if (sets.isEmpty()) {
            h.append("<p>No sets yet.</p>");
        } else {
            h.append("<ul>");
            sets.forEach((id, name) -> h.append("<li><a href=\"/console/bookings/sets/").append(id).append("\">")
                    .append(esc(name)).append("</a></li>"));
            h.append("</ul>");
        }
        h.append("<h2>Coming up</h2>");
        List<Map<String, Object>> upcoming = bookings.list(List.of("booked"), bookings.now(),
                bookings.now().plus(java.time.Duration.ofDays(120)), null, null, null, 200);
        table(h, upcoming);
        return Layout.page("Bookings", v, console.navFor(v.role()), "/console/bookings", h.toString());
    }

    @SuppressWarnings("unchecked")
    private static void table(StringBuilder h, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            h.append("<p>None.</p>");
            return;
        }
        h.append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">From</th><th scope=\"col\">Until</th><th scope=\"col\">For</th>")
                .append("<th scope=\"col\">What</th><th scope=\"col\">Status</th></tr></thead><tbody>");
        for (Map<String, Object> b : rows) {
            Map<String, Object> who = (Map<String, Object>) b.get("person");
            h.append("<tr><td><a href=\"/console/bookings/").append(b.get("id")).append("\">")
                    .append(when((Instant) b.get("startsAt"))).append("</a></td><td>").append(when((Instant) b.get("endsAt")))
                    .append("</td><td>").append(esc(who.get("name"))).append(" (").append(esc(who.get("staffId")))
                    .append(")</td><td>").append(esc(what(b))).append("</td><td>").append(esc(b.get("status")))
                    .append("</td></tr>");
        }
        h.append("</tbody></table></div>");
    }

    @SuppressWarnings("unchecked")
    private static String what(Map<String, Object> b) {
        List<String> tags = (List<String>) b.get("assetTags");
        Map<String, Object> set = (Map<String, Object>) b.get("set");
        return set != null ? set.get("name") + " (" + tags.size() + " items)"
                : tags.size() <= 3 ? String.join(", ", tags) : tags.size() + " assets";
    }

    private String book(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        var b = Form.json(form);
        UUID set = Query.uuid("setId", Fields.text(b, "setId", 36, false));
        String raw = Fields.text(b, "assetTags", 4000, false);
        List<String> tags = raw == null ? null : Arrays.stream(raw.split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
        UUID person = people.byStaffId(Fields.text(b, "staffId", 64, true)).id();
        Instant start = local(b, "startsAt");
        Instant end = local(b, "endsAt");
        Map<String, Object> r = bookings.book(tags, set, person, start, end, Fields.text(b, "note", 512, false),
                v.principal().id());
        return "/console/bookings/" + r.get("id") + "?done=booked";
    }

    /** A datetime-local field, read as UTC like every time the console shows. */
    private static Instant local(com.fasterxml.jackson.databind.JsonNode b, String field) {
        String s = Fields.text(b, field, 40, true);
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field + ": was '" + s + "', must be a date and time (yyyy-mm-ddThh:mm)");
        }
    }

    @SuppressWarnings("unchecked")
    private String booking(RoutingContext ctx, Viewer v) throws Exception {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        Map<String, Object> b = bookings.get(id);
        Map<String, Object> who = (Map<String, Object>) b.get("person");
        Map<String, Object> set = (Map<String, Object>) b.get("set");
        String status = (String) b.get("status");
        StringBuilder h = new StringBuilder(Form.done(DONE, ctx)).append("<dl class=\"facts\"><dt>Status</dt><dd>")
                .append(badge(status.equals("cancelled") ? "warn" : "ok", status)).append("</dd><dt>For</dt><dd>")
                .append(esc(who.get("name"))).append(" (").append(esc(who.get("staffId"))).append(")</dd>")
                .append("<dt>From</dt><dd>").append(when((Instant) b.get("startsAt"))).append("</dd><dt>Until</dt><dd>")
                .append(when((Instant) b.get("endsAt"))).append("</dd>");
        if (set != null) {
            h.append("<dt>Set</dt><dd><a href=\"/console/bookings/sets/").append(set.get("id")).append("\">")
                    .append(esc(set.get("name"))).append("</a></dd>");
        }
        h.append("<dt>Assets</dt><dd>").append(esc(String.join(", ", (List<String>) b.get("assetTags"))))
                .append("</dd><dt>Note</dt><dd>").append(esc(b.get("note"))).append("</dd></dl>");
        if (status.equals("booked")) {
            h.append("<h2>Pick-up</h2>").append(Form.open("/console/bookings/" + id + "/collect", "stack", v.csrf()))
                    .append(Form.input("conditionOut", "conditionOut", "Condition going out", "text", "", "maxlength=\"512\""))
                    .append("<button type=\"submit\">Lend now (due back at the booking's end)</button></form>")
                    .append("<h2>Cancel</h2>").append(Form.open("/console/bookings/" + id + "/cancel", "filters", v.csrf()))
                    .append("<button type=\"submit\" data-confirm=\"Cancel this booking?\">Cancel the booking</button></form>");
        }
        List<UUID> loans = (List<UUID>) b.get("loans");
        if (!loans.isEmpty()) {
            h.append("<h2>Loans</h2><ul>");
            for (UUID l : loans) {
                h.append("<li><a href=\"/console/loans/").append(l).append("\">Loan ").append(l).append("</a></li>");
            }
            h.append("</ul>");
        }
        return Layout.page("Booking", v, console.navFor(v.role()), "/console/bookings", h.toString());
    }

    private String collect(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        bookings.collect(id, Fields.text(Form.json(form), "conditionOut", 512, false), v.principal().id());
        return "/console/bookings/" + id + "?done=collected";
    }

    private String cancel(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        UUID id = Query.uuid("id", ctx.pathParam("id"));
        bookings.cancel(id, v.principal().id());
        return "/console/bookings/" + id + "?done=cancelled";
    }

    private String week(RoutingContext ctx, Viewer v) throws Exception {
        UUID set = Query.uuid("id", ctx.pathParam("id"));
        boolean day = "day".equals(Query.text(ctx, "view", 8));
        LocalDate date = io.rollcall.collector.bookings.BookingHandlers.date(ctx,
                bookings.now().atZone(ZoneOffset.UTC).toLocalDate());
        LocalDate from = day ? date : date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        BookingCalendar.View cal = calendar.of(set, from, day ? 1 : 7);
        String base = "/console/bookings/sets/" + set;
        String mode = day ? "&view=day" : "";
        int step = day ? 1 : 7;
        StringBuilder h = new StringBuilder("<p>").append(cal.members()).append(" assets · times in UTC · ")
                .append("<a href=\"/console/bookings?set=").append(set).append("\">Book this set</a></p>")
                .append("<nav class=\"pager\" aria-label=\"").append(day ? "Days" : "Weeks").append("\">")
                .append("<a rel=\"prev\" href=\"").append(base).append("?date=").append(from.minusDays(step)).append(mode)
                .append("\">Previous ").append(day ? "day" : "week").append("</a> ")
                .append("<a rel=\"next\" href=\"").append(base).append("?date=").append(from.plusDays(step)).append(mode)
                .append("\">Next ").append(day ? "day" : "week").append("</a> ")
                .append(day ? "<a href=\"" + base + "?date=" + from + "\">Week view</a>"
                        : "<a href=\"" + base + "?date=" + from + "&view=day\">Day view</a>").append("</nav>");
        h.append("<div class=\"scroll\"><table id=\"calendar\"><thead><tr><th scope=\"col\">Day</th><th scope=\"col\">Time</th>")
                .append("<th scope=\"col\">Who</th><th scope=\"col\">What</th><th scope=\"col\">Status</th></tr></thead><tbody>");
        for (BookingCalendar.Day d : cal.byDay()) {
            String dayLink = "<a href=\"" + base + "?date=" + d.date() + "&view=day\">" + esc(DAY.format(d.date())) + "</a>";
            if (d.entries().isEmpty()) {
                h.append("<tr><th scope=\"row\">").append(dayLink).append("</th><td colspan=\"4\">Free</td></tr>");
            }
            for (BookingCalendar.Entry e : d.entries()) {
                String href = e.kind().equals("booking") ? "/console/bookings/" + e.id()
                        : e.kind().equals("loan") ? "/console/loans/" + e.id() : null;
                String what = e.assetTags().size() == cal.members() ? "whole set (" + cal.members() + ")"
                        : e.assetTags().size() <= 3 ? String.join(", ", e.assetTags()) : e.assetTags().size() + " assets";
                h.append("<tr><th scope=\"row\">").append(dayLink).append("</th><td>")
                        .append(span(e.from(), e.until(), d.date())).append("</td><td>").append(esc(e.personName()))
                        .append(" (").append(esc(e.staffId())).append(")</td><td>")
                        .append(href == null ? esc(what) : "<a href=\"" + href + "\">" + esc(what) + "</a>")
                        .append("</td><td>").append(esc(e.kind().equals("booking") ? e.status() : "on loan: " + e.status()))
                        .append("</td></tr>");
            }
        }
        h.append("</tbody></table></div>");
        return Layout.page(cal.setName() + (day ? " · " + DAY.format(from) : " · week of " + DAY.format(from)), v,
                console.navFor(v.role()), "/console/bookings", h.toString());
    }

    /** "09:00–10:00", or "from 09:00" / "until 10:00" / "all day" for an entry running over the day's edges. */
    private static String span(Instant from, Instant until, LocalDate day) {
        Instant ds = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant de = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        boolean starts = !from.isBefore(ds);
        boolean ends = !until.isAfter(de);
        if (starts && ends) {
            return HM.format(from) + "–" + HM.format(until);
        }
        return starts ? "from " + HM.format(from) : ends ? "until " + HM.format(until) : "all day";
    }

    private String unacknowledged(RoutingContext ctx, Viewer v) throws Exception {
        int offset = Query.integer(ctx, "offset", 0, 0, 10_000_000);
        List<AckLinkStore.Pending> rows = links.unacknowledged(101, offset);
        StringBuilder h = new StringBuilder(Form.done(DONE, ctx))
                .append("<p>Open loans the borrower has not acknowledged. A re-send e-mails a new link; the old one stops working.</p>");
        if (rows.isEmpty()) {
            h.append("<p>None: every open loan is acknowledged.</p>");
        } else {
            h.append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Asset</th><th scope=\"col\">Borrower</th><th scope=\"col\">Lent</th>")
                    .append("<th scope=\"col\">Links sent</th><th scope=\"col\">Last sent</th><th scope=\"col\">Action</th>")
                    .append("</tr></thead><tbody>");
            for (AckLinkStore.Pending p : rows.subList(0, Math.min(100, rows.size()))) {
                h.append("<tr><td><a href=\"/console/loans/").append(p.loanId()).append("\">").append(esc(p.assetTag()))
                        .append("</a>").append(p.batchId() == null ? "" : " " + badge("info", "batch")).append("</td><td>")
                        .append(esc(p.name())).append(" (").append(esc(p.staffId())).append(')')
                        .append(p.email() == null ? " " + badge("warn", "no e-mail") : "").append("</td><td>")
                        .append(when(p.outAt())).append("</td><td>").append(p.linksSent()).append("</td><td>")
                        .append(when(p.lastSentAt())).append("</td><td>")
                        .append(Form.open("/console/acknowledgements/" + p.loanId() + "/resend", "inline", v.csrf()))
                        .append("<button type=\"submit\" aria-label=\"Re-send the link for ").append(esc(p.assetTag()))
                        .append("\">Re-send link</button></form></td></tr>");
            }
            h.append("</tbody></table></div>")
                    .append(Layout.pagerMore("/console/acknowledgements", "", offset, 100, Math.min(100, rows.size()), rows.size() > 100));
        }
        return Layout.page("Unacknowledged loans", v, console.navFor(v.role()), "/console/acknowledgements", h.toString());
    }

    private String resend(RoutingContext ctx, Viewer v, MultiMap form) throws Exception {
        links.resend(Query.uuid("id", ctx.pathParam("id")), v.principal().id());
        return "/console/acknowledgements?done=sent";
    }
}
