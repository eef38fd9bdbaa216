package dev.replenish.local.nextbasket;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.nextbasket.CandidateFeature;
import dev.replenish.core.nextbasket.CandidateSet;
import dev.replenish.core.nextbasket.RankingQuality;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The XGBoost model that ranks each user's repeat and explore candidates together. It learns from
 * training users (label: the candidate is in the user's last basket) and stops adding trees when
 * the validation users' Recall@10 — the protocol's headline metric, against their whole target
 * basket — has not improved for a while; test users play no part.
 */
final class CandidateRanker {

    /** How often training reports its progress. */
    private static final int PROGRESS_EVERY_ROUNDS = 25;

    private final Booster booster;
    private final int rounds;
    private final double validationRecall;

    private CandidateRanker(Booster booster, int rounds, double validationRecall) {
        this.booster = booster;
        this.rounds = rounds;
        this.validationRecall = validationRecall;
    }

    /** A user's candidates with the label of each and the size of the user's whole target basket. */
    record LabelledUser(CandidateSet candidates, float[] labels, int targetSize) {
        boolean hasPositive() {
            for (float label : labels) {
                if (label > 0) {
                    return true;
                }
            }
            return false;
        }
    }

    static CandidateRanker train(List<LabelledUser> training, List<LabelledUser> validation,
                                 ReplenishConfig.Ranker settings, Consumer<String> progress) throws XGBoostError {
        boolean ranking = settings.objective().startsWith("rank:");
        // A ranking objective learns nothing from a user none of whose candidates was bought.
        List<LabelledUser> learnable = ranking ? training.stream().filter(LabelledUser::hasPositive).toList() : training;
        DMatrix trainMatrix = matrix(learnable);
        DMatrix validationMatrix = matrix(validation);
        progress.accept(String.format("ranker: %,d training rows (%,d users with a bought candidate), %,d validation rows",
                trainMatrix.rowNum(), learnable.size(), validationMatrix.rowNum()));

        Map<String, Object> params = new HashMap<>();
        params.put("objective", settings.objective());
        params.put("max_depth", settings.maxDepth());
        params.put("eta", settings.eta());
        params.put("min_child_weight", settings.minChildWeight());
        params.put("subsample", settings.subsample());
        params.put("tree_method", "hist");
        params.put("nthread", settings.threads());
        params.put("seed", settings.seed());
        params.put("verbosity", 0);
        Map<String, DMatrix> cached = new HashMap<>();
        cached.put("validation", validationMatrix);
        // Zero rounds: a booster that caches predictions on the validation matrix, grown round by
        // round below so each round's validation recall costs one new tree, not the whole forest.
        Booster booster = XGBoost.train(trainMatrix, params, 0, cached, null, null);
        ValidationRecall metric = new ValidationRecall(validation);
        int bestRound = -1;
        double bestRecall = Double.NEGATIVE_INFINITY;
        for (int round = 0; round < settings.maxRounds() && round - bestRound <= settings.earlyStoppingRounds(); round++) {
            booster.update(trainMatrix, round);
            double recall = metric.eval(booster.predict(validationMatrix));
            if (recall > bestRecall) {
                bestRecall = recall;
                bestRound = round;
            }
            if ((round + 1) % PROGRESS_EVERY_ROUNDS == 0) {
                progress.accept(String.format("ranker: round %d, validation recall@10 %.4f (best %.4f at round %d)",
                        round + 1, recall, bestRecall, bestRound + 1));
            }
        }
        trainMatrix.dispose();
        validationMatrix.dispose();
        return new CandidateRanker(booster, bestRound + 1, bestRecall);
    }

    /** Boosting rounds kept (the best validation round). */
    int rounds() {
        return rounds;
    }

    /** Validation users' Recall@10 at the kept round. */
    double validationRecall() {
        return validationRecall;
    }

    /** Scores of every candidate of the given users, in order, one array per user. */
    float[][] score(List<CandidateSet> users) throws XGBoostError {
        int rows = users.stream().mapToInt(CandidateSet::size).sum();
        float[] features = new float[rows * CandidateFeature.COUNT];
        int offset = 0;
        for (CandidateSet user : users) {
            System.arraycopy(user.features(), 0, features, offset, user.features().length);
            offset += user.features().length;
        }
        DMatrix matrix = new DMatrix(features, rows, CandidateFeature.COUNT, Float.NaN);
        float[][] predictions = booster.predict(matrix, false, rounds);
        matrix.dispose();
        float[][] perUser = new float[users.size()][];
        int row = 0;
        for (int u = 0; u < users.size(); u++) {
            perUser[u] = new float[users.get(u).size()];
            for (int c = 0; c < perUser[u].length; c++) {
                perUser[u][c] = predictions[row++][0];
            }
        }
        return perUser;
    }

    /** Gain-based importance of each feature that the kept trees use, by feature name. */
    Map<String, Double> featureImportance() throws XGBoostError {
        String[] names = Arrays.stream(CandidateFeature.values()).map(CandidateFeature::columnName).toArray(String[]::new);
        return booster.getScore(names, "total_gain");
    }

    private static DMatrix matrix(List<LabelledUser> users) throws XGBoostError {
        int rows = users.stream().mapToInt(u -> u.candidates().size()).sum();
        float[] features = new float[rows * CandidateFeature.COUNT];
        float[] labels = new float[rows];
        int[] groups = new int[users.size()];
        int row = 0;
        for (int u = 0; u < users.size(); u++) {
            CandidateSet candidates = users.get(u).candidates();
            System.arraycopy(candidates.features(), 0, features, row * CandidateFeature.COUNT, candidates.features().length);
            System.arraycopy(users.get(u).labels(), 0, labels, row, candidates.size());
            groups[u] = candidates.size();
            row += candidates.size();
        }
        DMatrix matrix = new DMatrix(features, rows, CandidateFeature.COUNT, Float.NaN);
        matrix.setLabel(labels);
        matrix.setGroup(groups);
        return matrix;
    }

    /**
     * Mean Recall@10 of the validation users, each against the whole target basket (items outside
     * the candidates count as missed), exactly as the report scores test users.
     */
    private static final class ValidationRecall {
        private final List<LabelledUser> users;

        ValidationRecall(List<LabelledUser> users) {
            this.users = users;
        }

        double eval(float[][] predictions) {
            double sum = 0;
            int row = 0;
            for (LabelledUser user : users) {
                int size = user.candidates().size();
                Integer[] order = new Integer[size];
                for (int c = 0; c < size; c++) {
                    order[c] = c;
                }
                int start = row;
                long[] items = user.candidates().items();
                // The same order as the final ranking: higher score, then smaller item id.
                Arrays.sort(order, (a, b) -> {
                    int byScore = Float.compare(predictions[start + b][0], predictions[start + a][0]);
                    return byScore != 0 ? byScore : Long.compare(items[a], items[b]);
                });
                int hits = 0;
                for (int r = 0; r < Math.min(RankingQuality.SHORT_LIST, size); r++) {
                    hits += user.labels()[order[r]] > 0 ? 1 : 0;
                }
                sum += (double) hits / user.targetSize();
                row += size;
            }
            return sum / users.size();
        }
    }
}
