package dev.replenish.local.nextbasket;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.nextbasket.BasketSignals;
import dev.replenish.core.nextbasket.CandidateSet;
import dev.replenish.core.nextbasket.FrequencyBaselines;
import dev.replenish.core.nextbasket.NextBasketCase;
import dev.replenish.core.nextbasket.RankingQuality;
import dev.replenish.core.nextbasket.UserSplit;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The Reality Check protocol on basket sequences: split users, build every user's candidates from
 * histories (and out-of-fold training targets), train the ranker on training users, stop it on
 * validation users, and score the model and the frequency baselines on the same test users.
 */
final class BasketEvaluation {

    /**
     * @param model               the ranker's metrics on test users
     * @param pTopFreq            P-TopFreq on the same test users
     * @param gTopFreq            G-TopFreq on the same test users
     * @param gpTopFreq           GP-TopFreq on the same test users
     * @param candidateRecall     mean share of a test user's target covered by the user's candidates: the model's ceiling
     * @param meanCandidates      mean candidates per test user
     * @param rounds              boosting rounds kept
     * @param validationRecall    validation users' Recall@10 at that round
     * @param featureImportance   total gain by feature name
     */
    record Result(long seed, int trainUsers, int validationUsers, int testUsers, RankingQuality model,
                  RankingQuality pTopFreq, RankingQuality gTopFreq, RankingQuality gpTopFreq,
                  double candidateRecall, double meanCandidates, int rounds, double validationRecall,
                  Map<String, Double> featureImportance) {
    }

    private BasketEvaluation() {
    }

    static Result run(UserSplit split, ReplenishConfig.NextBasket settings, Consumer<String> progress) throws XGBoostError {
        int k = RankingQuality.LONG_LIST;
        FrequencyBaselines baselines = FrequencyBaselines.fromHistories(split.all());
        RankingQuality.Accumulator personal = new RankingQuality.Accumulator();
        RankingQuality.Accumulator global = new RankingQuality.Accumulator();
        RankingQuality.Accumulator personalThenGlobal = new RankingQuality.Accumulator();
        for (NextBasketCase user : split.test()) {
            Set<Long> truth = new HashSet<>(user.target());
            personal.add(FrequencyBaselines.personal(user, k), truth);
            global.add(baselines.global(k), truth);
            personalThenGlobal.add(baselines.personalThenGlobal(user, k), truth);
        }

        long started = System.nanoTime();
        BasketSignals signals = BasketSignals.compute(split, settings, progress);
        List<CandidateRanker.LabelledUser> training = labelled(split.train(), signals);
        progress.accept(String.format("candidates: %,d training users done (%.1f s)", training.size(), seconds(started)));
        List<CandidateRanker.LabelledUser> validation = labelled(split.validation(), signals);
        List<CandidateSet> test = split.test().stream().map(signals::candidatesFor).toList();
        progress.accept(String.format("candidates: built for all %,d users in %.1f s", split.all().size(), seconds(started)));

        started = System.nanoTime();
        CandidateRanker ranker = CandidateRanker.train(training, validation, settings.ranker(), progress);
        progress.accept(String.format("ranker: kept %d rounds (validation recall@10 %.4f) in %.1f s",
                ranker.rounds(), ranker.validationRecall(), seconds(started)));

        float[][] scores = ranker.score(test);
        RankingQuality.Accumulator model = new RankingQuality.Accumulator();
        double covered = 0;
        long candidates = 0;
        for (int u = 0; u < test.size(); u++) {
            NextBasketCase user = split.test().get(u);
            Set<Long> truth = new HashSet<>(user.target());
            List<Long> ranked = baselines.filledFromGlobal(test.get(u).rankedBy(scores[u]), k);
            model.add(ranked, truth);
            covered += coverage(test.get(u), truth);
            candidates += test.get(u).size();
        }
        return new Result(split.seed(), split.train().size(), split.validation().size(), split.test().size(),
                model.average(), personal.average(), global.average(), personalThenGlobal.average(),
                covered / test.size(), (double) candidates / test.size(), ranker.rounds(), ranker.validationRecall(),
                ranker.featureImportance());
    }

    private static List<CandidateRanker.LabelledUser> labelled(List<NextBasketCase> users, BasketSignals signals) {
        List<CandidateRanker.LabelledUser> labelled = new ArrayList<>(users.size());
        for (NextBasketCase user : users) {
            CandidateSet candidates = signals.candidatesFor(user);
            labelled.add(new CandidateRanker.LabelledUser(candidates, candidates.labels(user.target()), user.target().size()));
        }
        return labelled;
    }

    private static double coverage(CandidateSet candidates, Set<Long> truth) {
        int hits = 0;
        for (long item : candidates.items()) {
            hits += truth.contains(item) ? 1 : 0;
        }
        return (double) hits / truth.size();
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
