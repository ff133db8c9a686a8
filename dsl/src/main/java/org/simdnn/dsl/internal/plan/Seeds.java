package org.simdnn.dsl.internal.plan;

/**
 * Deterministic derivation of random streams from a seed and counters (epoch, step, layer, element) with the
 * SplitMix64 finalizer, the mixing function of {@link java.util.SplittableRandom}. Everything random in training
 * (shuffles, dropout masks) is a function of (seed, epoch, step), so a checkpoint needs only those numbers.
 */
public final class Seeds {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Seeds() {}

    /**
     * @param a a key
     * @param b a counter
     * @return a well-mixed key for the pair
     */
    public static long mix(long a, long b) {
        return finalize64(a + GOLDEN * (b + 1));
    }

    /**
     * @param key a key from {@link #mix}
     * @param i   an element index
     * @return a uniform float in {@code [0, 1)} with 24 random bits
     */
    public static float unitFloat(long key, int i) {
        return (finalize64(key + GOLDEN * (i + 1L)) >>> 40) * 0x1.0p-24f;
    }

    private static long finalize64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
