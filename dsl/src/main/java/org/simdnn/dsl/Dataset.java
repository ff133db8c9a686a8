package org.simdnn.dsl;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * A table of samples: a row-major {@code size() x featureCount()} feature matrix plus either one class label per
 * row (classification) or a row-major {@code size() x targetCount()} target matrix (regression).
 *
 * <p>The factories validate once (shapes, labels in range, finite values) and keep the arrays they are given
 * without copying them: a dataset is a view that the caller promises not to modify while it is in use. Methods
 * that derive a dataset ({@link #subset}, {@link #select}, {@link #split}, {@link #scaled}) copy.
 */
public final class Dataset {

    private final float[] features;
    private final int size;
    private final int featureCount;
    private final int @Nullable [] labels;
    private final int classCount;
    private final float @Nullable [] targets;
    private final int targetCount;

    private Dataset(
            float[] features,
            int size,
            int featureCount,
            int @Nullable [] labels,
            int classCount,
            float @Nullable [] targets,
            int targetCount) {
        this.features = features;
        this.size = size;
        this.featureCount = featureCount;
        this.labels = labels;
        this.classCount = classCount;
        this.targets = targets;
        this.targetCount = targetCount;
    }

    /**
     * A classification dataset over a row-major feature matrix.
     *
     * @param features   {@code size * featureCount} values, row-major, all finite
     * @param size       number of samples (rows), at least 1
     * @param featureCount number of features per sample, at least 1
     * @param labels     {@code size} class indices, each in {@code [0, classCount)}
     * @param classCount number of classes, at least 2
     * @return the dataset (a view of the arrays, not a copy)
     * @throws IllegalArgumentException naming the shape, index or value that is wrong
     */
    public static Dataset classification(float[] features, int size, int featureCount, int[] labels, int classCount) {
        checkFeatures(features, size, featureCount);
        if (classCount < 2) {
            throw new IllegalArgumentException("classCount must be at least 2, got " + classCount);
        }
        if (labels.length != size) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries but the features have " + size
                    + " rows (" + size + " x " + featureCount + ")");
        }
        for (int i = 0; i < size; i++) {
            if (labels[i] < 0 || labels[i] >= classCount) {
                throw new IllegalArgumentException(
                        "label " + labels[i] + " at row " + i + " is outside [0, " + classCount + ")");
            }
        }
        return new Dataset(features, size, featureCount, labels, classCount, null, 0);
    }

    /**
     * A classification dataset from one array per sample; the class count is {@code max(labels) + 1} (at least 2).
     *
     * @param rows   the samples, all of the same length; copied
     * @param labels one class index per sample, each {@code >= 0}
     * @return the dataset
     * @throws IllegalArgumentException for ragged rows, mismatched counts or negative labels
     */
    public static Dataset classification(float[][] rows, int[] labels) {
        float[] flat = flatten(rows, "rows");
        int classes = 2;
        for (int label : labels) {
            classes = Math.max(classes, label + 1);
        }
        return classification(flat, rows.length, rows[0].length, labels.clone(), classes);
    }

    /**
     * A regression dataset over row-major feature and target matrices.
     *
     * @param features     {@code size * featureCount} values, row-major, all finite
     * @param size         number of samples, at least 1
     * @param featureCount features per sample, at least 1
     * @param targets      {@code size * targetCount} values, row-major, all finite
     * @param targetCount  targets per sample, at least 1
     * @return the dataset (a view of the arrays, not a copy)
     * @throws IllegalArgumentException naming the shape or value that is wrong
     */
    public static Dataset regression(float[] features, int size, int featureCount, float[] targets, int targetCount) {
        checkFeatures(features, size, featureCount);
        if (targetCount < 1) {
            throw new IllegalArgumentException("targetCount must be at least 1, got " + targetCount);
        }
        if ((long) size * targetCount != targets.length) {
            throw new IllegalArgumentException("targets (" + size + " x " + targetCount + ") needs "
                    + (long) size * targetCount + " elements but the array has " + targets.length);
        }
        checkFinite(targets, "targets", targetCount);
        return new Dataset(features, size, featureCount, null, 0, targets, targetCount);
    }

    /**
     * A regression dataset from one array per sample and one target array per sample.
     *
     * @param rows    the samples, all of the same length; copied
     * @param targets the targets, all of the same length, one per sample; copied
     * @return the dataset
     * @throws IllegalArgumentException for ragged or mismatched arrays
     */
    public static Dataset regression(float[][] rows, float[][] targets) {
        if (targets.length != rows.length) {
            throw new IllegalArgumentException(
                    "targets has " + targets.length + " rows but there are " + rows.length + " samples");
        }
        return regression(
                flatten(rows, "rows"), rows.length, rows[0].length, flatten(targets, "targets"), targets[0].length);
    }

    /** @return the number of samples */
    public int size() {
        return size;
    }

    /** @return the number of features per sample */
    public int featureCount() {
        return featureCount;
    }

    /** @return true for a dataset with class labels, false for one with regression targets */
    public boolean isClassification() {
        return labels != null;
    }

    /** @return the number of classes, or 0 for a regression dataset */
    public int classCount() {
        return classCount;
    }

    /** @return the number of network outputs this dataset trains: the class count, or the target count */
    public int targetCount() {
        return labels != null ? classCount : targetCount;
    }

    /** @return the row-major feature matrix ({@code size() * featureCount()} values); the backing array, not a copy */
    public float[] features() {
        return features;
    }

    /**
     * @return the class labels, one per sample; the backing array, not a copy
     * @throws IllegalStateException for a regression dataset
     */
    public int[] labels() {
        if (labels == null) {
            throw new IllegalStateException("this is a regression dataset (" + this + "): it has targets, not labels");
        }
        return labels;
    }

    /**
     * @return the row-major target matrix ({@code size() * targetCount()} values); the backing array, not a copy
     * @throws IllegalStateException for a classification dataset
     */
    public float[] targets() {
        if (targets == null) {
            throw new IllegalStateException(
                    "this is a classification dataset (" + this + "): it has labels, not targets");
        }
        return targets;
    }

    /**
     * Rows {@code [from, to)}, copied.
     *
     * @param from first row, inclusive
     * @param to   last row, exclusive; {@code from < to <= size()}
     * @return the rows as a new dataset
     */
    public Dataset subset(int from, int to) {
        if (from < 0 || to > size || from >= to) {
            throw new IllegalArgumentException("subset [" + from + ", " + to + ") of a dataset of " + size
                    + " rows: needs 0 <= from < to <= " + size);
        }
        int[] indices = new int[to - from];
        Arrays.setAll(indices, i -> from + i);
        return select(indices);
    }

    /**
     * The given rows in the given order, copied.
     *
     * @param indices row indices, each in {@code [0, size())}; at least one
     * @return the rows as a new dataset
     */
    public Dataset select(int[] indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("select needs at least one row index");
        }
        int n = indices.length;
        float[] x = new float[Math.multiplyExact(n, featureCount)];
        int[] y = labels == null ? null : new int[n];
        float[] t = targets == null ? null : new float[Math.multiplyExact(n, targetCount)];
        for (int i = 0; i < n; i++) {
            int r = indices[i];
            if (r < 0 || r >= size) {
                throw new IllegalArgumentException(
                        "row index " + r + " at position " + i + " is outside [0, " + size + ")");
            }
            System.arraycopy(features, r * featureCount, x, i * featureCount, featureCount);
            if (y != null) {
                y[i] = labels[r];
            }
            if (t != null) {
                System.arraycopy(targets, r * targetCount, t, i * targetCount, targetCount);
            }
        }
        return new Dataset(x, n, featureCount, y, classCount, t, targetCount);
    }

    /** A dataset cut in two: {@code train} and {@code test} rows, disjoint. */
    public record Split(Dataset train, Dataset test) {}

    /**
     * Shuffles the rows with {@code seed} and cuts them in two; the same seed gives the same split.
     *
     * @param trainFraction the fraction of rows that go to {@code train}, in {@code (0, 1)}; both parts get at
     *                      least one row
     * @param seed          the shuffle seed
     * @return the two parts
     */
    public Split split(double trainFraction, long seed) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("trainFraction must be in (0, 1), got " + trainFraction);
        }
        if (size < 2) {
            throw new IllegalArgumentException("cannot split a dataset of " + size + " row");
        }
        int[] order = permutation(size, seed);
        int cut = (int) Math.round(size * trainFraction);
        cut = Math.max(1, Math.min(size - 1, cut));
        return new Split(select(Arrays.copyOfRange(order, 0, cut)), select(Arrays.copyOfRange(order, cut, size)));
    }

    /**
     * Every feature multiplied by {@code factor} (for example {@code 1f / 255} for pixels), copied.
     *
     * @param factor a finite factor
     * @return the scaled dataset, with the same labels or targets
     */
    public Dataset scaled(float factor) {
        if (!Float.isFinite(factor)) {
            throw new IllegalArgumentException("factor must be finite, got " + factor);
        }
        float[] x = features.clone();
        for (int i = 0; i < x.length; i++) {
            x[i] *= factor;
        }
        return new Dataset(x, size, featureCount, labels, classCount, targets, targetCount);
    }

    /**
     * A uniformly random permutation of {@code 0..n-1} (Fisher-Yates with {@link SplittableRandom}); the same
     * seed gives the same permutation on every JVM.
     *
     * @param n    the length
     * @param seed the seed
     * @return the permutation
     */
    public static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        shuffle(order, new SplittableRandom(seed));
        return order;
    }

    /**
     * The one Fisher-Yates shuffle of the library: fills {@code order} with {@code 0..n-1} and permutes it.
     *
     * @param order  the array to fill
     * @param random the generator
     */
    static void shuffle(int[] order, SplittableRandom random) {
        Arrays.setAll(order, i -> i);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }

    @Override
    public String toString() {
        return labels != null
                ? "Dataset[" + size + " x " + featureCount + ", " + classCount + " classes]"
                : "Dataset[" + size + " x " + featureCount + ", " + targetCount + " targets]";
    }

    private static void checkFeatures(float[] features, int size, int featureCount) {
        if (size < 1 || featureCount < 1) {
            throw new IllegalArgumentException(
                    "a dataset needs at least 1 row and 1 feature, got " + size + " x " + featureCount);
        }
        if ((long) size * featureCount != features.length) {
            throw new IllegalArgumentException("features (" + size + " x " + featureCount + ") needs "
                    + (long) size * featureCount + " elements but the array has " + features.length);
        }
        checkFinite(features, "features", featureCount);
    }

    private static void checkFinite(float[] values, String what, int cols) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(what + " has " + values[i] + " at row " + i / cols + ", column "
                        + i % cols + ": values must be finite");
            }
        }
    }

    private static float[] flatten(float[][] rows, String what) {
        if (rows.length == 0) {
            throw new IllegalArgumentException(what + " is empty");
        }
        int cols = rows[0].length;
        float[] flat = new float[Math.multiplyExact(rows.length, cols)];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException(
                        what + "[" + i + "] has " + rows[i].length + " values but " + what + "[0] has " + cols);
            }
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return flat;
    }
}
