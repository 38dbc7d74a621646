package io.rollcall.collector.evidence;

import io.rollcall.collector.http.ApiException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.MonthDay;

/**
 * The school year's three terms, each named by the day it starts; a term ends the day before the next one starts,
 * so every date is in exactly one term (holidays belong to the term before them). Defaults: autumn from 1 September
 * (to 31 December), spring from 1 January, summer from 20 April (Easter moves; a school sets its own day) to 31
 * August. The order within a calendar year must be spring, summer, autumn.
 *
 * @param springStarts month-day, e.g. {@code 01-01}
 * @param summerStarts month-day, e.g. {@code 04-20}
 * @param autumnStarts month-day, e.g. {@code 09-01}
 */
public record Terms(String springStarts, String summerStarts, String autumnStarts) {
    public static final Terms DEFAULT = new Terms("01-01", "04-20", "09-01");

    /** One term: {@code id} like {@code 2026-autumn}, the academic year like {@code 2026/27}, first and last day. */
    public record Term(String id, String name, String academicYear, LocalDate start, LocalDate end) {
    }

    public Terms {
        MonthDay spring = parse("springStarts", springStarts);
        MonthDay summer = parse("summerStarts", summerStarts);
        MonthDay autumn = parse("autumnStarts", autumnStarts);
        if (!spring.isBefore(summer) || !summer.isBefore(autumn)) {
            throw ApiException.badRequest(String.format("summerStarts: the terms must start in the order spring "
                    + "(%s), summer (%s), autumn (%s) within a calendar year", springStarts, summerStarts, autumnStarts));
        }
    }

    private static MonthDay parse(String field, String v) {
        try {
            if (v == null) {
                throw new DateTimeException("missing");
            }
            MonthDay m = MonthDay.parse("--" + v);
            if (m.getMonthValue() == 2 && m.getDayOfMonth() == 29) {
                throw new DateTimeException("29 February is not in every year");
            }
            return m;
        } catch (DateTimeException e) {
            throw ApiException.badRequest(field + ": was \"" + v + "\", must be a month and day as MM-DD (e.g. 09-01)");
        }
    }

    private LocalDate start(String season, int year) {
        String md = switch (season) {
            case "spring" -> springStarts;
            case "summer" -> summerStarts;
            default -> autumnStarts;
        };
        return MonthDay.parse("--" + md).atYear(year);
    }

    /** The term {@code day} falls in. */
    public Term termOf(LocalDate day) {
        int y = day.getYear();
        if (!day.isBefore(start("autumn", y))) {
            return term("autumn", y);
        }
        if (!day.isBefore(start("summer", y))) {
            return term("summer", y);
        }
        if (!day.isBefore(start("spring", y))) {
            return term("spring", y);
        }
        return term("autumn", y - 1);
    }

    /** The term before {@code t}. */
    public Term previous(Term t) {
        return termOf(t.start().minusDays(1));
    }

    /** The term with this id ({@code 2026-autumn}); 400 naming {@code term} when malformed. */
    public Term byId(String id) {
        String[] p = id == null ? new String[0] : id.split("-", 2);
        if (p.length != 2 || !p[0].matches("\\d{4}") || !(p[1].equals("autumn") || p[1].equals("spring")
                || p[1].equals("summer"))) {
            throw ApiException.badRequest("term: was \"" + id + "\", must be YEAR-autumn, YEAR-spring or YEAR-summer");
        }
        return term(p[1], Integer.parseInt(p[0]));
    }

    private Term term(String season, int year) {
        LocalDate start = start(season, year);
        LocalDate next = switch (season) {
            case "spring" -> start("summer", year);
            case "summer" -> start("autumn", year);
            default -> start("spring", year + 1);
        };
        int first = season.equals("autumn") ? year : year - 1;
        String academic = first + "/" + String.format("%02d", (first + 1) % 100);
        String name = Character.toUpperCase(season.charAt(0)) + season.substring(1) + " term " + academic;
        return new Term(year + "-" + season, name, academic, start, next.minusDays(1));
    }
}
