package io.rollcall.collector.loans;

import io.rollcall.collector.assets.Asset;
import io.rollcall.collector.assets.AssetStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A loan as the API shows it: its state, whether its acknowledgement still matches the terms and
 * loan details, and for a lent laptop or tablet the linked agent device and whether it has gone silent.
 */
final class LoanViews {
    private LoanViews() {
    }

    /** Whether the stored acknowledgement hash still matches what is stored now; {@code null} if not acknowledged. */
    static Boolean termsIntact(Connection c, Loan l) throws SQLException {
        if (l.ackHash() == null) {
            return null;
        }
        LoanStore.Terms t = LoanStore.terms(c, l.termsId());
        return t != null && AckHash.of(t.text(), l, l.ackName(), l.ackAt()).equals(l.ackHash());
    }

    /**
     * A lent device is silent when neither a report nor the loan itself is more recent than
     * {@code silentDays}: a laptop that sat on a shelf is not flagged on the day it is lent.
     */
    static Map<String, Object> device(Connection c, Loan l, Instant now, int silentDays) throws SQLException {
        if (!l.carriesAgent()) {
            return null;
        }
        Asset.LinkedDevice d = AssetStore.linkedDevice(c, l.serial());
        if (d == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deviceId", d.deviceId());
        m.put("hostname", d.hostname());
        m.put("lastReportAt", d.lastReportAt());
        m.put("compliant", d.compliant());
        m.put("openFindings", d.openFindings());
        if (l.open()) {
            Instant ref = d.lastReportAt() == null || d.lastReportAt().isBefore(l.outAt()) ? l.outAt() : d.lastReportAt();
            m.put("silent", ref.isBefore(now.minus(Duration.ofDays(silentDays))));
        }
        return m;
    }

    static Map<String, Object> view(Connection c, Loan l, Instant now, int silentDays) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", l.id());
        m.put("state", l.state(now));
        Map<String, Object> asset = new LinkedHashMap<>();
        asset.put("tag", l.assetTag());
        asset.put("type", l.assetType());
        asset.put("make", l.make());
        asset.put("model", l.model());
        asset.put("serial", l.serial());
        m.put("asset", asset);
        Map<String, Object> who = new LinkedHashMap<>();
        who.put("id", l.personId());
        who.put("staffId", l.staffId());
        who.put("name", l.borrowerName());
        who.put("email", l.borrowerEmail());
        who.put("status", l.borrowerStatus());
        m.put("borrower", who);
        m.put("outAt", l.outAt());
        m.put("dueAt", l.dueAt());
        m.put("conditionOut", l.conditionOut());
        m.put("lentBy", l.lentBy());
        m.put("termsVersion", l.termsId());
        if (l.ackAt() == null) {
            m.put("acknowledgement", null);
        } else {
            Map<String, Object> ack = new LinkedHashMap<>();
            ack.put("typedName", l.ackName());
            ack.put("at", l.ackAt());
            ack.put("sha256", l.ackHash());
            ack.put("termsIntact", termsIntact(c, l));
            m.put("acknowledgement", ack);
        }
        m.put("closedAt", l.closedAt());
        m.put("closedReason", l.closedReason());
        m.put("closedBy", l.closedBy());
        m.put("conditionIn", l.conditionIn());
        m.put("receivedBy", l.receivedBy());
        Map<String, Object> device = device(c, l, now, silentDays);
        m.put("device", device);
        m.put("deviceSilent", device == null ? null : device.get("silent"));
        return m;
    }
}
