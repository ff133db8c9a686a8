package org.simdnn.core.internal;

/**
 * Scalar twin of the reductions: the reference the vector kernels are benchmarked against and the fallback when
 * the Vector API is unavailable. Plain loops; float accumulation where the vector kernel accumulates in float,
 * double where the vector kernel flushes into double for accuracy, so both meet the same error contract (the
 * twin's double accumulation is at least as accurate as the vector kernel's float chunks).
 *
 * <p>The statistics policy both backends share (shift, final combination, double redo, scratch) is in {@link
 * Moments}.
 */
public final class ScalarReductions implements ReductionKernels {
    @Override
    public float sum(float[] x, int off, int len) {
        float s = 0f;
        for (int i = off, end = off + len; i < end; i++) {
            s += x[i];
        }
        return s;
    }

    @Override
    public float dot(float[] x, int xOff, float[] y, int yOff, int len) {
        float s = 0f;
        for (int i = 0; i < len; i++) {
            s = Math.fma(x[xOff + i], y[yOff + i], s);
        }
        return s;
    }

    @Override
    public float sumOfSquares(float[] x, int off, int len) {
        float s = 0f;
        for (int i = off, end = off + len; i < end; i++) {
            s = Math.fma(x[i], x[i], s);
        }
        return s;
    }

    @Override
    public float max(float[] x, int off, int len) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = off, end = off + len; i < end; i++) {
            m = Math.max(m, x[i]);
        }
        return m;
    }

    @Override
    public int argmax(float[] x, int off, int len) {
        int best = 0;
        float m = x[off];
        for (int i = 0; i < len; i++) {
            float v = x[off + i];
            if (v != v) {
                return i;
            }
            if (v > m) {
                m = v;
                best = i;
            }
        }
        return best;
    }

    @Override
    public float l2Norm(float[] x, int off, int len) {
        float ss = sumOfSquares(x, off, len);
        if (ss >= Moments.L2_SAFE_MIN && ss <= Float.MAX_VALUE) {
            return (float) Math.sqrt(ss);
        }
        float scale = 0f;
        for (int i = off, end = off + len; i < end; i++) {
            scale = Math.max(scale, Math.abs(x[i]));
        }
        if (scale == 0f || Float.isInfinite(scale) || scale != scale) {
            return scale;
        }
        int e = Math.getExponent(scale);
        float inv = Math.scalb(1f, -e);
        float s = 0f;
        for (int i = off, end = off + len; i < end; i++) {
            float v = x[i] * inv;
            s = Math.fma(v, v, s);
        }
        return Moments.l2Unscale(s, e);
    }

    @Override
    public void meanVariance(float[] x, int off, int len, float[] out, int outOff) {
        float shift = Moments.shift(x, off, len);
        double s = 0.0;
        double ss = 0.0;
        for (int i = off, end = off + len; i < end; i++) {
            double d = x[i] - shift;
            s += d;
            ss += d * d;
        }
        Moments.finish(shift, s, ss, len, out, outOff);
        Moments.wide(x, off, len, out, outOff);
    }

    @Override
    public void columnMeanVariance(
            float[] x, int off, int rows, int cols, int ld, float[] mean, int meanOff, float[] var, int varOff) {
        Moments.ColumnScratch scratch = Moments.ColumnScratch.get(Math.min(cols, Moments.COLUMN_BLOCK));
        float[] f = scratch.f;
        double[] d = scratch.d;
        for (int c0 = 0; c0 < cols; c0 += Moments.COLUMN_BLOCK) {
            int w = Math.min(Moments.COLUMN_BLOCK, cols - c0);
            Moments.columnShift(x, off + c0, rows, w, ld, f);
            java.util.Arrays.fill(d, 0, 2 * w, 0.0);
            // Stream rows, one accumulator pair per column: never a strided walk down a column.
            for (int r = 0, p = off + c0; r < rows; r++, p += ld) {
                for (int c = 0; c < w; c++) {
                    double v = x[p + c] - f[c];
                    d[c] += v;
                    d[w + c] += v * v;
                }
            }
            Moments.columnFinish(rows, w, f, d, mean, meanOff + c0, var, varOff + c0);
            Moments.wideColumns(x, off + c0, rows, w, ld, d, mean, meanOff + c0, var, varOff + c0);
        }
    }

    @Override
    public void columnMinMax(
            float[] x, int off, int rows, int cols, int ld, float[] min, int minOff, float[] max, int maxOff) {
        System.arraycopy(x, off, min, minOff, cols);
        System.arraycopy(x, off, max, maxOff, cols);
        for (int r = 1, p = off + ld; r < rows; r++, p += ld) {
            for (int c = 0; c < cols; c++) {
                float v = x[p + c];
                min[minOff + c] = Math.min(min[minOff + c], v);
                max[maxOff + c] = Math.max(max[maxOff + c], v);
            }
        }
    }
}
