package org.simdnn.dsl;

import java.util.SplittableRandom;

/** Small synthetic datasets for training tests. */
final class Synthetic {

    private Synthetic() {}

    /**
     * Gaussian blobs: class c is centred at a random point of norm about {@code separation}, with unit noise per
     * feature; linearly separable in practice for a separation of 6 or more.
     */
    static Dataset blobs(int size, int features, int classes, double separation, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] centres = new double[classes][features];
        for (int c = 0; c < classes; c++) {
            double norm = 0;
            for (int j = 0; j < features; j++) {
                centres[c][j] = r.nextGaussian();
                norm += centres[c][j] * centres[c][j];
            }
            for (int j = 0; j < features; j++) {
                centres[c][j] *= separation / Math.sqrt(norm);
            }
        }
        float[] x = new float[size * features];
        int[] y = new int[size];
        for (int i = 0; i < size; i++) {
            int c = r.nextInt(classes);
            y[i] = c;
            for (int j = 0; j < features; j++) {
                x[i * features + j] = (float) (centres[c][j] + r.nextGaussian());
            }
        }
        return Dataset.classification(x, size, features, y, classes);
    }

    /** A smooth regression target {@code t = sin(x0) + 0.5 x1 - 0.25 x2^2} of uniform inputs in [-2, 2]. */
    static Dataset regression(int size, int features, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[size * features];
        float[] t = new float[size];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < features; j++) {
                x[i * features + j] = (float) (r.nextDouble() * 4 - 2);
            }
            double x0 = x[i * features];
            double x1 = features > 1 ? x[i * features + 1] : 0;
            double x2 = features > 2 ? x[i * features + 2] : 0;
            t[i] = (float) (Math.sin(x0) + 0.5 * x1 - 0.25 * x2 * x2);
        }
        return Dataset.regression(x, size, features, t, 1);
    }
}
