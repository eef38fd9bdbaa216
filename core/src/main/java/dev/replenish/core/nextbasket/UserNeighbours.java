package dev.replenish.core.nextbasket;

import java.util.List;

/**
 * Explore signal from similar users, in the spirit of TIFUKNN (Hu et al., SIGIR 2020): each user is
 * the unit-length vector of recency-weighted item frequencies; the k users with the highest cosine
 * similarity vote for their items, each vote weighted by that similarity. Users are compared on
 * history only.
 */
final class UserNeighbours {

    private final List<UserProfile> profiles;
    private final int[][] usersOfItem;
    private final float[][] weightsOfItem;
    private final int neighbourCount;

    UserNeighbours(List<UserProfile> profiles, int itemCount, int neighbourCount) {
        this.profiles = profiles;
        this.neighbourCount = neighbourCount;
        int[] usersPerItem = new int[itemCount];
        for (UserProfile profile : profiles) {
            for (int item : profile.items) {
                usersPerItem[item]++;
            }
        }
        usersOfItem = new int[itemCount][];
        weightsOfItem = new float[itemCount][];
        for (int item = 0; item < itemCount; item++) {
            usersOfItem[item] = new int[usersPerItem[item]];
            weightsOfItem[item] = new float[usersPerItem[item]];
        }
        int[] filled = new int[itemCount];
        for (int user = 0; user < profiles.size(); user++) {
            UserProfile profile = profiles.get(user);
            for (int slot = 0; slot < profile.items.length; slot++) {
                int item = profile.items[slot];
                usersOfItem[item][filled[item]] = user;
                weightsOfItem[item][filled[item]++] = profile.unitWeight[slot];
            }
        }
    }

    /**
     * Adds the neighbours' votes for user {@code user} (a row of the profile list) to {@code votes},
     * normalised by the neighbours' total similarity. {@code similarity} is scratch space sized to
     * the number of users.
     */
    void vote(int user, SparseScores similarity, SparseScores votes) {
        UserProfile profile = profiles.get(user);
        for (int slot = 0; slot < profile.items.length; slot++) {
            int item = profile.items[slot];
            double weight = profile.unitWeight[slot];
            int[] others = usersOfItem[item];
            float[] otherWeights = weightsOfItem[item];
            for (int k = 0; k < others.length; k++) {
                if (others[k] != user) {
                    similarity.add(others[k], weight * otherWeights[k]);
                }
            }
        }
        TopScores nearest = new TopScores(neighbourCount);
        for (int t = 0; t < similarity.touchedCount(); t++) {
            int other = similarity.touchedAt(t);
            nearest.offer(other, similarity.get(other));
        }
        similarity.clear();
        int[] neighbours = nearest.keys();
        double[] similarities = nearest.scores();
        double total = 0;
        for (double s : similarities) {
            total += s;
        }
        if (total <= 0) {
            return;
        }
        for (int n = 0; n < neighbours.length; n++) {
            UserProfile neighbour = profiles.get(neighbours[n]);
            double weight = similarities[n] / total;
            for (int slot = 0; slot < neighbour.items.length; slot++) {
                votes.add(neighbour.items[slot], weight * neighbour.unitWeight[slot]);
            }
        }
    }
}
