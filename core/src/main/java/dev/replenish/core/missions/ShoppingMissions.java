package dev.replenish.core.missions;

import dev.replenish.core.lake.LakeDocuments;

import java.util.List;

/**
 * {@code training/<run>/missions/missions.json}: the shopping missions the join found (LDA topics
 * of prior orders), read by the report's "Missions" section and by the feature-store load, which
 * names each user's top missions.
 *
 * @param words         what a word of an order was: {@code aisle} or {@code product}
 * @param fittedOrders  prior orders LDA was fitted on (a fixed hash sample)
 * @param scoredOrders  prior orders given a mission mixture
 * @param logPerplexity LDA's log-perplexity on held-out sample orders (lower fits better)
 * @param missions      the missions, by id (1..K)
 */
public record ShoppingMissions(String words, long fittedOrders, long scoredOrders, double logPerplexity,
                               List<Mission> missions) {

    public static final String FILE_NAME = "missions.json";

    public ShoppingMissions {
        missions = List.copyOf(missions);
    }

    /**
     * @param id          1..K, the suffix of the features {@code mission_share_<id>}
     * @param name        readable, made from its top aisles ("fresh fruits & packaged vegetables fruits")
     * @param orderShare  its share of all prior orders (the mean of their mixtures)
     * @param topAisles   the aisles most likely in it, with their weight (sums to at most 1)
     * @param topProducts the products most likely in it, with their weight
     */
    public record Mission(int id, String name, double orderShare, List<Weighted> topAisles, List<Weighted> topProducts) {
        public Mission {
            topAisles = List.copyOf(topAisles);
            topProducts = List.copyOf(topProducts);
        }
    }

    /** An aisle or a product and its weight in a mission. */
    public record Weighted(long id, String name, double weight) {
    }

    public String toJson() {
        return LakeDocuments.toJson(this);
    }

    public static ShoppingMissions fromJson(String json, String source) {
        return LakeDocuments.readTolerant(json, ShoppingMissions.class, source, "a missions document");
    }
}
