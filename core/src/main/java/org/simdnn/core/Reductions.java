package org.simdnn.core;

import org.simdnn.core.internal.BackendSelector;
import org.simdnn.core.internal.Checks;
import org.simdnn.core.internal.ReductionKernels;

/**
 * Reductions over float arrays: sum, dot product, sum of squares, max/argmax, L2 norm, mean and variance, and
 * per-column statistics of a row-major batch.
 *
 * <p>Every method checks its arguments once and throws {@link IllegalArgumentException} naming the array and the
 * shapes for a null array, a negative offset or length, or a range that does not fit. Nothing allocates (the
 * column statistics reuse a small per-thread scratch buffer).
 *
 * <p><b>Error bounds</b> ({@code u = 2^-24}, the unit roundoff of float; {@code n} the length; {@code mu} and
 * {@code V} the exact mean and biased variance of the float inputs; {@code R = max |x_i - mu|}):
 * <ul>
 *   <li>{@link #sum}: {@code |s - sum x_i| <= n u sum |x_i|} (float accumulators: several per vector lane, so
 *       the error is in practice far below the bound);</li>
 *   <li>{@link #dot}: {@code n u sum |x_i y_i|}; {@link #sumOfSquares}: {@code n u sum x_i^2};</li>
 *   <li>{@link #l2Norm}: relative error {@code (n/2 + 2) u}, for every finite input: a sum of squares that
 *       overflows or may have underflowed is recomputed on data scaled by a power of two, so the result is
 *       infinite only when the norm itself exceeds {@link Float#MAX_VALUE};</li>
 *   <li>{@link #max}, {@link #argmax}: exact;</li>
 *   <li>{@link #meanVariance} and {@link #columnMeanVariance}: {@code |mean - mu| <= u (|mu| + 512 R) + 2^-149}
 *       and {@code |var - V| <= u (V + 768 D^2) + 2^-149}, with {@code D^2 = V + (mu - s)^2 <= V + R^2} where the
 *       shift {@code s} is the mean of the first 32 elements (rows); the {@code 2^-149} is the smallest subnormal,
 *       for results and squares that underflow. The sums are taken of {@code x - s} in float over chunks of at
 *       most 256 additions per accumulator and flushed into double, so the error depends on the spread of the
 *       data, not on its distance from zero: data at 10 000 with unit variance keeps a variance accurate to about
 *       {@code 1e-6} relative, where a plain float sum / sum of squares loses every digit. This holds for every
 *       finite input up to {@code +-Float.MAX_VALUE}: where the float sums overflow (a shift or {@code x - s}
 *       beyond the float range, squares of differences above about {@code 1.8e19}, sums of them) the statistics
 *       of that column are recomputed in double. The mean of finite data is always finite; the variance is
 *       {@code +Infinity} only when V itself (within the bound) exceeds {@link Float#MAX_VALUE}, e.g. for values
 *       of {@code +-3e38}. A constant column (range) gets its value as mean and variance 0, exactly.</li>
 * </ul>
 *
 * <p><b>Non-finite input</b>: NaN in gives NaN out. {@link #max} is NaN and {@link #argmax} the index of the
 * first NaN if any element is NaN; statistics of data holding an infinity are NaN or infinite.
 */
public final class Reductions {
    private static final ReductionKernels K = BackendSelector.provider().reductions();

    private Reductions() {}

    /**
     * Sum of {@code x[off, off+len)}; 0 for len 0.
     *
     * @param x the data
     * @param off first element
     * @param len number of elements, {@code >= 0}
     * @return the float sum, within {@code len * 2^-24 * sum |x_i|} of the exact sum
     */
    public static float sum(float[] x, int off, int len) {
        Checks.range("x", x, off, len);
        return K.sum(x, off, len);
    }

    /**
     * Sum of all of {@code x}.
     *
     * @param x the data
     * @return {@code sum(x, 0, x.length)}
     */
    public static float sum(float[] x) {
        Checks.range("x", x, 0, 0);
        return K.sum(x, 0, x.length);
    }

    /**
     * Dot product of {@code x[xOff, xOff+len)} and {@code y[yOff, yOff+len)}; 0 for len 0.
     *
     * @param x first operand
     * @param xOff first element of x
     * @param y second operand
     * @param yOff first element of y
     * @param len number of elements, {@code >= 0}
     * @return the dot product, within {@code len * 2^-24 * sum |x_i y_i|} of the exact value
     */
    public static float dot(float[] x, int xOff, float[] y, int yOff, int len) {
        Checks.range("x", x, xOff, len);
        Checks.range("y", y, yOff, len);
        return K.dot(x, xOff, y, yOff, len);
    }

