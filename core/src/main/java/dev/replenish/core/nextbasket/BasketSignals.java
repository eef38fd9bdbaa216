package dev.replenish.core.nextbasket;

import dev.replenish.core.config.ReplenishConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Everything a candidate's features are computed from, built once per split: item statistics and
 * co-purchase similarities over every user's history, user-to-user similarity over histories, and
 * out-of-fold statistics of training users' targets. Validation and test targets are never read,
 * so no change to them can move a feature.
 */
public final class BasketSignals {

    private final ReplenishConfig.NextBasket settings;
    private final ItemIndex items;
    private final Map<Long, Integer> rowOfUser;
    private final Map<Long, Integer> foldOfTrainingUser;
    private final List<UserProfile> profiles;
    private final CoPurchase coPurchase;
    private final UserNeighbours neighbours;
    private final TargetStatistics targetStatistics;
    private final TargetStatistics.View[] views;
    private final int[][] popularByView;
    private final double[] basketShare;
    private final double[] latestBasketShare;
    private final double[] historyRepeatRate;
    private final ThreadLocal<Scratch> scratch;

    private BasketSignals(ReplenishConfig.NextBasket settings, ItemIndex items, Map<Long, Integer> rowOfUser,
                          Map<Long, Integer> foldOfTrainingUser, List<UserProfile> profiles, CoPurchase coPurchase,
                          UserNeighbours neighbours, TargetStatistics targetStatistics, double[] basketShare,
                          double[] latestBasketShare, double[] historyRepeatRate) {
        this.settings = settings;
        this.items = items;
        this.rowOfUser = rowOfUser;
        this.foldOfTrainingUser = foldOfTrainingUser;
        this.profiles = profiles;
        this.coPurchase = coPurchase;
        this.neighbours = neighbours;
        this.targetStatistics = targetStatistics;
        this.basketShare = basketShare;
        this.latestBasketShare = latestBasketShare;
        this.historyRepeatRate = historyRepeatRate;
        int folds = targetStatistics.folds();
        views = new TargetStatistics.View[folds + 1];
        popularByView = new int[folds + 1][];
        for (int v = 0; v <= folds; v++) {
            views[v] = targetStatistics.view(v == folds ? TargetStatistics.ALL_FOLDS : v);
            TopScores top = new TopScores(settings.candidates().popular());
            for (int item = 0; item < items.size(); item++) {
                // Popular at target time when training targets may be read, else near the end of histories.
                double popularity = settings.signals().useTrainingTargets() ? views[v].targetCount(item) : latestBasketShare[item];
                if (popularity > 0) {
                    top.offer(item, popularity);
                }
            }
            popularByView[v] = top.keys();
        }
        int itemCount = items.size();
        int userCount = profiles.size();
        scratch = ThreadLocal.withInitial(() -> new Scratch(itemCount, userCount));
    }

