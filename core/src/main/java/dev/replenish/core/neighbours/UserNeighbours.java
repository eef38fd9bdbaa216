package dev.replenish.core.neighbours;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * TIFUKNN-style user neighbours (Hu et al., SIGIR 2020): a user is the vector of their purchase
 * shares (each product's weight over the user's total), two users are as similar as the cosine of
 * their vectors, and a user's neighbour votes are the mean of their {@code k} most similar users'
 * vectors. The one implementation of the idea: the join's neighbour candidate source and the
 * evaluation's user-KNN baseline both call it.
 *
 * <p>Neighbours come from a <em>pool</em> of users, and each product remembers at most
 * {@code maxBuyersPerProduct} pool buyers (those it weighs most in, ties by smaller user id). Both
 * bound the work: the dot products walk the user's products' buyers, and at Instacart's size a
 * staple has tens of thousands of buyers (exactly, every user against every user is about 10^11
 * multiply-adds). A user is never their own neighbour.
 *
 * <p>Plain arrays throughout: the index is broadcast to Spark executors and walked millions of
 * times, where boxed maps cost minutes.
 */
public final class UserNeighbours implements Serializable {

    private static final long serialVersionUID = 1L;

    /** One user's purchases: product ids and weights (any positive scale; shares are taken here). */
    public record UserVector(long user, long[] products, double[] weights) {
        public UserVector {
            if (products.length != weights.length) {
                throw new IllegalArgumentException("user " + user + ": " + products.length + " products but "
                        + weights.length + " weights");
            }
        }
    }

    /**
     * The products a user's neighbours voted for, unsorted: {@code scores[i]} is the mean share of
     * {@code products[i]} over the neighbours. Products no neighbour bought are absent (vote 0).
     */
    public record Votes(long[] products, double[] scores, int neighbours) {
    }

    /** Pool users by ascending id, their shares in CSR form, and the L2 norm of each share vector. */
    private final long[] poolUsers;
    private final int[] vectorStart;
    private final int[] vectorProduct;
    private final float[] vectorShare;
    private final double[] norms;
    /** Every product a pool user bought, ascending: a product's index is its position here. */
    private final long[] productIds;
    /** Per product index, its kept pool buyers and their shares (CSR). */
    private final int[] buyerStart;
    private final int[] buyerUser;
    private final float[] buyerShare;

    private UserNeighbours(long[] poolUsers, int[] vectorStart, int[] vectorProduct, float[] vectorShare, double[] norms,
                           long[] productIds, int[] buyerStart, int[] buyerUser, float[] buyerShare) {
        this.poolUsers = poolUsers;
        this.vectorStart = vectorStart;
        this.vectorProduct = vectorProduct;
        this.vectorShare = vectorShare;
        this.norms = norms;
        this.productIds = productIds;
        this.buyerStart = buyerStart;
        this.buyerUser = buyerUser;
        this.buyerShare = buyerShare;
    }

