package dev.replenish.sources.instacart;

/**
 * Order ids as Kaggle's look: every id from 1 to the number of orders is used once, but a user's
 * orders do not get consecutive ids (the real ids are shuffled across users and time). A source
 * numbers its orders 0, 1, 2, ... in file order; this maps that index to an id through a keyed
 * permutation, so a model cannot learn anything from the id.
 *
 * <p>The permutation is a four-round Feistel network over the smallest power-of-four domain that
 * holds every index, with cycle walking back into [0, count): a bijection by construction, O(1)
 * memory, and independent of the order in which ids are asked for (worker threads ask out of order).
 */
public final class OrderIds {

    private static final int ROUNDS = 4;

    private final long count;
    private final int halfBits;
    private final long halfMask;
    private final long[] roundKeys = new long[ROUNDS];

    /**
     * @param count the number of orders of the whole output
     * @param key   the permutation's key (the generator's seed; any fixed value for an importer)
     */
    public OrderIds(long count, long key) {
        if (count < 1) {
            throw new IllegalArgumentException("there must be at least one order, was " + count);
        }
        this.count = count;
        int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(count - 1));
        this.halfBits = (bits + 1) / 2;
        this.halfMask = (1L << halfBits) - 1;
        long state = key;
        for (int round = 0; round < ROUNDS; round++) {
            state += 0x9E3779B97F4A7C15L;
            roundKeys[round] = mix(state);
        }
    }

    /** The id (1 .. count) of the order at this index (0 .. count-1) of the output. */
    public long idOf(long index) {
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("order index " + index + " outside 0.." + (count - 1));
        }
        long value = index;
        do {
            value = permuteDomain(value);
        } while (value >= count);
        return value + 1;
    }

    private long permuteDomain(long value) {
        long left = value >>> halfBits;
        long right = value & halfMask;
        for (int round = 0; round < ROUNDS; round++) {
            long next = left ^ (mix(right ^ roundKeys[round]) & halfMask);
            left = right;
            right = next;
        }
        return (left << halfBits) | right;
    }

    /** SplitMix64's finaliser: a cheap, well-mixed round function. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
