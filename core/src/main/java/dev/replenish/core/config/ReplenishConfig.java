package dev.replenish.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * The one home of configuration. Defaults live here, in code; a JSON file (local runs) or CDK
 * context (cloud) overrides any subset of them. Later capabilities add their own section record.
 *
 * @param ingest     how raw files are checked and curated
 * @param join       how the join step splits train users
 * @param nextBasket how {@code evaluate-baskets} splits users, builds candidates and trains its ranker
 */
public record ReplenishConfig(Ingest ingest, Join join, NextBasket nextBasket) {

    /**
     * @param maxRejectFraction a table whose rejected share of rows exceeds this stops the run
     * @param maxFieldChars     a raw field longer than this is rejected (guards memory and Athena's limits)
     */
    public record Ingest(double maxRejectFraction, int maxFieldChars) {
        public Ingest {
            if (!(maxRejectFraction >= 0.0 && maxRejectFraction <= 1.0)) {
                throw new IllegalArgumentException("ingest.maxRejectFraction must be between 0 and 1, was " + maxRejectFraction);
            }
            if (maxFieldChars < 16) {
                throw new IllegalArgumentException("ingest.maxFieldChars must be at least 16, was " + maxFieldChars);
            }
        }

        static Ingest defaults() {
            return new Ingest(0.01, 65_536);
        }
    }

    /**
     * @param validationFraction share of train users held out for validation (and the model gate),
     *                           chosen by a hash of user_id so the split is the same on every run
     */
    public record Join(double validationFraction) {
        public Join {
            if (!(validationFraction > 0.0 && validationFraction < 1.0)) {
                throw new IllegalArgumentException("join.validationFraction must be between 0 and 1 (exclusive), was " + validationFraction);
            }
        }

        static Join defaults() {
            return new Join(0.1);
        }
    }

    /**
     * Next-basket evaluation on basket sequences (TaFeng), following Li et al., "A Next Basket
     * Recommendation Reality Check" (TOIS 2023): users are shuffled and split train / validation /
     * test; each user's last basket is the target.
     *
     * @param trainFraction        share of users whose targets train the ranker (the paper: 0.72)
     * @param validationFraction   share of users that early-stop the ranker (the paper: 0.08); the rest are test users
     * @param candidates           how many candidates of each kind a user gets
     * @param signals              how the co-purchase, neighbour and recency signals are computed
     * @param ranker               the XGBoost ranker over candidate features
     */
    public record NextBasket(double trainFraction, double validationFraction, Candidates candidates,
                             Signals signals, Ranker ranker) {
        public NextBasket {
            if (!(trainFraction > 0.0 && validationFraction > 0.0 && trainFraction + validationFraction < 1.0)) {
                throw new IllegalArgumentException("nextBasket.trainFraction and validationFraction must be positive and leave"
                        + " a share for test users, were " + trainFraction + " and " + validationFraction);
            }
        }

        static NextBasket defaults() {
            return new NextBasket(0.72, 0.08, Candidates.defaults(), Signals.defaults(), Ranker.defaults());
        }
    }

    /**
     * Candidate counts per user. Repeat candidates come from the user's own history; explore
     * candidates (items the user may never have bought) from popularity, co-purchase and similar
     * users. The union is ranked together.
     *
     * @param repeat      at most this many of the user's own items, by recency-weighted frequency
     * @param popular     the most popular items in recent target baskets of training users
     * @param coPurchase  items most often bought together with the user's items
     * @param neighbour   items the most similar users bought
     */
    public record Candidates(int repeat, int popular, int coPurchase, int neighbour) {
        public Candidates {
            if (repeat < 0 || popular < 0 || coPurchase < 0 || neighbour < 0 || repeat + popular + coPurchase + neighbour == 0) {
                throw new IllegalArgumentException("nextBasket.candidates must be non-negative and not all zero");
            }
        }

        static Candidates defaults() {
            return new Candidates(100, 60, 40, 40);
        }
    }