    /**
     * @param pool                the users neighbours are drawn from (each user at most once)
     * @param maxBuyersPerProduct per product, the most pool buyers its dot products visit
     */
    public static UserNeighbours of(List<UserVector> pool, int maxBuyersPerProduct) {
        if (maxBuyersPerProduct < 1) {
            throw new IllegalArgumentException("maxBuyersPerProduct must be at least 1, was " + maxBuyersPerProduct);
        }
        List<UserVector> users = new ArrayList<>(pool);
        users.sort(Comparator.comparingLong(UserVector::user));
        long[] ids = new long[users.size()];
        int lines = 0;
        for (int u = 0; u < users.size(); u++) {
            ids[u] = users.get(u).user();
            if (u > 0 && ids[u] == ids[u - 1]) {
                throw new IllegalArgumentException("user " + ids[u] + " is in the pool twice");
            }
            lines += users.get(u).products().length;
        }
        long[] allProducts = new long[lines];
        int at = 0;
        for (UserVector user : users) {
            System.arraycopy(user.products(), 0, allProducts, at, user.products().length);
            at += user.products().length;
        }
        long[] productIds = Arrays.stream(allProducts).sorted().distinct().toArray();

        int[] vectorStart = new int[ids.length + 1];
        int[] vectorProduct = new int[lines];
        float[] vectorShare = new float[lines];
        double[] norms = new double[ids.length];
        int[] buyersOf = new int[productIds.length];
        at = 0;
        for (int u = 0; u < users.size(); u++) {
            UserVector user = users.get(u);
            vectorStart[u] = at;
            double[] shares = shares(user);
            double squares = 0;
            for (int i = 0; i < shares.length; i++) {
                int product = Arrays.binarySearch(productIds, user.products()[i]);
                vectorProduct[at] = product;
                vectorShare[at] = (float) shares[i];
                squares += shares[i] * shares[i];
                buyersOf[product]++;
                at++;
            }
            norms[u] = Math.sqrt(squares);
        }
        vectorStart[ids.length] = at;

        // The inverted index: every (product, buyer) line, then each product's buyers ordered by
        // share (descending, ties by smaller user id) and cut to the cap.
        int[] allStart = new int[productIds.length + 1];
        for (int p = 0; p < productIds.length; p++) {
            allStart[p + 1] = allStart[p] + buyersOf[p];
        }
        int[] fill = Arrays.copyOf(allStart, productIds.length);
        int[] allUser = new int[lines];
        float[] allShare = new float[lines];
        for (int u = 0; u < ids.length; u++) {
            for (int i = vectorStart[u]; i < vectorStart[u + 1]; i++) {
                int line = fill[vectorProduct[i]]++;
                allUser[line] = u;
                allShare[line] = vectorShare[i];
            }
        }
        int[] buyerStart = new int[productIds.length + 1];
        int kept = 0;
        for (int p = 0; p < productIds.length; p++) {
            kept += Math.min(maxBuyersPerProduct, buyersOf[p]);
        }
        int[] buyerUser = new int[kept];
        float[] buyerShare = new float[kept];
        int out = 0;
        for (int p = 0; p < productIds.length; p++) {
            buyerStart[p] = out;
            int from = allStart[p];
            Integer[] order = new Integer[buyersOf[p]];
            for (int b = 0; b < order.length; b++) {
                order[b] = from + b;
            }
            if (order.length > maxBuyersPerProduct) {
                // allUser lists buyers by ascending user index (= ascending id), so a stable sort by
                // share leaves ties with the smaller id first.
                Arrays.sort(order, (a, b) -> Float.compare(allShare[b], allShare[a]));
            }
            for (int b = 0; b < Math.min(maxBuyersPerProduct, order.length); b++) {
                buyerUser[out] = allUser[order[b]];
                buyerShare[out] = allShare[order[b]];
                out++;
            }
        }
        buyerStart[productIds.length] = out;
        return new UserNeighbours(ids, vectorStart, vectorProduct, vectorShare, norms, productIds, buyerStart, buyerUser, buyerShare);
    }

    /** Users in the pool. */
    public int poolSize() {
        return poolUsers.length;
    }

    /** A scorer with its own scratch arrays: one per thread (or Spark partition). */
    public Scorer scorer() {
        return new Scorer();
    }

    /** The user's purchase shares: weight over the user's total weight. */
    public static double[] shares(UserVector user) {
        double total = 0;
        for (double weight : user.weights()) {
            if (!(weight > 0)) {
                throw new IllegalArgumentException("user " + user.user() + ": weights must be positive, was " + weight);
            }
            total += weight;
        }
        double[] shares = new double[user.weights().length];
        for (int i = 0; i < shares.length; i++) {
            shares[i] = user.weights()[i] / total;
        }
        return shares;
    }

    /** Finds neighbours and their votes; reuses its arrays between users, so it is not thread-safe. */
    public final class Scorer {
        private final double[] dots = new double[poolUsers.length];
        private final int[] touchedUsers = new int[poolUsers.length];
        private final double[] votes = new double[productIds.length];
        private final int[] votedProducts = new int[productIds.length];

