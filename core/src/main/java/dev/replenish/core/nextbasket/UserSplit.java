package dev.replenish.core.nextbasket;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Users shuffled with a seed and cut into train, validation and test, as in the Reality Check
 * paper's {@code keyset_fold.py}: the first {@code floor(n * train)} shuffled users train, the
 * users up to {@code floor(n * (train + validation))} validate, the rest are test users.
 *
 * <p>Users are put in id order before the shuffle, so the split depends on the seed and the set of
 * users only, never on the order of the input file; {@link Random}'s algorithm is fixed by the
 * Java specification, so a seed gives the same split on every JVM.
 */
public record UserSplit(long seed, List<NextBasketCase> train, List<NextBasketCase> validation, List<NextBasketCase> test) {

    /** Absorbs binary rounding of products such as 1000 * 0.72 so a boundary lands on the intended user. */
    private static final double BOUNDARY_TOLERANCE = 1e-9;

    public UserSplit {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }

    public static UserSplit shuffled(Collection<NextBasketCase> cases, long seed, double trainFraction, double validationFraction) {
        List<NextBasketCase> users = new ArrayList<>(cases);
        users.sort(Comparator.comparingLong(NextBasketCase::userId));
        for (int i = 1; i < users.size(); i++) {
            if (users.get(i).userId() == users.get(i - 1).userId()) {
                throw new IllegalArgumentException("user " + users.get(i).userId() + " appears twice");
            }
        }
        java.util.Collections.shuffle(users, new Random(seed));
        int n = users.size();
        int trainEnd = boundary(n, trainFraction);
        int validationEnd = boundary(n, trainFraction + validationFraction);
        return new UserSplit(seed, users.subList(0, trainEnd), users.subList(trainEnd, validationEnd), users.subList(validationEnd, n));
    }

    private static int boundary(int n, double fraction) {
        return (int) Math.floor(n * fraction + BOUNDARY_TOLERANCE);
    }

    /** Every user, train first, then validation, then test. */
    public List<NextBasketCase> all() {
        List<NextBasketCase> all = new ArrayList<>(train.size() + validation.size() + test.size());
        all.addAll(train);
        all.addAll(validation);
        all.addAll(test);
        return all;
    }
}