    /**
     * @param recencyDecay         weight of a basket k baskets before a user's latest is recencyDecay^k
     * @param similarItemsKept     per item, how many most co-purchased items are kept
     * @param neighbourUsers       how many most similar users vote for a user's explore items
     * @param targetStatisticFolds training users are split into this many folds; a training user's
     *                             target-basket statistics come from the other folds only, so its own
     *                             label never reaches its features
     * @param useTrainingTargets   whether item statistics of training users' target baskets are
     *                             features and the source of popular candidates; false leaves only
     *                             histories (popular candidates then come from users' latest
     *                             history baskets), to measure what those statistics add
     */
    public record Signals(double recencyDecay, int similarItemsKept, int neighbourUsers, int targetStatisticFolds,
                          boolean useTrainingTargets) {
        public Signals {
            if (!(recencyDecay > 0.0 && recencyDecay <= 1.0)) {
                throw new IllegalArgumentException("nextBasket.signals.recencyDecay must be in (0, 1], was " + recencyDecay);
            }
            if (similarItemsKept < 1 || neighbourUsers < 1) {
                throw new IllegalArgumentException("nextBasket.signals.similarItemsKept and neighbourUsers must be at least 1");
            }
            if (targetStatisticFolds < 2) {
                throw new IllegalArgumentException("nextBasket.signals.targetStatisticFolds must be at least 2, was " + targetStatisticFolds);
            }
        }

        static Signals defaults() {
            return new Signals(0.8, 100, 300, 5, true);
        }
    }

    /**
     * XGBoost settings of the candidate ranker.
     *
     * @param objective           an XGBoost objective: rank:ndcg, rank:pairwise or binary:logistic
     * @param maxDepth            tree depth
     * @param eta                 learning rate
     * @param maxRounds           boosting rounds at most
     * @param earlyStoppingRounds stop when the validation users' metric has not improved for this many rounds
     * @param minChildWeight      XGBoost min_child_weight
     * @param subsample           row share sampled per tree
     * @param threads             XGBoost threads (the machine's builds share its cores)
     * @param seed                XGBoost's random seed, so runs repeat
     */
    public record Ranker(String objective, int maxDepth, double eta, int maxRounds, int earlyStoppingRounds,
                         double minChildWeight, double subsample, int threads, int seed) {
        public Ranker {
            if (!java.util.Set.of("rank:ndcg", "rank:pairwise", "binary:logistic").contains(objective)) {
                throw new IllegalArgumentException("nextBasket.ranker.objective must be rank:ndcg, rank:pairwise or binary:logistic, was " + objective);
            }
            if (maxDepth < 1 || maxRounds < 1 || earlyStoppingRounds < 1 || threads < 1) {
                throw new IllegalArgumentException("nextBasket.ranker.maxDepth, maxRounds, earlyStoppingRounds and threads must be at least 1");
            }
            if (!(eta > 0.0 && eta <= 1.0) || !(subsample > 0.0 && subsample <= 1.0)) {
                throw new IllegalArgumentException("nextBasket.ranker.eta and subsample must be in (0, 1]");
            }
        }

        static Ranker defaults() {
            return new Ranker("rank:ndcg", 6, 0.2, 400, 20, 1.0, 0.8, 2, 7);
        }
    }

    public static ReplenishConfig defaults() {
        return new ReplenishConfig(Ingest.defaults(), Join.defaults(), NextBasket.defaults());
    }

    /** These defaults with another ingest section. */
    public ReplenishConfig withIngest(Ingest replacement) {
        return new ReplenishConfig(replacement, join, nextBasket);
    }

    /** These settings with another next-basket section. */
    public ReplenishConfig withNextBasket(NextBasket replacement) {
        return new ReplenishConfig(ingest, join, replacement);
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** Reads a JSON file whose fields override the defaults; an unknown field is an error naming it. */
    public static ReplenishConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such configuration file");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(file.toString(), text);
    }

    static ReplenishConfig parse(String source, String json) {
        try {
            ObjectReader reader = JSON.readerForUpdating(JSON.valueToTree(defaults()));
            return JSON.treeToValue(reader.readValue(json), ReplenishConfig.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream().map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            Throwable root = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            String why = root == e ? e.getOriginalMessage().lines().findFirst().orElse("") : root.getMessage();
            throw new ConfigException(source + ": " + (field.isEmpty() ? "" : "field '" + field + "': ") + why);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
    }

    /** A configuration file the user must fix. */
    public static final class ConfigException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ConfigException(String message) {
            super(message);
        }
    }
}
