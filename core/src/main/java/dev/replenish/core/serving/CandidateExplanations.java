package dev.replenish.core.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Why a candidate is suggested, in a shopper's words, from its own feature vector: whether it is a
 * product the user bought before ({@value #REPEAT}) or a new one ({@value #EXPLORE}), and a short
 * reason built from the features that say so, such as "in 4 of your last 5 orders · usually every
 * 7 days · last bought 9 days ago" or "often bought with 3 of the products you buy". Features a
 * run lacks are left out of the reason; a run with none of them explains nothing.
 */
public final class CandidateExplanations {

    public static final String REPEAT = "repeat";
    public static final String EXPLORE = "explore";

    /** A candidate's source and reason; the reason is empty when the features say nothing. */
    public record Explanation(String source, String reason) {
    }

    private final int fromHistory;
    private final int timesBought;
    private final int priorOrders;
    private final int inLastFive;
    private final int meanDaysBetween;
    private final int daysSinceLast;
    private final int fromSimilar;
    private final int similarVoters;
    private final int fromNeighbours;
    private final int fromPopular;
    private final int fromTargetPopular;

    private CandidateExplanations(List<String> names) {
        fromHistory = names.indexOf("candidate_from_history");
        timesBought = names.indexOf("user_product_times_bought");
        priorOrders = names.indexOf("user_prior_orders");
        inLastFive = names.indexOf("user_product_purchases_in_last_5_orders");
        meanDaysBetween = names.indexOf("user_product_mean_days_between_purchases");
        daysSinceLast = names.indexOf("user_product_days_since_last_purchase");
        fromSimilar = names.indexOf("candidate_from_similar");
        similarVoters = names.indexOf("candidate_similar_voters");
        fromNeighbours = names.indexOf("candidate_from_neighbours");
        fromPopular = names.indexOf("candidate_from_popular");
        fromTargetPopular = names.indexOf("candidate_from_target_popular");
    }

    /** Explanations for vectors laid out by these feature names. */
    public static CandidateExplanations of(List<String> featureNames) {
        return new CandidateExplanations(featureNames);
    }

    /** The source alone ({@value #REPEAT} or {@value #EXPLORE}): cheaper than a whole explanation. */
    public String source(float[] features, int offset) {
        return isRepeat(features, offset) ? REPEAT : EXPLORE;
    }

    /** The explanation of the vector at {@code features[offset ..]}. */
    public Explanation explain(float[] features, int offset) {
        return isRepeat(features, offset) ? new Explanation(REPEAT, repeatReason(features, offset))
                : new Explanation(EXPLORE, exploreReason(features, offset));
    }

    /**
     * Bought before: the history source proposed it, or (a run without source flags, where every
     * candidate was the user's own) the user bought it at least once, or nothing says otherwise.
     */
    private boolean isRepeat(float[] features, int offset) {
        if (fromHistory >= 0 && !Float.isNaN(features[offset + fromHistory])) {
            return features[offset + fromHistory] > 0;
        }
        return timesBought < 0 || value(features, offset, timesBought) > 0;
    }

    private String repeatReason(float[] features, int offset) {
        List<String> parts = new ArrayList<>();
        double orders = value(features, offset, priorOrders);
        double lastFive = value(features, offset, inLastFive);
        double bought = value(features, offset, timesBought);
        if (orders >= 5 && lastFive >= 1) {
            parts.add("in " + whole(lastFive) + " of your last 5 orders");
        } else if (orders >= 1 && bought >= 1) {
            parts.add("in " + whole(bought) + " of your " + whole(orders) + (orders == 1 ? " order" : " orders"));
        }
        double every = value(features, offset, meanDaysBetween);
        if (every >= 1) {
            parts.add(Math.round(every) == 1 ? "usually every day" : "usually every " + days(every));
        }
        double since = value(features, offset, daysSinceLast);
        if (since >= 0) {
            parts.add(since < 1 ? "last bought today" : "last bought " + days(since) + " ago");
        }
        return String.join(" · ", parts);
    }

    private String exploreReason(float[] features, int offset) {
        List<String> parts = new ArrayList<>();
        if (flag(features, offset, fromSimilar)) {
            double voters = value(features, offset, similarVoters);
            parts.add(voters >= 2 ? "often bought with " + whole(voters) + " of the products you buy"
                    : "often bought with a product you buy");
        }
        if (flag(features, offset, fromNeighbours)) {
            parts.add("bought by shoppers whose baskets look like yours");
        }
        if (flag(features, offset, fromPopular)) {
            parts.add("popular in recent orders");
        }
        if (flag(features, offset, fromTargetPopular)) {
            parts.add("often in shoppers' next orders");
        }
        return String.join(" · ", parts);
    }

    /** A feature's value, NaN when the run lacks it or the value is missing. */
    private static double value(float[] features, int offset, int index) {
        return index < 0 ? Double.NaN : features[offset + index];
    }

    private static boolean flag(float[] features, int offset, int index) {
        return value(features, offset, index) > 0;
    }

    private static String whole(double value) {
        return Long.toString(Math.round(value));
    }

    private static String days(double value) {
        long rounded = Math.round(value);
        return String.format(Locale.ROOT, rounded == 1 ? "%d day" : "%d days", rounded);
    }
}
