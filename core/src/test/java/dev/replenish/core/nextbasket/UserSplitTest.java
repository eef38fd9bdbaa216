package dev.replenish.core.nextbasket;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserSplitTest {

    private static List<NextBasketCase> users(int count) {
        List<NextBasketCase> users = new ArrayList<>();
        for (long id = 1; id <= count; id++) {
            users.add(NextBasketCase.lastBasketAsTarget(id, List.of(List.of(id), List.of(id + 1))));
        }
        return users;
    }

    private static List<Long> ids(List<NextBasketCase> users) {
        return users.stream().map(NextBasketCase::userId).toList();
    }

    @Test
    void aThousandUsersSplitIntoExactly720TrainAnd80ValidationAnd200Test() {
        // GIVEN 1,000 users and the paper's fractions
        // WHEN they are split
        UserSplit split = UserSplit.shuffled(users(1000), 42, 0.72, 0.08);
        // THEN the parts have floor(1000*0.72), floor(1000*0.8) - 720 and the remaining users
        assertEquals(720, split.train().size());
        assertEquals(80, split.validation().size());
        assertEquals(200, split.test().size());
    }

    @Test
    void theRealTafengUserCountSplitsAsThePapersScriptWould() {
        // GIVEN 13,858 users (TaFeng): int(n*0.72) = 9977 and int(n*0.8) = 11086 in the paper's script
        UserSplit split = UserSplit.shuffled(users(13_858), 1, 0.72, 0.08);
        // THEN 9,977 train, 1,109 validation and 2,772 test users
        assertEquals(List.of(9977, 1109, 2772), List.of(split.train().size(), split.validation().size(), split.test().size()));
    }

    @Test
    void thePartsAreDisjointAndTogetherHoldEveryUser() {
        // GIVEN 500 users
        UserSplit split = UserSplit.shuffled(users(500), 7, 0.72, 0.08);
        // THEN no user is in two parts and none is lost
        Set<Long> seen = new HashSet<>();
        for (NextBasketCase user : split.all()) {
            assertTrue(seen.add(user.userId()), "user " + user.userId() + " in two parts");
        }
        assertEquals(500, seen.size());
    }

    @Test
    void theSameSeedGivesTheSameSplitWhateverTheInputOrder() {
        // GIVEN the same users in two different orders
        List<NextBasketCase> ordered = users(300);
        List<NextBasketCase> reversed = new ArrayList<>(ordered);
        Collections.reverse(reversed);
        // WHEN both are split with seed 5
        UserSplit first = UserSplit.shuffled(ordered, 5, 0.72, 0.08);
        UserSplit second = UserSplit.shuffled(reversed, 5, 0.72, 0.08);
        // THEN every part holds the same users in the same order
        assertEquals(ids(first.train()), ids(second.train()));
        assertEquals(ids(first.validation()), ids(second.validation()));
        assertEquals(ids(first.test()), ids(second.test()));
    }

    @Test
    void anotherSeedGivesAnotherSplit() {
        // GIVEN 300 users split with two seeds
        UserSplit first = UserSplit.shuffled(users(300), 5, 0.72, 0.08);
        UserSplit second = UserSplit.shuffled(users(300), 6, 0.72, 0.08);
        // THEN the test users differ
        assertNotEquals(Set.copyOf(ids(first.test())), Set.copyOf(ids(second.test())));
    }

    @Test
    void theShuffleActuallyMixesUsers() {
        // GIVEN users 1..1000 in id order
        UserSplit split = UserSplit.shuffled(users(1000), 3, 0.72, 0.08);
        // THEN the training users are not simply the 720 smallest ids
        assertNotEquals(ids(users(720)), ids(split.train()));
    }
}
