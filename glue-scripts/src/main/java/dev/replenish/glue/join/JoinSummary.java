package dev.replenish.glue.join;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the join wrote, for the run summary.
 *
 * @param candidateRows  (user, product) rows for every user with a train or test order
 * @param trainRows      rows of train users in the training split
 * @param validationRows rows of train users held out for validation
 * @param inferenceRows  rows written for the feature store (every candidate)
 * @param positiveShare  share of train + validation rows whose label is 1
 * @param features       feature columns in the manifest
 * @param proposedBy     per candidate source flag (candidate_from_*), the candidates it proposed (a
 *                       candidate two sources proposed counts for both)
 * @param usersWithRecentOrders users whose inference rows carry their recent orders (every user
 *                       with a prior order; the feature store gives the others an empty history)
 * @param missions       the shopping missions found (training/&lt;run&gt;/missions/)
 * @param fittedModels   the folders of the models the join fitted and saved (models/&lt;run&gt;/...)
 */
public record JoinSummary(long candidateRows, long trainRows, long validationRows, long inferenceRows,
                          double positiveShare, int features, Map<String, Long> proposedBy, long usersWithRecentOrders,
                          int missions, java.util.List<String> fittedModels) {

    public JoinSummary {
        proposedBy = Collections.unmodifiableMap(new LinkedHashMap<>(proposedBy));
        fittedModels = java.util.List.copyOf(fittedModels);
    }

    /** Candidates the source of this flag proposed; 0 for a source the run did not have. */
    public long proposedBy(String flag) {
        return proposedBy.getOrDefault(flag, 0L);
    }
}