    /**
     * Dot product of two whole arrays of the same length.
     *
     * @param x first operand
     * @param y second operand, {@code y.length == x.length}
     * @return {@code dot(x, 0, y, 0, x.length)}
     */
    public static float dot(float[] x, float[] y) {
        Checks.range("x", x, 0, 0);
        Checks.range("y", y, 0, 0);
        if (x.length != y.length) {
            throw new IllegalArgumentException("dot: x has length " + x.length + " but y has length " + y.length);
        }
        return K.dot(x, 0, y, 0, x.length);
    }

    /**
     * Sum of squares of {@code x[off, off+len)}; 0 for len 0. Infinite when it exceeds {@link Float#MAX_VALUE}
     * (use {@link #l2Norm} for a norm that never overflows needlessly).
     *
     * @param x the data
     * @param off first element
     * @param len number of elements, {@code >= 0}
     * @return the sum of squares, within {@code len * 2^-24 * sum x_i^2} of the exact value
     */
    public static float sumOfSquares(float[] x, int off, int len) {
        Checks.range("x", x, off, len);
        return K.sumOfSquares(x, off, len);
    }

    /**
     * Largest element of {@code x[off, off+len)}, with {@link Math#max} semantics: NaN if any element is NaN, and
     * {@code 0.0f} rather than {@code -0.0f} when both are the largest.
     *
     * @param x the data
     * @param off first element
     * @param len number of elements, {@code >= 1}
     * @return the maximum, exact
     * @throws IllegalArgumentException for len 0 (an empty range has no maximum) or a bad range
     */
    public static float max(float[] x, int off, int len) {
        nonEmpty("max", x, off, len);
        return K.max(x, off, len);
    }

    /**
     * Position of the largest element of {@code x[off, off+len)}, relative to {@code off}: the first one when
     * several are equal ({@code -0.0f} and {@code 0.0f} count as equal), or the first NaN if any element is NaN.
     *
     * @param x the data
     * @param off first element
     * @param len number of elements, {@code >= 1}
     * @return an index in {@code [0, len)}
     * @throws IllegalArgumentException for len 0 or a bad range
     */
    public static int argmax(float[] x, int off, int len) {
        nonEmpty("argmax", x, off, len);
        return K.argmax(x, off, len);
    }

    /**
     * Euclidean norm of {@code x[off, off+len)}; 0 for len 0. Never overflows or underflows for finite input: the
     * result is infinite only if the norm itself exceeds {@link Float#MAX_VALUE}, and tiny inputs (even
     * subnormal ones) keep their relative accuracy. NaN if any element is NaN (else infinite if one is infinite).
     *
     * @param x the data
     * @param off first element
     * @param len number of elements, {@code >= 0}
     * @return the norm, within a relative {@code (len/2 + 2) * 2^-24} of the exact value
     */
    public static float l2Norm(float[] x, int off, int len) {
        Checks.range("x", x, off, len);
        return K.l2Norm(x, off, len);
    }

    /**
     * Mean and biased variance (divided by n) of {@code x[off, off+len)} in one pass, written to {@code out[outOff]}
     * and {@code out[outOff + 1]}; allocation-free. Accurate for data far from zero (see the class comment for the
     * bound). {@code out} may be x itself: x is fully read before out is written.
     *
     * @param x the data
     * @param off first element
     * @param len number of elements, {@code >= 1}
     * @param out receives mean then variance
     * @param outOff where the two results go
     * @throws IllegalArgumentException for len 0 or a bad range
     */
    public static void meanVariance(float[] x, int off, int len, float[] out, int outOff) {
        nonEmpty("meanVariance", x, off, len);
        Checks.range("out", out, outOff, 2);
        K.meanVariance(x, off, len, out, outOff);
    }

    /**
     * Mean and biased variance of all of {@code x}, as a new array {@code {mean, variance}} (allocates; use
     * {@link #meanVariance(float[], int, int, float[], int)} in hot code).
     *
     * @param x the data, non-empty
     * @return {@code {mean, variance}}
     */
    public static float[] meanVariance(float[] x) {
        Checks.range("x", x, 0, 0);
        float[] out = new float[2];
        meanVariance(x, 0, x.length, out, 0);
        return out;
    }

