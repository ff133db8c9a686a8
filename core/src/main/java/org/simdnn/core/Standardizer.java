package org.simdnn.core;

import org.simdnn.core.internal.BackendSelector;
import org.simdnn.core.internal.Checks;
import org.simdnn.core.internal.StandardizerKernels;

/**
 * Per-feature input standardization (LeCun et al., <i>Efficient BackProp</i>): each feature c of a row-major
 * batch is mapped to {@code y = (x - mean[c]) / std[c]}.
 *
 * <p>{@link #fit} makes every feature of the fitted data zero-mean with unit (biased) variance, from one
 * streaming SIMD pass ({@link Reductions#columnMeanVariance}); {@link #fitRange} maps each feature's
 * {@code [min, max]} onto a target range such as {@code [-0.5, 0.5]}, with the same affine form (there
 * {@link #mean()} and {@link #std()} are the offset and divisor of that map, not statistics). {@link #of} rebuilds
 * a standardizer from saved arrays.
 *
 * <p><b>Constant features</b> never produce NaN: a feature with zero spread (or a spread so small that its
 * reciprocal overflows float) gets {@code std = 1}, so {@link #fit} maps it to 0 and {@link #fitRange} to the
 * middle of the target range. NaN in the fitted data gives a NaN mean/std for that feature, and NaN outputs.
 *
 * <p><b>Saved parameters load again</b>: for finite data, whatever {@link #fit} or {@link #fitRange} returns has a
 * finite mean and a finite {@code std > 0} with a finite reciprocal, which is what {@link #of} accepts, for values
 * up to {@code +-Float.MAX_VALUE} (a spread beyond the float variance range, above about 1.8e19, gets its std
 * from a double pass over that feature).
 *
 * <p>Immutable and thread-safe once built; accessors return copies. Transforms allocate nothing.
 * Accuracy: {@code (x - mean)} is computed first (exact when x is within a factor of two of the mean, the usual
 * case for data far from zero), then multiplied by the rounded reciprocal of std: about {@code 2 * 2^-24} relative
 * error per output beyond that of the fitted statistics, for {@code std <= 2^126} (beyond, the reciprocal is
 * subnormal and the error grows to about {@code 2^-21}). Where {@code x - mean} is beyond the float range (values
 * near {@code +-Float.MAX_VALUE} of the other sign than the mean) the halves are subtracted instead, so the
 * fitted data of any finite batch maps to finite values.
 */
public final class Standardizer {
    private static final StandardizerKernels K = BackendSelector.provider().standardizer();

    private final float[] mean;
    private final float[] std;
    private final float[] inv;

    private Standardizer(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
        this.inv = new float[std.length];
        for (int c = 0; c < std.length; c++) {
            inv[c] = 1f / std[c];
        }
    }

    /**
     * Fits per-feature mean and standard deviation (biased, divided by rows) of a row-major {@code rows x cols}
     * batch, in one streaming pass.
     *
     * @param x the data, row-major
     * @param off first element of row 0
     * @param rows samples, {@code >= 1}
     * @param cols features, {@code >= 0}
     * @param ld distance between the starts of consecutive rows, {@code >= cols}
     * @return a standardizer mapping each feature of this data to mean 0 and variance 1
     * @throws IllegalArgumentException for {@code rows == 0} or a bad shape
     */
    public static Standardizer fit(float[] x, int off, int rows, int cols, int ld) {
        fitShape("fit", x, off, rows, cols, ld);
        float[] m = new float[cols];
        float[] s = new float[cols];
        Reductions.columnMeanVariance(x, off, rows, cols, ld, m, 0, s, 0);
        for (int c = 0; c < cols; c++) {
            float sd = s[c] == Float.POSITIVE_INFINITY && Float.isFinite(m[c])
                    ? wideStd(x, off + c, rows, ld, m[c])
                    : (float) Math.sqrt(s[c]);
            s[c] = usableScale(sd);
        }
        return new Standardizer(m, s);
    }