        private Scorer() {
        }

        /**
         * The mean share vector of the user's {@code k} nearest pool users by cosine (ties by
         * smaller user id), the user itself excluded. Products the pool never bought are ignored.
         */
        public Votes votes(UserVector user, int k) {
            if (k < 1) {
                throw new IllegalArgumentException("neighbours must be at least 1, was " + k);
            }
            double[] shares = shares(user);
            double ownNorm = 0;
            for (double share : shares) {
                ownNorm += share * share;
            }
            ownNorm = Math.sqrt(ownNorm);
            int touched = 0;
            for (int i = 0; i < shares.length; i++) {
                int product = Arrays.binarySearch(productIds, user.products()[i]);
                if (product < 0) {
                    continue;
                }
                for (int b = buyerStart[product]; b < buyerStart[product + 1]; b++) {
                    int other = buyerUser[b];
                    if (poolUsers[other] == user.user()) {
                        continue;
                    }
                    if (dots[other] == 0) {
                        touchedUsers[touched++] = other;
                    }
                    dots[other] += shares[i] * buyerShare[b];
                }
            }
            int[] nearest = nearest(touched, k, ownNorm);
            for (int t = 0; t < touched; t++) {
                dots[touchedUsers[t]] = 0;
            }

            int voted = 0;
            for (int neighbour : nearest) {
                for (int i = vectorStart[neighbour]; i < vectorStart[neighbour + 1]; i++) {
                    int product = vectorProduct[i];
                    if (votes[product] == 0) {
                        votedProducts[voted++] = product;
                    }
                    votes[product] += vectorShare[i];
                }
            }
            long[] products = new long[voted];
            double[] scores = new double[voted];
            for (int v = 0; v < voted; v++) {
                int product = votedProducts[v];
                products[v] = productIds[product];
                scores[v] = votes[product] / nearest.length;
                votes[product] = 0;
            }
            return new Votes(products, scores, nearest.length);
        }

        /** The k touched users of highest cosine (ties by smaller id), via a bounded min-heap. */
        private int[] nearest(int touched, int k, double ownNorm) {
            int[] best = new int[Math.min(k, touched)];
            double[] cosine = new double[best.length];
            int size = 0;
            for (int t = 0; t < touched; t++) {
                int other = touchedUsers[t];
                double value = dots[other] / (ownNorm * norms[other]);
                if (size < best.length) {
                    best[size] = other;
                    cosine[size] = value;
                    siftUp(best, cosine, size++);
                } else if (better(value, other, cosine[0], best[0])) {
                    best[0] = other;
                    cosine[0] = value;
                    siftDown(best, cosine, size);
                }
            }
            return Arrays.copyOf(best, size);
        }

        /** Is (value, user) nearer than (than, thanUser)? Higher cosine, then smaller id (= smaller index). */
        private static boolean better(double value, int user, double than, int thanUser) {
            return value > than || (value == than && user < thanUser);
        }

        private static void siftUp(int[] users, double[] values, int at) {
            while (at > 0) {
                int parent = (at - 1) / 2;
                if (!better(values[parent], users[parent], values[at], users[at])) {
                    return;
                }
                swap(users, values, at, parent);
                at = parent;
            }
        }

        private static void siftDown(int[] users, double[] values, int size) {
            int at = 0;
            while (true) {
                int left = 2 * at + 1;
                int worst = at;
                if (left < size && better(values[worst], users[worst], values[left], users[left])) {
                    worst = left;
                }
                if (left + 1 < size && better(values[worst], users[worst], values[left + 1], users[left + 1])) {
                    worst = left + 1;
                }
                if (worst == at) {
                    return;
                }
                swap(users, values, at, worst);
                at = worst;
            }
        }

        private static void swap(int[] users, double[] values, int a, int b) {
            int user = users[a];
            users[a] = users[b];
            users[b] = user;
            double value = values[a];
            values[a] = values[b];
            values[b] = value;
        }
    }
}
