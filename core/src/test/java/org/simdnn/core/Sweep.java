package org.simdnn.core;

import java.util.SplittableRandom;

/**
 * Deterministic sweeps that every kernel test runs before its random properties: every length
 * {@code 0 .. 4*lanes+3} and every offset {@code 0 .. lanes}, where lanes is the active vector's lane count (at
 * least 16, so the scalar run covers the same lengths as the widest vector run).
 */
public final class Sweep {
    private Sweep() {}

    /** Lanes used to size sweeps. */
    public static int lanes() {
        return Math.max(16, Simdnn.backend().floatLanes());
    }

    /** Largest length of the deterministic length sweep. */
    public static int maxLength() {
        return 4 * lanes() + 3;
    }

    /** Largest offset of the deterministic offset sweep. */
    public static int maxOffset() {
        return lanes();
    }

    /** {@code n} uniform floats in {@code [lo, hi)}. */
    public static float[] uniform(SplittableRandom r, int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble(lo, hi);
        }
        return a;
    }

    /** {@code n} floats {@code mean + sd * N(0,1)}. */
    public static float[] gaussian(SplittableRandom r, int n, double mean, double sd) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (mean + sd * gauss(r));
        }
        return a;
    }

    /** A standard normal deviate (Box-Muller). */
    public static double gauss(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }

    /** Copy of {@code a} placed at offset {@code off} in a larger array filled with NaN guards around it. */
    public static float[] embed(float[] a, int off, int tail) {
        float[] b = new float[off + a.length + tail];
        java.util.Arrays.fill(b, Float.NaN);
        System.arraycopy(a, 0, b, off, a.length);
        return b;
    }
}
