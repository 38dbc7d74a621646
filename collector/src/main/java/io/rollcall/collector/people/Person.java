package io.rollcall.collector.people;

import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

/**
 * A member of staff who can borrow kit.
 *
 * @param staffId the school's own id (from the MIS export); unique, what re-imports match on
 * @param status  {@code active} or {@code leaver}
 * @param leftOn  the leaving date of a leaver, when known
 */
public record Person(UUID id, String staffId, String name, String email, String department, String status,
                     LocalDate leftOn) {
    public static final Set<String> STATUSES = Set.of("active", "leaver");

    /** Whether the stored person already says what {@code p} says (re-importing it changes nothing). */
    public boolean sameAs(Person p) {
        return java.util.Objects.equals(staffId, p.staffId) && java.util.Objects.equals(name, p.name)
                && java.util.Objects.equals(email, p.email) && java.util.Objects.equals(department, p.department)
                && java.util.Objects.equals(status, p.status) && java.util.Objects.equals(leftOn, p.leftOn);
    }

    public Person withId(UUID newId) {
        return new Person(newId, staffId, name, email, department, status, leftOn);
    }
}
