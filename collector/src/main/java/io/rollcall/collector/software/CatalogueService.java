package io.rollcall.collector.software;

import io.rollcall.collector.cluster.SettingsVersions;
import io.rollcall.collector.findings.Catalogue;
import io.rollcall.collector.findings.Decision;
import io.rollcall.collector.findings.IdentityMemo;
import io.rollcall.collector.findings.SoftwareTitle;
import io.rollcall.common.report.SoftwareItem;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalogue the rules judge against: the normaliser (shipped dictionary plus the school's rules) and every
 * title's decision, held as an immutable snapshot in memory. A title with no stored decision takes its
 * category's default ({@link CategoryDefaults}). {@link #refresh()} reloads the snapshot from SQL when another
 * node (or this one) changed it, detected through {@link SettingsVersions}; lookups never touch SQL.
 */
public final class CatalogueService implements Catalogue {
    static final String VERSION_KEY = "catalogue";

    private final CatalogueStore store;
    private final SettingsVersions versions;
    private volatile Snapshot snapshot;

    /**
     * @param judged the last few lists judged under this snapshot, by identity: the stored list a school image's laptops
     *               share is one instance ({@code ingest.SoftwareLists}), so its 850 installs are normalised once, not
     *               once per laptop and rule; replaced with the snapshot, so a changed catalogue is never answered
     *               from it
     */
    private record Snapshot(String token, Normaliser normaliser, Map<String, Decision> decisions,
                            IdentityMemo<List<SoftwareItem>, List<Judged>> judged) {
        Snapshot(String token, Normaliser normaliser, Map<String, Decision> decisions) {
            this(token, normaliser, decisions, new IdentityMemo<>(16));
        }

        /** The decision for a title: stored, else its category's default, else none (unreviewed). */
        Optional<Decision> decision(String titleId, String category) {
            Decision d = decisions.get(titleId);
            return d != null ? Optional.of(d) : CategoryDefaults.decision(category);
        }
    }

    public CatalogueService(CatalogueStore store, SettingsVersions versions) throws SQLException {
        this.store = store;
        this.versions = versions;
        this.snapshot = load(versions.current(VERSION_KEY));
    }

    private Snapshot load(String token) throws SQLException {
        List<NormalisationRule> school = store.schoolRules();
        return new Snapshot(token, new Normaliser(Normaliser.dictionary(), school), Map.copyOf(store.decided()));
    }

    /** Reloads if the catalogue changed since the snapshot was taken. Blocking (one map read, SQL only on change). */
    @Override
    public void refresh() {
        String token = versions.current(VERSION_KEY);
        if (!token.equals(snapshot.token())) {
            try {
                snapshot = load(token);
            } catch (SQLException e) {
                throw new IllegalStateException("the catalogue could not be reloaded: " + e.getMessage(), e);
            }
        }
    }

    /** Marks the catalogue changed on every node and reloads it here. */
    void changed() {
        versions.bump(VERSION_KEY);
        refresh();
    }

    /** The version of the snapshot in use here; {@link #refresh} first for the cluster's latest. */
    @Override
    public String version() {
        return snapshot.token();
    }

    public CatalogueStore store() {
        return store;
    }

    public Normaliser normaliser() {
        return snapshot.normaliser();
    }

    @Override
    public List<Judged> judge(List<SoftwareItem> software) {
        Snapshot s = snapshot;
        return s.judged().get(software, list -> {
            List<Judged> out = new java.util.ArrayList<>(list.size());
            for (SoftwareItem item : list) {
                if (item != null && item.name() != null && !item.name().isBlank()) {
                    SoftwareTitle t = s.normaliser().titleOf(item);
                    out.add(new Judged(item, t, s.decision(t.id(), t.category())));
                }
            }
            return List.copyOf(out);
        });
    }

    @Override
    public SoftwareTitle titleOf(SoftwareItem item) {
        return snapshot.normaliser().titleOf(item);
    }

    @Override
    public Optional<Decision> decisionFor(SoftwareItem item) {
        SoftwareTitle t = titleOf(item);
        return decisionForTitle(t.id(), t.category());
    }

    @Override
    public Optional<Decision> decisionFor(SoftwareItem item, SoftwareTitle title) {
        return decisionForTitle(title.id(), title.category());
    }

    /** The decision for a title: stored, else its category's default, else none (unreviewed). */
    public Optional<Decision> decisionForTitle(String titleId, String category) {
        return snapshot.decision(titleId, category);
    }
}