    /**
     * The standard deviation of a column whose variance is beyond the float range (a spread above about 1.8e19):
     * in double, where the squares of float differences cannot overflow. The result is at most half the column's
     * range, so at most Float.MAX_VALUE up to rounding, which the clamp absorbs.
     */
    private static float wideStd(float[] x, int off, int rows, int ld, float mean) {
        double ss = 0.0;
        for (int r = 0, p = off; r < rows; r++, p += ld) {
            double d = (double) x[p] - mean;
            ss += d * d;
        }
        return (float) Math.min(Math.sqrt(ss / rows), Float.MAX_VALUE);
    }

    /**
     * Fits a per-feature min/max scaling of a row-major {@code rows x cols} batch onto {@code [lo, hi]}: each
     * feature's minimum maps to {@code lo} and its maximum to {@code hi} (within a few float roundings).
     *
     * @param x the data, row-major
     * @param off first element of row 0
     * @param rows samples, {@code >= 1}
     * @param cols features, {@code >= 0}
     * @param ld distance between the starts of consecutive rows, {@code >= cols}
     * @param lo target of each feature's minimum, finite
     * @param hi target of each feature's maximum, finite and {@code > lo}
     * @return the scaling standardizer
     * @throws IllegalArgumentException for {@code rows == 0}, a bad shape or a bad range, or a feature whose divisor
     *     {@code (max - min) / (hi - lo)} or offset is beyond the float range (for example {@code +-3e38} onto a
     *     target of width 1); NaN in the data is not refused and gives NaN parameters
     */
    public static Standardizer fitRange(float[] x, int off, int rows, int cols, int ld, float lo, float hi) {
        if (!(lo < hi) || Float.isInfinite(lo) || Float.isInfinite(hi)) {
            throw new IllegalArgumentException(
                    "fitRange: target range [" + lo + ", " + hi + "] must be finite with lo" + " < hi");
        }
        fitShape("fitRange", x, off, rows, cols, ld);
        float[] min = new float[cols];
        float[] max = new float[cols];
        Reductions.columnMinMax(x, off, rows, cols, ld, min, 0, max, 0);
        float[] m = new float[cols];
        float[] s = new float[cols];
        for (int c = 0; c < cols; c++) {
            double scale = ((double) max[c] - min[c]) / ((double) hi - lo);
            float sc = usableScale((float) scale);
            s[c] = sc;
            // A constant feature (scale 1) maps to the middle of the target range.
            m[c] = max[c] == min[c] ? (float) (min[c] - ((double) lo + hi) / 2) : (float) (min[c] - lo * scale);
            // Refused rather than returned: a standardizer that of() would not rebuild could be saved but never loaded.
            if (!Float.isFinite(sc) || !Float.isFinite(m[c])) {
                throw new IllegalArgumentException("fitRange: feature " + c + " spans [" + min[c] + ", " + max[c]
                        + "]; its map onto [" + lo + ", " + hi + "] needs a divisor " + scale + " and an offset "
                        + (max[c] == min[c] ? min[c] - ((double) lo + hi) / 2 : min[c] - lo * scale)
                        + " that do not both fit in float");
            }
        }
        return new Standardizer(m, s);
    }

    /**
     * Rebuilds a standardizer from saved parameters (e.g. {@link #mean()} and {@link #std()} of a fitted one).
     *
     * @param mean per-feature offset, finite
     * @param std per-feature divisor, finite and {@code > 0} with a finite reciprocal; same length as mean
     * @return a standardizer mapping {@code x} to {@code (x - mean[c]) / std[c]}
     * @throws IllegalArgumentException for null, different lengths or a bad value (the message names its index)
     */
    public static Standardizer of(float[] mean, float[] std) {
        Checks.range("mean", mean, 0, 0);
        Checks.range("std", std, 0, 0);
        if (mean.length != std.length) {
            throw new IllegalArgumentException("of: mean has " + mean.length + " features but std has " + std.length);
        }
        for (int c = 0; c < mean.length; c++) {
            if (!Float.isFinite(mean[c])) {
                throw new IllegalArgumentException("of: mean[" + c + "] = " + mean[c] + " is not finite");
            }
            if (!(std[c] > 0f) || !Float.isFinite(std[c]) || Float.isInfinite(1f / std[c])) {
                throw new IllegalArgumentException(
                        "of: std[" + c + "] = " + std[c] + " must be finite and > 0 with a" + " finite reciprocal");
            }
        }
        return new Standardizer(mean.clone(), std.clone());
    }

