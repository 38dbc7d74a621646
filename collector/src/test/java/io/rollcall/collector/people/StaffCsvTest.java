package io.rollcall.collector.people;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The pure CSV reader: aliases, quoted fields, line numbers across quoted newlines. */
class StaffCsvTest {
    @Test
    void quotedNewlineDoesNotShiftLaterLineNumbers() {
        StaffCsv.Parsed p = StaffCsv.parse("staff_id,display name,Notes\n1,A,\"two\nlines\"\n2,,x\n");
        assertEquals(1, p.errors().size());
        assertEquals(4, p.errors().get(0).line());
        assertTrue(p.errors().get(0).reason().contains("name is empty"));
    }

    @Test
    void blankStatusFollowsTheLeavingDate() {
        StaffCsv.Parsed p = StaffCsv.parse("Staff Number,Name,End Date\n1,A,2024-07-31\n2,B,\n");
        assertEquals("leaver", p.rows().get(0).person().status());
        assertEquals("active", p.rows().get(1).person().status());
        assertNull(p.rows().get(1).person().leftOn());
    }
}
