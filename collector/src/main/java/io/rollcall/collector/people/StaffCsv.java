package io.rollcall.collector.people;

import java.io.IOException;
import java.io.StringReader;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a staff CSV export (the school's MIS) into people, with no I/O. The first row names the
 * columns; names are matched ignoring case, spaces and punctuation, with the aliases MIS exports use:
 * <ul>
 * <li>staff id: {@code Staff ID, Staff Code, Staff Number, Employee ID, Employee Number, Payroll Number}</li>
 * <li>name: {@code Name, Full Name, Display Name} — or {@code First Name/Forename/Given Name} with
 *     {@code Surname/Last Name/Family Name}</li>
 * <li>email: {@code Email, Email Address, Work Email, School Email}</li>
 * <li>department: {@code Department, Dept, Team, Faculty}</li>
 * <li>status: {@code Status, Employment Status}: active/current, or leaver/left/former; blank means
 *     leaver when a leaving date is given, active otherwise</li>
 * <li>leaving date: {@code Leaving Date, Left Date, Left On, End Date, Date Of Leaving}: yyyy-mm-dd or dd/mm/yyyy</li>
 * </ul>
 * Other columns are ignored and listed. Every bad row is reported with its line number.
 */
public final class StaffCsv {
    /** Rows beyond this are refused: a school's staff list is a few hundred to a few thousand. */
    public static final int MAX_ROWS = 20_000;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final DateTimeFormatter UK = DateTimeFormatter.ofPattern("dd/MM/uuuu");
    private static final Map<String, String> ALIASES = aliases();

    /** One good row and the line it started on. */
    public record Row(long line, Person person) {
    }

    /** A refused row (or the header, line 1) and why. */
    public record LineError(long line, String reason) {
    }

    /** What the file holds: rows to apply if {@code errors} is empty. */
    public record Parsed(List<Row> rows, List<LineError> errors, List<String> ignoredColumns) {
    }

    private StaffCsv() {
    }

    public static Parsed parse(String text) {
        List<Row> rows = new ArrayList<>();
        List<LineError> errors = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text; // Excel writes a BOM
        CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).setTrim(true).get();
        try (CSVParser parser = CSVParser.parse(new StringReader(body), format)) {
            Iterator<CSVRecord> it = parser.iterator();
            if (!it.hasNext()) {
                errors.add(new LineError(1, "the file is empty; the first row must name the columns"));
                return new Parsed(rows, errors, ignored);
            }
            Map<String, Integer> cols = header(it.next(), errors, ignored);
            if (!errors.isEmpty()) {
                return new Parsed(rows, errors, ignored);
            }
            Map<String, Long> seen = new HashMap<>();
            long line = parser.getCurrentLineNumber() + 1;
            while (it.hasNext()) {
                CSVRecord r = it.next();
                if (rows.size() + errors.size() >= MAX_ROWS) {
                    errors.add(new LineError(line, "more than " + MAX_ROWS + " rows; split the file"));
                    break;
                }
                row(r, line, cols, seen, rows, errors);
                line = parser.getCurrentLineNumber() + 1;
            }
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            errors.add(new LineError(0, "the file is not valid CSV: " + e.getMessage()));
        }
        return new Parsed(rows, errors, ignored);
    }

    private static Map<String, Integer> header(CSVRecord h, List<LineError> errors, List<String> ignored) {
        Map<String, Integer> cols = new LinkedHashMap<>();
        for (int i = 0; i < h.size(); i++) {
            String field = ALIASES.get(normalise(h.get(i)));
            if (field == null) {
                ignored.add(h.get(i));
            } else if (cols.putIfAbsent(field, i) != null) {
                errors.add(new LineError(1, "column '" + h.get(i) + "' repeats the " + field + " column"));
            }
        }
        if (!cols.containsKey("staffId")) {
            errors.add(new LineError(1, "no staff id column (e.g. 'Staff ID'); columns were " + h.toList()));
        }
        if (!cols.containsKey("name") && !(cols.containsKey("firstName") && cols.containsKey("surname"))) {
            errors.add(new LineError(1, "no name column ('Name', or 'First Name' and 'Surname'); columns were " + h.toList()));
        }
        return cols;
    }

    private static void row(CSVRecord r, long line, Map<String, Integer> cols, Map<String, Long> seen, List<Row> rows,
                            List<LineError> errors) {
        List<String> problems = new ArrayList<>();
        String staffId = cell(r, cols, "staffId", 64, problems);
        String name = cell(r, cols, "name", 256, problems);
        if (name == null) {
            String first = cell(r, cols, "firstName", 128, problems);
            String last = cell(r, cols, "surname", 128, problems);
            name = first == null ? last : last == null ? first : first + " " + last;
        }
        String email = cell(r, cols, "email", 320, problems);
        String dept = cell(r, cols, "department", 128, problems);
        String status = cell(r, cols, "status", 32, problems);
        String left = cell(r, cols, "leftOn", 10, problems);
        if (staffId == null) {
            problems.add("staff id is empty");
        } else if (seen.containsKey(staffId.toLowerCase(Locale.ROOT))) {
            problems.add("staff id '" + staffId + "' is also on line " + seen.get(staffId.toLowerCase(Locale.ROOT)));
        }
        if (name == null) {
            problems.add("name is empty");
        }
        if (email != null && !EMAIL.matcher(email).matches()) {
            problems.add("email '" + email + "' is not an e-mail address");
        }
        LocalDate leftOn = date(left, problems);
        String st = status(status, leftOn, problems);
        if (problems.isEmpty()) {
            seen.put(staffId.toLowerCase(Locale.ROOT), line);
            rows.add(new Row(line, new Person(null, staffId, name, email, dept, st, leftOn)));
        } else {
            errors.add(new LineError(line, String.join("; ", problems)));
        }
    }

    private static String cell(CSVRecord r, Map<String, Integer> cols, String field, int max, List<String> problems) {
        Integer i = cols.get(field);
        if (i == null || i >= r.size()) {
            return null;
        }
        String v = r.get(i).strip();
        if (v.isEmpty()) {
            return null;
        }
        if (v.length() > max) {
            problems.add(field + " is " + v.length() + " characters, the limit is " + max);
            return null;
        }
        if (v.chars().anyMatch(Character::isISOControl)) {
            problems.add(field + " contains a control character");
            return null;
        }
        return v;
    }

    private static LocalDate date(String v, List<String> problems) {
        if (v == null) {
            return null;
        }
        try {
            return v.contains("/") ? LocalDate.parse(v, UK) : LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            problems.add("leaving date '" + v + "' is not a date (yyyy-mm-dd or dd/mm/yyyy)");
            return null;
        }
    }

    private static String status(String v, LocalDate leftOn, List<String> problems) {
        if (v == null) {
            return leftOn == null ? "active" : "leaver";
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "active", "current" -> "active";
            case "leaver", "left", "former" -> "leaver";
            default -> {
                problems.add("status '" + v + "' must be active or leaver");
                yield null;
            }
        };
    }

    private static String normalise(String header) {
        return header.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static Map<String, String> aliases() {
        Map<String, String> m = new HashMap<>();
        for (String a : List.of("staffid", "staffcode", "staffnumber", "employeeid", "employeenumber", "payrollnumber")) {
            m.put(a, "staffId");
        }
        for (String a : List.of("name", "fullname", "displayname")) {
            m.put(a, "name");
        }
        for (String a : List.of("firstname", "forename", "givenname")) {
            m.put(a, "firstName");
        }
        for (String a : List.of("surname", "lastname", "familyname")) {
            m.put(a, "surname");
        }
        for (String a : List.of("email", "emailaddress", "workemail", "schoolemail")) {
            m.put(a, "email");
        }
        for (String a : List.of("department", "dept", "team", "faculty")) {
            m.put(a, "department");
        }
        for (String a : List.of("status", "employmentstatus")) {
            m.put(a, "status");
        }
        for (String a : List.of("leavingdate", "leftdate", "lefton", "enddate", "dateofleaving")) {
            m.put(a, "leftOn");
        }
        return Map.copyOf(m);
    }
}
