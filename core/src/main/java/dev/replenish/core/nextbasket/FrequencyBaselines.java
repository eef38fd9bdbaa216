package dev.replenish.core.nextbasket;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The frequency baselines of the Reality Check paper. An item's count is the number of baskets that
 * contain it. Ties go to the smaller item id, so a ranking never depends on input order.
 *
 * <ul>
 *   <li>P-TopFreq: the user's own items by count in the user's history (may be shorter than K);</li>
 *   <li>G-TopFreq: the items by count over the history baskets of every user in the data set;</li>
 *   <li>GP-TopFreq: P-TopFreq, then G-TopFreq's items the user never bought, up to K.</li>
 * </ul>
 *
 * Global counts read only history baskets: at prediction time every user's history is known, no
 * user's target is.
 */
public final class FrequencyBaselines {

    /** Higher count first, then smaller item id. */
    static final Comparator<Map.Entry<Long, Integer>> BY_COUNT_THEN_ID =
            Map.Entry.<Long, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());

    private final List<Long> globalRanking;

    private FrequencyBaselines(List<Long> globalRanking) {
        this.globalRanking = List.copyOf(globalRanking);
    }

    public static FrequencyBaselines fromHistories(Collection<NextBasketCase> users) {
        Map<Long, Integer> counts = new HashMap<>();
        for (NextBasketCase user : users) {
            for (List<Long> basket : user.history()) {
                for (Long item : basket) {
                    counts.merge(item, 1, Integer::sum);
                }
            }
        }
        return new FrequencyBaselines(ranked(counts));
    }

    /** P-TopFreq: the user's history items, most frequent first, at most k. */
    public static List<Long> personal(NextBasketCase user, int k) {
        Map<Long, Integer> counts = new HashMap<>();
        for (List<Long> basket : user.history()) {
            for (Long item : basket) {
                counts.merge(item, 1, Integer::sum);
            }
        }
        List<Long> ranking = ranked(counts);
        return ranking.subList(0, Math.min(k, ranking.size()));
    }

    /** G-TopFreq: the k most frequent items overall. */
    public List<Long> global(int k) {
        return globalRanking.subList(0, Math.min(k, globalRanking.size()));
    }

    /** GP-TopFreq: the user's own items first, then globally popular items the user never bought. */
    public List<Long> personalThenGlobal(NextBasketCase user, int k) {
        return filledFromGlobal(personal(user, k), k);
    }

    /**
     * The first k items of a ranking, completed with globally popular items it lacks when it is
     * shorter than k, so every recommender is scored on a full list.
     */
    public List<Long> filledFromGlobal(List<Long> ranking, int k) {
        Set<Long> filled = new LinkedHashSet<>(ranking.subList(0, Math.min(k, ranking.size())));
        for (int i = 0; i < globalRanking.size() && filled.size() < k; i++) {
            filled.add(globalRanking.get(i));
        }
        return new ArrayList<>(filled);
    }

    private static List<Long> ranked(Map<Long, Integer> counts) {
        return counts.entrySet().stream().sorted(BY_COUNT_THEN_ID).map(Map.Entry::getKey).toList();
    }
}