    /**
     * Builds the signals of a split. Reads every user's history and the training users' targets;
     * nothing else.
     */
    public static BasketSignals compute(UserSplit split, ReplenishConfig.NextBasket settings, Consumer<String> progress) {
        ReplenishConfig.Signals signalSettings = settings.signals();
        List<NextBasketCase> users = split.all();
        ItemIndex items = new ItemIndex();
        Map<Long, Integer> rowOfUser = new HashMap<>();
        List<int[][]> histories = new ArrayList<>(users.size());
        for (NextBasketCase user : users) {
            rowOfUser.put(user.userId(), histories.size());
            int[][] history = new int[user.history().size()][];
            for (int b = 0; b < history.length; b++) {
                history[b] = user.history().get(b).stream().mapToInt(items::add).toArray();
            }
            histories.add(history);
        }
        List<NextBasketCase> labelledUsers = signalSettings.useTrainingTargets() ? split.train() : List.of();
        List<int[]> trainingTargets = new ArrayList<>(labelledUsers.size());
        for (NextBasketCase user : labelledUsers) {
            trainingTargets.add(user.target().stream().mapToInt(items::add).toArray());
        }
        int itemCount = items.size();

        List<UserProfile> profiles = new ArrayList<>(histories.size());
        List<int[]> allBaskets = new ArrayList<>();
        for (int[][] history : histories) {
            profiles.add(new UserProfile(history, signalSettings.recencyDecay()));
            allBaskets.addAll(Arrays.asList(history));
        }

        double[] basketShare = new double[itemCount];
        for (int[] basket : allBaskets) {
            for (int item : basket) {
                basketShare[item]++;
            }
        }
        double[] latestBasketShare = new double[itemCount];
        int[] owners = new int[itemCount];
        int[] repeaters = new int[itemCount];
        for (UserProfile profile : profiles) {
            for (int item : profile.lastBasket) {
                latestBasketShare[item]++;
            }
            for (int slot = 0; slot < profile.items.length; slot++) {
                owners[profile.items[slot]]++;
                if (profile.baskets[slot] >= 2) {
                    repeaters[profile.items[slot]]++;
                }
            }
        }
        double[] historyRepeatRate = new double[itemCount];
        for (int item = 0; item < itemCount; item++) {
            basketShare[item] /= allBaskets.size();
            latestBasketShare[item] /= profiles.size();
            historyRepeatRate[item] = owners[item] == 0 ? Double.NaN : (double) repeaters[item] / owners[item];
        }
        progress.accept(String.format("signals: %,d users, %,d items, %,d history baskets", profiles.size(), itemCount, allBaskets.size()));

        CoPurchase coPurchase = CoPurchase.fromBaskets(allBaskets, itemCount, signalSettings.similarItemsKept());
        progress.accept("signals: co-purchase similarities ready");
        UserNeighbours neighbours = new UserNeighbours(profiles, itemCount, signalSettings.neighbourUsers());

        Map<Long, Integer> foldOfTrainingUser = new HashMap<>();
        List<int[]> trainingOwned = new ArrayList<>(labelledUsers.size());
        for (NextBasketCase user : labelledUsers) {
            trainingOwned.add(profiles.get(rowOfUser.get(user.userId())).items);
        }
        TargetStatistics targetStatistics = new TargetStatistics(trainingOwned, trainingTargets, itemCount,
                signalSettings.targetStatisticFolds());
        for (int t = 0; t < labelledUsers.size(); t++) {
            foldOfTrainingUser.put(labelledUsers.get(t).userId(), targetStatistics.foldOf(t));
        }
        return new BasketSignals(settings, items, rowOfUser, foldOfTrainingUser, profiles, coPurchase, neighbours,
                targetStatistics, basketShare, latestBasketShare, historyRepeatRate);
    }

