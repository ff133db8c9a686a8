package org.simdnn.core.internal;

/**
 * The statistics policy both backends share, so that they compute the same shifted sums: which shift the sums are
 * taken around, how mean and variance are formed from them, the double-precision redo when the float path
 * overflowed, the underflow-safe norm, and the per-thread scratch of the column statistics. {@link
 * ScalarReductions} and {@code vector.VectorReductions} (and the batch-norm statistics built on them) call these;
 * neither twin owns them.
 */
public final class Moments {
    private Moments() {}

    /** Columns per pass of the column statistics: bounds the per-thread scratch (about 36 KiB). */
    public static final int COLUMN_BLOCK = 1024;

    /**
     * Rows (or elements) whose mean is the shift of the statistics: the sums are taken of {@code x - shift}, so the
     * accuracy depends on the spread of the data around the shift, not on the magnitude of the data.
     */
    public static final int SHIFT_ROWS = 32;

    /**
     * Per-thread scratch of the column statistics: {@code f} holds the float shift and the vector kernel's float
     * chunk sums (3 x width), {@code d} the double totals (2 x width, and a third width for the shift of
     * {@link #wideColumns}). Grows to at most {@link #COLUMN_BLOCK} columns and is then reused, so steady-state
     * calls do not allocate.
     */
    public static final class ColumnScratch {
        private static final ThreadLocal<ColumnScratch> LOCAL = ThreadLocal.withInitial(ColumnScratch::new);

        /** Float part: shift at [0, w), chunk sums at [w, 2w), chunk sums of squares at [2w, 3w). */
        public float[] f = new float[0];
        /** Double part: sums of {@code x - shift} at [0, w), of its squares at [w, 2w); [2w, 3w) for wideColumns. */
        public double[] d = new double[0];

        private ColumnScratch() {}

        /** This thread's scratch, with room for {@code width <= COLUMN_BLOCK} columns. */
        public static ColumnScratch get(int width) {
            ColumnScratch s = LOCAL.get();
            if (s.f.length < 3 * width) {
                s.f = new float[3 * width];
                s.d = new double[3 * width];
            }
            return s;
        }
    }

    /**
     * Below this a plain sum of squares may have lost terms to underflow (squares of |x| < 2^-75): the norm is then
     * recomputed on data scaled by a power of two. Above it, the terms lost to underflow are each below 2^-149,
     * negligible against the sum.
     */
    public static final float L2_SAFE_MIN = 0x1p-100f;

    /** {@code sqrt(s) * 2^e}, computed in double so that only a norm beyond Float.MAX_VALUE overflows. */
    public static float l2Unscale(float s, int e) {
        return (float) Math.scalb(Math.sqrt(s), e);
    }

    /** The shift of a 1-D statistic: the mean of the first {@link #SHIFT_ROWS} elements. */
    public static float shift(float[] x, int off, int len) {
        int k = Math.min(len, SHIFT_ROWS);
        double s = 0.0;
        for (int i = 0; i < k; i++) {
            s += x[off + i];
        }
        return (float) (s / k);
    }

    /** Mean and biased variance from the double sums of {@code x - shift} and of their squares. */
    public static void finish(float shift, double s, double ss, int n, float[] out, int outOff) {
        double m = s / n;
        out[outOff] = (float) (shift + m);
        out[outOff + 1] = (float) Math.max(0.0, ss / n - m * m);
    }

    /**
     * Redoes a 1-D mean and variance in double when the float path gave a non-finite one. Float overflows (a
     * shifted value {@code x - shift} beyond Float.MAX_VALUE, squares beyond it, chunk sums of either) only ever
     * leave an infinity or a NaN behind, so a finite result needs no second look; in double nothing overflows for
     * finite input (squares stay below 2^258). The variance is then infinite only when the exact one rounds beyond
     * Float.MAX_VALUE. NaN or infinite input takes this path too and keeps its NaN or infinite result.
     */
    public static void wide(float[] x, int off, int len, float[] out, int outOff) {
        if (Float.isFinite(out[outOff]) && Float.isFinite(out[outOff + 1])) {
            return;
        }
        int k = Math.min(len, SHIFT_ROWS);
        double shift = 0.0;
        for (int i = 0; i < k; i++) {
            shift += x[off + i];
        }
        shift /= k;
        double s = 0.0;
        double ss = 0.0;
        for (int i = off, end = off + len; i < end; i++) {
            double d = x[i] - shift;
            s += d;
            ss += d * d;
        }
        double m = s / len;
        out[outOff] = (float) (shift + m);
        out[outOff + 1] = (float) Math.max(0.0, ss / len - m * m);
    }

    /**
     * The column twin of {@link #wide}: redoes in double the statistics of a block of {@code w} columns when the
     * float path left any of them non-finite (once per block: for finite results this is a scan of w outputs).
     * Only the non-finite columns are replaced, so every finite result keeps the bits of the fast path. Uses
     * {@code d[0, 3w)} of the scratch.
     */
    public static void wideColumns(
            float[] x,
            int off,
            int rows,
            int w,
            int ld,
            double[] d,
            float[] mean,
            int meanOff,
            float[] var,
            int varOff) {
        boolean any = false;
        for (int c = 0; c < w && !any; c++) {
            any = !Float.isFinite(mean[meanOff + c]) || !Float.isFinite(var[varOff + c]);
        }
        if (!any) {
            return;
        }
        int k = Math.min(rows, SHIFT_ROWS);
        java.util.Arrays.fill(d, 0, 3 * w, 0.0);
        for (int r = 0, p = off; r < k; r++, p += ld) {
            for (int c = 0; c < w; c++) {
                d[2 * w + c] += x[p + c];
            }
        }
        for (int c = 0; c < w; c++) {
            d[2 * w + c] /= k;
        }
        for (int r = 0, p = off; r < rows; r++, p += ld) {
            for (int c = 0; c < w; c++) {
                double v = x[p + c] - d[2 * w + c];
                d[c] += v;
                d[w + c] += v * v;
            }
        }
        for (int c = 0; c < w; c++) {
            if (!Float.isFinite(mean[meanOff + c]) || !Float.isFinite(var[varOff + c])) {
                double m = d[c] / rows;
                mean[meanOff + c] = (float) (d[2 * w + c] + m);
                var[varOff + c] = (float) Math.max(0.0, d[w + c] / rows - m * m);
            }
        }
    }

    /**
     * {@code f[0, w)} = the column means of the first {@link #SHIFT_ROWS} rows, streaming rows. In float: the shift
     * only has to be near the data, its own rounding does not enter the result.
     */
    public static void columnShift(float[] x, int off, int rows, int w, int ld, float[] f) {
        int k = Math.min(rows, SHIFT_ROWS);
        System.arraycopy(x, off, f, 0, w);
        for (int r = 1, p = off + ld; r < k; r++, p += ld) {
            for (int c = 0; c < w; c++) {
                f[c] += x[p + c];
            }
        }
        float inv = 1f / k;
        for (int c = 0; c < w; c++) {
            f[c] *= inv;
        }
    }

    /** Column means and biased variances from the shift {@code f[0, w)} and the double sums in {@code d}. */
    public static void columnFinish(
            int rows, int w, float[] f, double[] d, float[] mean, int meanOff, float[] var, int varOff) {
        double inv = 1.0 / rows;
        for (int c = 0; c < w; c++) {
            double m = d[c] * inv;
            mean[meanOff + c] = (float) (f[c] + m);
            var[varOff + c] = (float) Math.max(0.0, d[w + c] * inv - m * m);
        }
    }
}
