package io.rollcall.collector.software;

import com.hazelcast.map.IMap;
import io.rollcall.collector.findings.Decision;
import io.rollcall.collector.findings.SoftwareTitle;
import io.rollcall.collector.http.ApiException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Catalogue decisions: validate, record who decided what and why, then re-evaluate every device holding the
 * title at once. Re-evaluations of one title are serialised cluster-wide by a lock on the title id, so two
 * decisions (or a decision and a licence change) never interleave their finding writes. Blocking.
 */
public final class SoftwareService {
    public static final int MAX_REASON = 1000;

    private final CatalogueService catalogue;
    private final TitleEvaluator evaluator;
    private final IMap<String, String> titleLocks;
    private final Clock clock;

    public SoftwareService(CatalogueService catalogue, TitleEvaluator evaluator, IMap<String, String> titleLocks,
                           Clock clock) {
        this.catalogue = catalogue;
        this.evaluator = evaluator;
        this.titleLocks = titleLocks;
        this.clock = clock;
    }

    /** A decision as the API takes it. */
    public record DecisionRequest(String status, String category, String reason) {
    }

    /** What a decision did. */
    public record DecisionResult(CatalogueStore.TitleRow title, String previous, TitleEvaluator.Result reevaluated) {
    }

    public DecisionResult decide(String titleId, DecisionRequest req, String actor) throws SQLException, InterruptedException {
        Decision d = validate(req);
        CatalogueStore.TitleRow row = catalogue.store().title(titleId);
        String name = row != null ? row.name() : ruleTitleName(titleId);
        if (name == null) {
            throw ApiException.notFound("no software title " + titleId + " has been seen or is named by a rule");
        }
        return underLock(titleId, () -> {
            String previous = catalogue.store().decide(titleId, name, d, actor, clock.instant());
            catalogue.changed();
            TitleEvaluator.Result r = evaluator.reevaluate(titleId, Statuses.UNREVIEWED.equals(previous));
            return new DecisionResult(catalogue.store().title(titleId), previous, r);
        });
    }

    /** Re-evaluates {@code titleId} after its licences or installs changed. */
    public TitleEvaluator.Result reevaluate(String titleId) throws SQLException, InterruptedException {
        return underLock(titleId, () -> evaluator.reevaluate(titleId, false));
    }

    /** Re-evaluates the titles among {@code titleIds} that need a licence (their seat order may have changed). */
    public void licensedTitlesChanged(Set<String> titleIds) throws SQLException, InterruptedException {
        for (String t : titleIds) {
            var d = catalogue.decisionForTitle(t, catalogue.normaliser().categoryOf(t));
            if (d.isPresent() && d.get().status() == Decision.Status.LICENCE_REQUIRED) {
                reevaluate(t);
            }
        }
    }

    private String ruleTitleName(String titleId) {
        return catalogue.normaliser().titleNameOf(titleId);
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T underLock(String titleId, Work<T> work) throws SQLException, InterruptedException {
        if (!titleLocks.tryLock(titleId, 60, TimeUnit.SECONDS)) {
            throw new ApiException(503, "busy", "title " + titleId + " is being re-evaluated; retry");
        }
        try {
            return work.run();
        } finally {
            titleLocks.unlock(titleId);
        }
    }

    static Decision validate(DecisionRequest req) {
        if (req == null) {
            throw ApiException.badRequest("body: a JSON object {status, category, reason} is required");
        }
        Decision.Status status;
        try {
            status = Statuses.parse(req.status());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (status == null) {
            throw ApiException.badRequest("status: a decision must be approved, licence-required or banned");
        }
        String category = req.category() == null || req.category().isBlank() ? null : req.category().strip();
        if (category != null && !category.matches("[a-z][a-z-]{0,63}")) {
            throw ApiException.badRequest("category: must be lower-case letters and hyphens, at most 64, e.g. game");
        }
        String reason = req.reason() == null || req.reason().isBlank() ? null : req.reason().strip();
        if (reason != null && reason.length() > MAX_REASON) {
            throw ApiException.badRequest("reason: is " + reason.length() + " characters, the limit is " + MAX_REASON);
        }
        return new Decision(status, category, reason);
    }

    static String checkTitleId(String id) {
        if (id == null || id.length() > SoftwareTitle.MAX_ID_LENGTH || !id.matches("[a-z0-9][a-z0-9-]*")) {
            throw ApiException.badRequest("id: a title id is lower-case letters, digits and hyphens, at most "
                    + SoftwareTitle.MAX_ID_LENGTH);
        }
        return id;
    }
}