    /**
     * Per-column (per-feature) mean and biased variance of a row-major {@code rows x cols} batch {@code x} at
     * {@code off} with leading dimension {@code ld >= cols}: {@code mean[meanOff + c]} and {@code var[varOff + c]}
     * for each column c. Streams the rows once with SIMD across columns, so it runs at memory bandwidth for batches
     * larger than the caches; accurate for data far from zero (see the class comment). Allocation-free in steady
     * state (a per-thread scratch of at most 1024 columns is reused).
     *
     * @param x the batch, row-major
     * @param off first element of row 0
     * @param rows samples, {@code >= 1}
     * @param cols features, {@code >= 0}
     * @param ld distance between the starts of consecutive rows, {@code >= cols}
     * @param mean receives the column means; may not overlap x or var
     * @param meanOff where the first mean goes
     * @param var receives the column variances; may not overlap x or mean
     * @param varOff where the first variance goes
     * @throws IllegalArgumentException for {@code rows == 0}, a bad shape, or overlapping outputs
     */
    public static void columnMeanVariance(
            float[] x, int off, int rows, int cols, int ld, float[] mean, int meanOff, float[] var, int varOff) {
        batch("columnMeanVariance", x, off, rows, cols, ld);
        outputs(x, off, rows, cols, ld, "mean", mean, meanOff, "var", var, varOff);
        K.columnMeanVariance(x, off, rows, cols, ld, mean, meanOff, var, varOff);
    }

    /**
     * Per-column minimum and maximum of a row-major {@code rows x cols} batch, streaming rows: {@code min[minOff + c]}
     * and {@code max[maxOff + c]}; NaN for a column that holds a NaN. Allocation-free.
     *
     * @param x the batch, row-major
     * @param off first element of row 0
     * @param rows samples, {@code >= 1}
     * @param cols features, {@code >= 0}
     * @param ld distance between the starts of consecutive rows, {@code >= cols}
     * @param min receives the column minima; may not overlap x or max
     * @param minOff where the first minimum goes
     * @param max receives the column maxima; may not overlap x or min
     * @param maxOff where the first maximum goes
     * @throws IllegalArgumentException for {@code rows == 0}, a bad shape, or overlapping outputs
     */
    public static void columnMinMax(
            float[] x, int off, int rows, int cols, int ld, float[] min, int minOff, float[] max, int maxOff) {
        batch("columnMinMax", x, off, rows, cols, ld);
        outputs(x, off, rows, cols, ld, "min", min, minOff, "max", max, maxOff);
        K.columnMinMax(x, off, rows, cols, ld, min, minOff, max, maxOff);
    }

    private static void nonEmpty(String what, float[] x, int off, int len) {
        Checks.range("x", x, off, len);
        if (len == 0) {
            throw new IllegalArgumentException(
                    what + ": x range [" + off + ", " + off + ") is empty; needs at least" + " one element");
        }
    }

    private static void batch(String what, float[] x, int off, int rows, int cols, int ld) {
        Checks.matrix("x", x, off, rows, cols, ld);
        if (rows == 0) {
            throw new IllegalArgumentException(
                    what + ": x (" + rows + " x " + cols + ") has no rows; statistics need" + " at least one row");
        }
    }

    /** Both outputs hold cols elements and overlap neither each other nor the batch (they are accumulators). */
    private static void outputs(
            float[] x,
            int off,
            int rows,
            int cols,
            int ld,
            String nameA,
            float[] a,
            int aOff,
            String nameB,
            float[] b,
            int bOff) {
        Checks.range(nameA, a, aOff, cols);
        Checks.range(nameB, b, bOff, cols);
        if (cols == 0) {
            return;
        }
        if (a == b && aOff < bOff + cols && bOff < aOff + cols) {
            throw new IllegalArgumentException(nameA + " [" + aOff + ", " + (aOff + cols) + ") and " + nameB + " ["
                    + bOff + ", " + (bOff + cols) + ") overlap in the same array");
        }
        long end = off + (long) (rows - 1) * ld + cols;
        if (a == x && aOff < end && off < aOff + cols) {
            throw new IllegalArgumentException(nameA + " [" + aOff + ", " + (aOff + cols) + ") overlaps the batch x ("
                    + rows + " x " + cols + ", elements [" + off + ", " + end + "))");
        }
        if (b == x && bOff < end && off < bOff + cols) {
            throw new IllegalArgumentException(nameB + " [" + bOff + ", " + (bOff + cols) + ") overlaps the batch x ("
                    + rows + " x " + cols + ", elements [" + off + ", " + end + "))");
        }
    }
}