    /** The user's candidates and their features. The user must be one of the split's users. */
    public CandidateSet candidatesFor(NextBasketCase user) {
        Integer row = rowOfUser.get(user.userId());
        if (row == null) {
            throw new IllegalArgumentException("user " + user.userId() + " is not in the split these signals were built from");
        }
        UserProfile profile = profiles.get(row);
        Integer fold = foldOfTrainingUser.get(user.userId());
        int viewIndex = fold == null ? views.length - 1 : fold;
        TargetStatistics.View view = views[viewIndex];
        Scratch work = scratch.get();
        try {
            for (int item : profile.items) {
                work.owned[item] = true;
            }
            for (int slot = 0; slot < profile.items.length; slot++) {
                coPurchase.spread(profile.items[slot], profile.shareWeight[slot], work.coPurchase);
            }
            for (int item : profile.lastBasket) {
                coPurchase.spread(item, 1.0 / profile.lastBasket.length, work.coPurchaseLatest);
            }
            neighbours.vote(row, work.similarity, work.votes);

            ReplenishConfig.Candidates counts = settings.candidates();
            Set<Integer> chosen = new LinkedHashSet<>();
            TopScores repeat = new TopScores(counts.repeat());
            for (int slot = 0; slot < profile.items.length; slot++) {
                // Recency weight first; the small count term only separates equal weights.
                repeat.offer(profile.items[slot], profile.recencyWeight[slot] + 1e-6 * profile.baskets[slot]);
            }
            addAll(chosen, repeat.keys());
            addAll(chosen, popularByView[viewIndex]);
            addAll(chosen, work.coPurchase.top(counts.coPurchase(), item -> work.owned[item]));
            addAll(chosen, work.votes.top(counts.neighbour(), item -> work.owned[item]));

            int[] candidates = chosen.stream().mapToInt(Integer::intValue).toArray();
            float[] neighbourRank = rankWithin(candidates, work.votes);
            float[] coPurchaseRank = rankWithin(candidates, work.coPurchase);
            long[] ids = new long[candidates.length];
            float[] features = new float[candidates.length * CandidateFeature.COUNT];
            for (int c = 0; c < candidates.length; c++) {
                int item = candidates[c];
                ids[c] = items.idAt(item);
                int slot = profile.slotOf(item);
                float[] values = work.row;
                Arrays.fill(values, Float.NaN);
                boolean owned = slot >= 0;
                int bought = owned ? profile.baskets[slot] : 0;
                set(values, CandidateFeature.USER_ITEM_BASKETS, bought);
                set(values, CandidateFeature.USER_ITEM_SHARE, (double) bought / profile.historyLength);
                set(values, CandidateFeature.USER_ITEM_RECENCY_WEIGHT, owned ? profile.recencyWeight[slot] : 0);
                if (owned) {
                    int sinceLast = profile.historyLength - profile.lastSeen[slot];
                    set(values, CandidateFeature.BASKETS_SINCE_LAST_PURCHASE, sinceLast);
                    if (bought >= 2) {
                        double gap = (double) (profile.lastSeen[slot] - profile.firstSeen[slot]) / (bought - 1);
                        set(values, CandidateFeature.USER_ITEM_MEAN_GAP, gap);
                        set(values, CandidateFeature.USER_ITEM_DUE_RATIO, sinceLast / gap);
                    }
                }
                set(values, CandidateFeature.ITEM_BASKET_SHARE, basketShare[item]);
                set(values, CandidateFeature.ITEM_LATEST_BASKET_SHARE, latestBasketShare[item]);
                set(values, CandidateFeature.ITEM_HISTORY_REPEAT_RATE, historyRepeatRate[item]);
                set(values, CandidateFeature.ITEM_TARGET_SHARE, view.targetShare(item));
                set(values, CandidateFeature.ITEM_TARGET_REPEAT_RATE, view.repeatRate(item));
                set(values, CandidateFeature.ITEM_TARGET_EXPLORE_RATE, view.exploreRate(item));
                set(values, CandidateFeature.CO_PURCHASE_SCORE, work.coPurchase.get(item));
                set(values, CandidateFeature.CO_PURCHASE_LATEST_BASKET, work.coPurchaseLatest.get(item));
                set(values, CandidateFeature.NEIGHBOUR_SCORE, work.votes.get(item));
                values[CandidateFeature.NEIGHBOUR_RANK.ordinal()] = neighbourRank[c];
                values[CandidateFeature.CO_PURCHASE_RANK.ordinal()] = coPurchaseRank[c];
                set(values, CandidateFeature.USER_BASKETS, profile.historyLength);
                set(values, CandidateFeature.USER_MEAN_BASKET_SIZE, profile.meanBasketSize);
                set(values, CandidateFeature.USER_LATEST_BASKET_SIZE, profile.lastBasket.length);
                set(values, CandidateFeature.USER_DISTINCT_ITEMS, profile.items.length);
                set(values, CandidateFeature.USER_REPEAT_RATIO, profile.repeatRatio);
                System.arraycopy(values, 0, features, c * CandidateFeature.COUNT, CandidateFeature.COUNT);
            }
            return new CandidateSet(user.userId(), ids, features);
        } finally {
            for (int item : profile.items) {
                work.owned[item] = false;
            }
            work.clear();
        }
    }

    private static void set(float[] row, CandidateFeature feature, double value) {
        row[feature.ordinal()] = (float) value;
    }

    private static void addAll(Set<Integer> chosen, int[] items) {
        for (int item : items) {
            chosen.add(item);
        }
    }

    /** 1-based rank of each candidate's score among the candidates (ties share the better rank); NaN for a zero score. */
    private static float[] rankWithin(int[] candidates, SparseScores scores) {
        double[] sorted = new double[candidates.length];
        for (int c = 0; c < candidates.length; c++) {
            sorted[c] = -scores.get(candidates[c]);
        }
        Arrays.sort(sorted);
        float[] ranks = new float[candidates.length];
        for (int c = 0; c < candidates.length; c++) {
            double score = scores.get(candidates[c]);
            if (score <= 0) {
                ranks[c] = Float.NaN;
            } else {
                int position = Arrays.binarySearch(sorted, -score);
                while (position > 0 && sorted[position - 1] == -score) {
                    position--;
                }
                ranks[c] = position + 1;
            }
        }
        return ranks;
    }

    /** Per-thread scoring space, sized once, cleared after each user. */
    private static final class Scratch {
        final SparseScores coPurchase;
        final SparseScores coPurchaseLatest;
        final SparseScores votes;
        final SparseScores similarity;
        final float[] row = new float[CandidateFeature.COUNT];
        /** The current user's history items, so explore lists can skip them without a search. */
        final boolean[] owned;

        Scratch(int itemCount, int userCount) {
            owned = new boolean[itemCount];
            coPurchase = new SparseScores(itemCount);
            coPurchaseLatest = new SparseScores(itemCount);
            votes = new SparseScores(itemCount);
            similarity = new SparseScores(userCount);
        }

        void clear() {
            coPurchase.clear();
            coPurchaseLatest.clear();
            votes.clear();
            similarity.clear();
        }
    }
}