    /**
     * Number of features this standardizer maps.
     *
     * @return the feature count, the column count every transform must have
     */
    public int features() {
        return mean.length;
    }

    /**
     * The per-feature offsets (the means, for {@link #fit}).
     *
     * @return a copy
     */
    public float[] mean() {
        return mean.clone();
    }

    /**
     * The per-feature divisors (the standard deviations, 1 for a constant feature, for {@link #fit}).
     *
     * @return a copy
     */
    public float[] std() {
        return std.clone();
    }

    /**
     * Standardizes a row-major {@code rows x cols} batch in place.
     *
     * @param x the data, overwritten
     * @param off first element of row 0
     * @param rows samples, {@code >= 0}
     * @param cols features, must equal {@link #features()}
     * @param ld distance between the starts of consecutive rows, {@code >= cols}
     * @throws IllegalArgumentException for a wrong feature count or a bad shape
     */
    public void transform(float[] x, int off, int rows, int cols, int ld) {
        features(cols);
        Checks.matrix("x", x, off, rows, cols, ld);
        K.apply(x, off, rows, cols, ld, x, off, ld, mean, inv);
    }

    /**
     * Standardizes a row-major {@code rows x cols} batch into {@code out}; x is left unchanged unless it is out.
     *
     * @param x the data
     * @param xOff first element of row 0 of x
     * @param rows samples, {@code >= 0}
     * @param cols features, must equal {@link #features()}
     * @param ldx leading dimension of x, {@code >= cols}
     * @param out the result; may be x with the same offset and leading dimension, but may not partially overlap it
     * @param outOff first element of row 0 of out
     * @param ldOut leading dimension of out, {@code >= cols}
     * @throws IllegalArgumentException for a wrong feature count, a bad shape or a partial overlap
     */
    public void transform(float[] x, int xOff, int rows, int cols, int ldx, float[] out, int outOff, int ldOut) {
        features(cols);
        Checks.matrix("x", x, xOff, rows, cols, ldx);
        Checks.matrix("out", out, outOff, rows, cols, ldOut);
        if (x == out && !(xOff == outOff && ldx == ldOut) && rows > 0 && cols > 0) {
            long xEnd = xOff + (long) (rows - 1) * ldx + cols;
            long oEnd = outOff + (long) (rows - 1) * ldOut + cols;
            if (xOff < oEnd && outOff < xEnd) {
                throw new IllegalArgumentException("transform: out (" + rows + " x " + cols + ", offset " + outOff
                        + ", leading dimension " + ldOut + ") partially overlaps x (offset " + xOff
                        + ", leading dimension "
                        + ldx + ") in the same array; use the same layout or disjoint ranges");
            }
        }
        K.apply(x, xOff, rows, cols, ldx, out, outOff, ldOut, mean, inv);
    }

    @Override
    public String toString() {
        return "Standardizer[" + mean.length + " features]";
    }

    private void features(int cols) {
        if (cols != mean.length) {
            throw new IllegalArgumentException("transform: x has " + cols + " columns (features) but this Standardizer"
                    + " was fitted on " + mean.length + " features");
        }
    }

    private static void fitShape(String what, float[] x, int off, int rows, int cols, int ld) {
        Checks.matrix("x", x, off, rows, cols, ld);
        if (rows == 0) {
            throw new IllegalArgumentException(what + ": x (" + rows + " x " + cols + ") has no rows to fit");
        }
    }

    /** 1 for a zero (or reciprocal-overflowing) spread, so that constant features stay finite; NaN stays NaN. */
    private static float usableScale(float s) {
        return s == 0f || Float.isInfinite(1f / s) ? 1f : s;
    }
}
