package org.simdnn.dsl;

import java.util.Arrays;

/**
 * The per-feature statistics one batch-norm layer measured over a batch in training mode, in the form that merges
 * exactly across batches and workers (Chan et al.'s pairwise update): row count, mean, and {@code M2}, the sum of
 * squared deviations from the mean. {@link Gradients} carries one per batch-norm layer; applying them updates the
 * running statistics with the layer's momentum, as {@code fit} does after every step.
 *
 * @param layer the batch-norm layer's name
 * @param count rows measured, at least 2
 * @param mean  per-feature mean
 * @param m2    per-feature sum of squared deviations from the mean
 */
public record BatchStatistics(String layer, long count, double[] mean, double[] m2) {

    /** Checks the shapes. */
    public BatchStatistics {
        if (count < 2) {
            throw new IllegalArgumentException("batch statistics of " + layer + " need at least 2 rows, got " + count);
        }
        if (mean.length != m2.length) {
            throw new IllegalArgumentException(
                    "batch statistics of " + layer + ": mean has " + mean.length + " features but m2 has " + m2.length);
        }
    }

    /** @return the unbiased per-feature variance, {@code m2 / (count - 1)} */
    public double[] variance() {
        double[] v = new double[m2.length];
        for (int j = 0; j < v.length; j++) {
            v[j] = m2[j] / (count - 1);
        }
        return v;
    }

    /**
     * The statistics of the union of two disjoint sets of rows.
     *
     * @param other the other rows' statistics of the same layer
     * @return the merged statistics
     */
    public BatchStatistics merge(BatchStatistics other) {
        if (!layer.equals(other.layer) || mean.length != other.mean.length) {
            throw new IllegalArgumentException("cannot merge the statistics of " + layer + " (" + mean.length
                    + " features) with those of " + other.layer + " (" + other.mean.length + " features)");
        }
        long n = count + other.count;
        double[] m = new double[mean.length];
        double[] s = new double[mean.length];
        for (int j = 0; j < m.length; j++) {
            double delta = other.mean[j] - mean[j];
            m[j] = mean[j] + delta * other.count / n;
            s[j] = m2[j] + other.m2[j] + delta * delta * ((double) count * other.count / n);
        }
        return new BatchStatistics(layer, n, m, s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchStatistics b
                && layer.equals(b.layer)
                && count == b.count
                && Arrays.equals(mean, b.mean)
                && Arrays.equals(m2, b.m2);
    }

    @Override
    public int hashCode() {
        return layer.hashCode() * 31 + Long.hashCode(count);
    }

    @Override
    public String toString() {
        return "BatchStatistics[" + layer + ", " + count + " rows, " + mean.length + " features]";
    }
}
