package dev.replenish.sources.generate;

import java.util.SplittableRandom;

/**
 * Every user's random numbers come from streams keyed by (seed, user id, purpose), never from a
 * shared generator. A user's data therefore does not depend on how many users come before it, on
 * the number of threads, or on the order in which threads finish: the same seed gives the same bytes.
 */
enum UserRandom {
    /** The order rhythm: drawn once before generation (to number orders) and again during it. */
    RHYTHM,
    /** Tastes, staples and baskets. */
    BASKETS;

    SplittableRandom stream(long seed, long userId) {
        long key = mix(mix(seed ^ 0x243F6A8885A308D3L) + userId * 0x9E3779B97F4A7C15L + ordinal());
        return new SplittableRandom(key);
    }

    /** SplitMix64's finaliser: neighbouring seeds and users get unrelated streams. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
