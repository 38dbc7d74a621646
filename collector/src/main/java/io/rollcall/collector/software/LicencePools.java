package io.rollcall.collector.software;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The seats a title's licences give at a moment; implemented by the licence register. */
@FunctionalInterface
public interface LicencePools {

    /** The pool for {@code titleId} at {@code now}: only licences valid then count. */
    Pool pool(String titleId, Instant now) throws SQLException;

    /**
     * @param seats    seats of the valid per-device and per-user licences; ignored when {@code site}
     * @param site     a valid site licence covers every install
     * @param licences the valid licences counted, as small maps for evidence
     */
    record Pool(int seats, boolean site, List<Map<String, Object>> licences) {
        /** Whether the install ranked {@code rank} (1 = earliest) has a seat. */
        public boolean covers(int rank) {
            return site || rank <= seats;
        }

        /** The pool's numbers with {@code installs} devices holding the title. */
        public Map<String, Object> numbers(int installs) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("seats", site ? "site" : seats);
            m.put("used", site ? installs : Math.min(installs, seats));
            m.put("installs", installs);
            m.put("overBy", site ? 0 : Math.max(0, installs - seats));
            m.put("licences", licences);
            return m;
        }
    }
}
