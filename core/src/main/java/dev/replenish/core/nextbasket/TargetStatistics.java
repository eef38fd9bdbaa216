package dev.replenish.core.nextbasket;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the targets of training users say about items: how often an item is in a target basket
 * (the store's recent popularity, which history-wide counts blur), how often a user who bought it
 * before buys it again, and how often a user who never bought it tries it.
 *
 * <p>Training users are dealt into folds; the statistics a training user sees come from the other
 * folds only ("out of fold"), so no user's own label reaches its features and every user of a
 * fold sees the same numbers. Validation and test users see all training targets; their own
 * targets are never read here.
 */
final class TargetStatistics {

    /** The view a non-training user sees: every fold. */
    static final int ALL_FOLDS = -1;

    /**
     * Pseudo-users behind the prior when an item's repeat or explore rate is estimated, so an item
     * with two owners does not get a rate of 0 or 1.
     */
    private static final double PRIOR_USERS = 10.0;

    private final int folds;
    private final int[][] targetCounts;
    private final int[][] ownerCounts;
    private final int[][] ownerHits;
    private final int[] usersPerFold;
    private final int[] totalTargetCounts;
    private final int[] totalOwnerCounts;
    private final int[] totalOwnerHits;
    private final int totalUsers;

    /**
     * @param distinctHistoryItems each training user's distinct history items, in training order
     *                             (the user at position t is in fold t % folds)
     * @param targets              their targets, as item indices, in the same order
     */
    TargetStatistics(List<int[]> distinctHistoryItems, List<int[]> targets, int itemCount, int folds) {
        this.folds = folds;
        targetCounts = new int[folds][itemCount];
        ownerCounts = new int[folds][itemCount];
        ownerHits = new int[folds][itemCount];
        usersPerFold = new int[folds];
        for (int user = 0; user < targets.size(); user++) {
            int fold = foldOf(user);
            usersPerFold[fold]++;
            int[] owned = distinctHistoryItems.get(user);
            Set<Integer> inTarget = new HashSet<>();
            for (int item : targets.get(user)) {
                targetCounts[fold][item]++;
                inTarget.add(item);
            }
            for (int item : owned) {
                ownerCounts[fold][item]++;
                if (inTarget.contains(item)) {
                    ownerHits[fold][item]++;
                }
            }
        }
        totalTargetCounts = sumOverFolds(targetCounts, itemCount);
        totalOwnerCounts = sumOverFolds(ownerCounts, itemCount);
        totalOwnerHits = sumOverFolds(ownerHits, itemCount);
        totalUsers = targets.size();
    }

    int foldOf(int trainingPosition) {
        return trainingPosition % folds;
    }

    int folds() {
        return folds;
    }

    /** The statistics seen from a fold (training users) or from {@link #ALL_FOLDS}. */
    View view(int fold) {
        return new View(fold);
    }

    private static int[] sumOverFolds(int[][] perFold, int itemCount) {
        int[] total = new int[itemCount];
        for (int[] fold : perFold) {
            for (int item = 0; item < itemCount; item++) {
                total[item] += fold[item];
            }
        }
        return total;
    }

    /** Training targets outside one fold (or all of them). */
    final class View {
        private final int fold;
        private final int users;
        private final double repeatPrior;
        private final double explorePrior;

        private View(int fold) {
            this.fold = fold;
            this.users = totalUsers - (fold == ALL_FOLDS ? 0 : usersPerFold[fold]);
            long hits = 0;
            long owners = 0;
            long targetLines = 0;
            for (int item = 0; item < totalTargetCounts.length; item++) {
                hits += ownerHits(item);
                owners += owners(item);
                targetLines += targetCount(item);
            }
            repeatPrior = owners == 0 ? 0 : (double) hits / owners;
            long nonOwnerPairs = (long) users * totalTargetCounts.length - owners;
            explorePrior = nonOwnerPairs <= 0 ? 0 : (double) (targetLines - hits) / nonOwnerPairs;
        }

        int users() {
            return users;
        }

        int targetCount(int item) {
            return totalTargetCounts[item] - (fold == ALL_FOLDS ? 0 : targetCounts[fold][item]);
        }

        private int owners(int item) {
            return totalOwnerCounts[item] - (fold == ALL_FOLDS ? 0 : ownerCounts[fold][item]);
        }

        private int ownerHits(int item) {
            return totalOwnerHits[item] - (fold == ALL_FOLDS ? 0 : ownerHits[fold][item]);
        }

        /** Share of these users whose target holds the item. */
        double targetShare(int item) {
            return users == 0 ? 0 : (double) targetCount(item) / users;
        }

        /** Of these users who bought the item before, the share whose target holds it again (smoothed). */
        double repeatRate(int item) {
            return (ownerHits(item) + PRIOR_USERS * repeatPrior) / (owners(item) + PRIOR_USERS);
        }

        /** Of these users who never bought the item, the share whose target holds it (smoothed). */
        double exploreRate(int item) {
            int explorers = targetCount(item) - ownerHits(item);
            int nonOwners = users - owners(item);
            return (explorers + PRIOR_USERS * explorePrior) / (nonOwners + PRIOR_USERS);
        }
    }
}
