package org.simdnn.core.internal.vector;

import static org.simdnn.core.internal.vector.Lanes.F;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.simdnn.core.internal.Moments;
import org.simdnn.core.internal.Moments.ColumnScratch;
import org.simdnn.core.internal.ReductionKernels;
import org.simdnn.core.internal.ScalarReductions;

/**
 * Vector API reductions: several independent accumulators, one lane reduction at the end, scalar tail.
 *
 * <p>Statistics accumulate {@code x - shift} in float over bounded chunks (at most 256 additions per accumulator
 * lane) and flush each chunk into double totals, which keeps the float error bounded by the chunk length instead
 * of growing with n, at the cost of one flush per chunk.
 */
public final class VectorReductions implements ReductionKernels {
    /** Iterations of the four-accumulator loop per chunk of the 1-D mean/variance before a flush into double. */
    private static final int CHUNK_STEPS = 128;
    /** Rows per chunk of the column statistics: at most 256 float additions per accumulator before a flush. */
    private static final int CHUNK_ROWS = 256;
    /**
     * Batches up to this many floats (4 MiB), or with rows of at least {@link #LONG_ROW} floats, are read four rows
     * at a time (a quarter of the accumulator loads and stores). Measured on AVX-512 (EPYC): that wins about 1.8x
     * while the data is in cache or each row is a page-long stream, but from DRAM with short rows the four
     * interleaved 16-line streams per 4 KiB page prefetch so badly that one sequential row at a time is 2x faster,
     * and four rows from the four quarters of the batch (four streams on separate pages) faster still.
     */
    static final long CACHE_FLOATS = 1L << 20;

    private static final int LONG_ROW = 1024;

    /**
     * Whether a row-major batch is read from memory with rows short enough that a row per quarter of the batch per
     * step (four streams on separate pages) beats four adjacent rows: more than {@link #CACHE_FLOATS} floats, rows
     * shorter than {@link #LONG_ROW}.
     */
    static boolean rowsFromMemory(int rows, int ld) {
        return (long) rows * ld > CACHE_FLOATS && ld < LONG_ROW;
    }

    @Override
    public float sum(float[] x, int off, int len) {
        int i = 0;
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        int l = F.length();
        int q = quarter(len);
        for (; i < q; i += l) {
            a0 = a0.add(FloatVector.fromArray(F, x, off + i));
            a1 = a1.add(FloatVector.fromArray(F, x, off + q + i));
            a2 = a2.add(FloatVector.fromArray(F, x, off + 2 * q + i));
            a3 = a3.add(FloatVector.fromArray(F, x, off + 3 * q + i));
        }
        i = 4 * q;
        for (int bound = F.loopBound(len); i < bound; i += l) {
            a0 = a0.add(FloatVector.fromArray(F, x, off + i));
        }
        float s = VectorMath.sumLanes(a0.add(a1).add(a2.add(a3)), VectorMath.lanes());
        for (; i < len; i++) {
            s += x[off + i];
        }
        return s;
    }

    /**
     * Length of each of the four regions that the unrolled loops read side by side: a multiple of the lane count,
     * {@code 4 * quarter(len) <= len}. Four sequential streams instead of one keep more reads in flight: measured
     * single-thread read bandwidth on EPYC from DRAM, about 18 GB/s with one stream and 28-31 GB/s with four. In
     * cache the order costs nothing.
     */
    static int quarter(int len) {
        return len / (4 * F.length()) * F.length();
    }

    @Override
    public float dot(float[] x, int xOff, float[] y, int yOff, int len) {
        int i = 0;
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        int l = F.length();
        int q = quarter(len);
        for (; i < q; i += l) {
            a0 = FloatVector.fromArray(F, x, xOff + i).fma(FloatVector.fromArray(F, y, yOff + i), a0);
            a1 = FloatVector.fromArray(F, x, xOff + q + i).fma(FloatVector.fromArray(F, y, yOff + q + i), a1);
            a2 = FloatVector.fromArray(F, x, xOff + 2 * q + i).fma(FloatVector.fromArray(F, y, yOff + 2 * q + i), a2);
            a3 = FloatVector.fromArray(F, x, xOff + 3 * q + i).fma(FloatVector.fromArray(F, y, yOff + 3 * q + i), a3);
        }
        i = 4 * q;
        for (int bound = F.loopBound(len); i < bound; i += l) {
            a0 = FloatVector.fromArray(F, x, xOff + i).fma(FloatVector.fromArray(F, y, yOff + i), a0);
        }
        float s = VectorMath.sumLanes(a0.add(a1).add(a2.add(a3)), VectorMath.lanes());
        for (; i < len; i++) {
            s = Math.fma(x[xOff + i], y[yOff + i], s);
        }
        return s;
    }

    @Override
    public float sumOfSquares(float[] x, int off, int len) {
        return sumOfSquares(x, off, len, 1f);
    }

    /** Sum of {@code (x * scale)^2}; scale is 1 or a power of two, so the scaling itself is exact. */
    private static float sumOfSquares(float[] x, int off, int len, float scale) {
        int i = 0;
        FloatVector k = FloatVector.broadcast(F, scale);
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        int l = F.length();
        // One load per vector (a dot of x with itself would load it twice).
        int q = quarter(len);
        for (; i < q; i += l) {
            FloatVector v0 = FloatVector.fromArray(F, x, off + i).mul(k);
            FloatVector v1 = FloatVector.fromArray(F, x, off + q + i).mul(k);
            FloatVector v2 = FloatVector.fromArray(F, x, off + 2 * q + i).mul(k);
            FloatVector v3 = FloatVector.fromArray(F, x, off + 3 * q + i).mul(k);
            a0 = v0.fma(v0, a0);
            a1 = v1.fma(v1, a1);
            a2 = v2.fma(v2, a2);
            a3 = v3.fma(v3, a3);
        }
        i = 4 * q;
        for (int bound = F.loopBound(len); i < bound; i += l) {
            FloatVector v0 = FloatVector.fromArray(F, x, off + i).mul(k);
            a0 = v0.fma(v0, a0);
        }
        float s = VectorMath.sumLanes(a0.add(a1).add(a2.add(a3)), VectorMath.lanes());
        for (; i < len; i++) {
            float v = x[off + i] * scale;
            s = Math.fma(v, v, s);
        }
        return s;
    }

    @Override
    public float max(float[] x, int off, int len) {
        // Blocks of MAX_BLOCK floats, each its own call: max is exact in any order, so this changes no result, and it
        // keeps the vectors out of the one long loop. With 16M floats per call the method was otherwise reached
        // through on-stack replacement, whose compiled loop re-boxed its vector accumulators on every iteration
        // (about 1.5 bytes allocated per element); many short calls get the ordinary, allocation-free compilation.
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i += MAX_BLOCK) {
            m = Math.max(m, maxBlock(x, off + i, Math.min(MAX_BLOCK, len - i)));
        }
        return m;
    }

    /** Floats per call of {@link #maxBlock}: 64 KiB, long enough that the call costs nothing. */
    private static final int MAX_BLOCK = 1 << 14;

    private static float maxBlock(float[] x, int off, int len) {
        // Integer compares instead of lanewise MAX, whose Math.max semantics (NaN wins, -0 < +0) cost a sequence of
        // about five dependent instructions per vector: the loop ran at its latency, 2.7x slower than a sum in L2.
        // A float's bits as a signed int order the non-negative floats as floats, and the negative ones (sign bit set,
        // so below every non-negative) in reverse. Hence the largest int is the answer when it is non-negative (+0 = 0
        // beats -0 = Integer.MIN_VALUE), otherwise the smallest int is (the negative float nearest zero). A NaN is a
        // magnitude above infinity's, tracked apart; every lane op here has a latency of one cycle.
        IntVector hi0 = IntVector.broadcast(I, Integer.MIN_VALUE);
        IntVector lo0 = IntVector.broadcast(I, Integer.MAX_VALUE);
        IntVector mag0 = IntVector.zero(I);
        IntVector hi1 = hi0;
        IntVector lo1 = lo0;
        IntVector mag1 = mag0;
        int i = 0;
        int l = F.length();
        for (int bound = len - 2 * l; i <= bound; i += 2 * l) {
            IntVector b0 = FloatVector.fromArray(F, x, off + i).reinterpretAsInts();
            IntVector b1 = FloatVector.fromArray(F, x, off + i + l).reinterpretAsInts();
            hi0 = hi0.max(b0);
            lo0 = lo0.min(b0);
            mag0 = mag0.max(b0.and(Integer.MAX_VALUE));
            hi1 = hi1.max(b1);
            lo1 = lo1.min(b1);
            mag1 = mag1.max(b1.and(Integer.MAX_VALUE));
        }
        for (int bound = F.loopBound(len); i < bound; i += l) {
            IntVector b0 = FloatVector.fromArray(F, x, off + i).reinterpretAsInts();
            hi0 = hi0.max(b0);
            lo0 = lo0.min(b0);
            mag0 = mag0.max(b0.and(Integer.MAX_VALUE));
        }
        int hi = hi0.max(hi1).reduceLanes(VectorOperators.MAX);
        int lo = lo0.min(lo1).reduceLanes(VectorOperators.MIN);
        int mag = mag0.max(mag1).reduceLanes(VectorOperators.MAX);
        for (; i < len; i++) {
            int b = Float.floatToRawIntBits(x[off + i]);
            hi = Math.max(hi, b);
            lo = Math.min(lo, b);
            mag = Math.max(mag, b & Integer.MAX_VALUE);
        }
        if (mag > INFINITY_BITS) {
            return Float.NaN;
        }
        return len == 0 ? Float.NEGATIVE_INFINITY : Float.intBitsToFloat(hi >= 0 ? hi : lo);
    }

    /** The int species of {@link Lanes#F}'s shape: a constant, or C2 cannot intrinsify (it boxes every vector). */
    private static final VectorSpecies<Integer> I = F.withLanes(int.class);

    private static final int INFINITY_BITS = Float.floatToRawIntBits(Float.POSITIVE_INFINITY);

    @Override
    public int argmax(float[] x, int off, int len) {
        // One pass over memory: the maximum of each 64 KiB block (exact), keeping the first block that holds the
        // overall maximum, or the first block with a NaN; then only that block, still in cache, is searched for the
        // first position. (Two whole passes, max then search, read a DRAM-size array twice.)
        float best = 0f;
        int bestStart = -1;
        for (int i = 0; i < len; i += MAX_BLOCK) {
            int n = Math.min(MAX_BLOCK, len - i);
            float m = maxBlock(x, off + i, n);
            if (m != m) {
                return i + firstIndexOf(x, off + i, n, m);
            }
            if (bestStart < 0 || m > best) {
                best = m;
                bestStart = i;
            }
        }
        return bestStart + firstIndexOf(x, off + bestStart, Math.min(MAX_BLOCK, len - bestStart), best);
    }

    /** The first position of {@code m} (NaN: of any NaN) in {@code x[off, off + len)}, where it is known to be. */
    private static int firstIndexOf(float[] x, int off, int len, float m) {
        int i = 0;
        int l = F.length();
        if (m != m) {
            for (int bound = F.loopBound(len); i < bound; i += l) {
                VectorMask<Float> nan = FloatVector.fromArray(F, x, off + i).test(VectorOperators.IS_NAN);
                if (nan.anyTrue()) {
                    return i + nan.firstTrue();
                }
            }
            for (; i < len; i++) {
                if (x[off + i] != x[off + i]) {
                    return i;
                }
            }
        } else {
            for (int bound = F.loopBound(len); i < bound; i += l) {
                VectorMask<Float> eq = FloatVector.fromArray(F, x, off + i).compare(VectorOperators.EQ, m);
                if (eq.anyTrue()) {
                    return i + eq.firstTrue();
                }
            }
            for (; i < len; i++) {
                if (x[off + i] == m) {
                    return i;
                }
            }
        }
        throw new AssertionError("argmax: " + m + " was not found in its block");
    }

    @Override
    public float l2Norm(float[] x, int off, int len) {
        // Fast path: one pass in float; only when that sum overflowed or may have lost terms to underflow, rescale.
        float ss = sumOfSquares(x, off, len, 1f);
        if (ss >= Moments.L2_SAFE_MIN && ss <= Float.MAX_VALUE) {
            return (float) Math.sqrt(ss);
        }
        float scale = maxAbs(x, off, len);
        if (scale == 0f || Float.isInfinite(scale) || scale != scale) {
            return scale;
        }
        int e = Math.getExponent(scale);
        return Moments.l2Unscale(sumOfSquares(x, off, len, Math.scalb(1f, -e)), e);
    }

    private static float maxAbs(float[] x, int off, int len) {
        int i = 0;
        FloatVector a0 = FloatVector.zero(F);
        for (int bound = F.loopBound(len); i < bound; i += F.length()) {
            a0 = a0.lanewise(
                    VectorOperators.MAX, FloatVector.fromArray(F, x, off + i).abs());
        }
        float m = a0.reduceLanes(VectorOperators.MAX);
        for (; i < len; i++) {
            m = Math.max(m, Math.abs(x[off + i]));
        }
        return m;
    }

    @Override
    public void meanVariance(float[] x, int off, int len, float[] out, int outOff) {
        float shift = Moments.shift(x, off, len);
        FloatVector sh = FloatVector.broadcast(F, shift);
        int l = F.length();
        int q = quarter(len);
        float[] lanes = VectorMath.lanes();
        double s = 0.0;
        double ss = 0.0;
        int i = 0;
        while (i < q) {
            FloatVector a0 = FloatVector.zero(F);
            FloatVector a1 = FloatVector.zero(F);
            FloatVector a2 = FloatVector.zero(F);
            FloatVector a3 = FloatVector.zero(F);
            FloatVector q0 = FloatVector.zero(F);
            FloatVector q1 = FloatVector.zero(F);
            FloatVector q2 = FloatVector.zero(F);
            FloatVector q3 = FloatVector.zero(F);
            for (int bound = Math.min(q, i + CHUNK_STEPS * l); i < bound; i += l) {
                FloatVector d0 = FloatVector.fromArray(F, x, off + i).sub(sh);
                FloatVector d1 = FloatVector.fromArray(F, x, off + q + i).sub(sh);
                FloatVector d2 = FloatVector.fromArray(F, x, off + 2 * q + i).sub(sh);
                FloatVector d3 = FloatVector.fromArray(F, x, off + 3 * q + i).sub(sh);
                a0 = a0.add(d0);
                a1 = a1.add(d1);
                a2 = a2.add(d2);
                a3 = a3.add(d3);
                q0 = d0.fma(d0, q0);
                q1 = d1.fma(d1, q1);
                q2 = d2.fma(d2, q2);
                q3 = d3.fma(d3, q3);
            }
            s += VectorMath.sumLanes(a0.add(a1).add(a2.add(a3)), lanes);
            ss += VectorMath.sumLanes(q0.add(q1).add(q2.add(q3)), lanes);
        }
        for (i = 4 * q; i < len; i++) {
            double d = x[off + i] - shift;
            s += d;
            ss += d * d;
        }
        Moments.finish(shift, s, ss, len, out, outOff);
        Moments.wide(x, off, len, out, outOff);
    }

    @Override
    public void columnMeanVariance(
            float[] x, int off, int rows, int cols, int ld, float[] mean, int meanOff, float[] var, int varOff) {
        ColumnScratch scratch = ColumnScratch.get(Math.min(cols, Moments.COLUMN_BLOCK));
        float[] f = scratch.f;
        double[] d = scratch.d;
        for (int c0 = 0; c0 < cols; c0 += Moments.COLUMN_BLOCK) {
            int w = Math.min(Moments.COLUMN_BLOCK, cols - c0);
            columnShift(x, off + c0, rows, w, ld, f);
            java.util.Arrays.fill(f, w, 3 * w, 0f);
            java.util.Arrays.fill(d, 0, 2 * w, 0.0);
            int r0 = 0;
            if (!rowsFromMemory(rows, ld)) {
                // in cache, or page-long rows: four adjacent rows per step
                int groups = rows / 4;
                for (int g0 = 0; g0 < groups; g0 += CHUNK_ROWS / 4) {
                    columnGroups(x, off + c0 + 4 * g0 * ld, Math.min(CHUNK_ROWS / 4, groups - g0), w, 4 * ld, ld, f);
                    flush(w, f, d);
                }
                r0 = 4 * groups;
            } else {
                // From DRAM with short rows: one row from each quarter of the batch per step. Four sequential streams,
                // each its own pages, keep more reads in flight than one stream (measured single-thread read bandwidth
                // on EPYC: about 18 GB/s with one stream, 28-31 GB/s with four), where four adjacent rows share pages
                // and
                // prefetch badly.
                int q = rows / 4;
                for (int g0 = 0; g0 < q; g0 += CHUNK_ROWS / 4) {
                    columnGroups(x, off + c0 + g0 * ld, Math.min(CHUNK_ROWS / 4, q - g0), w, ld, q * ld, f);
                    flush(w, f, d);
                }
                r0 = 4 * q;
            }
            for (; r0 < rows; r0 += CHUNK_ROWS) {
                columnRows(x, off + c0 + r0 * ld, Math.min(CHUNK_ROWS, rows - r0), w, ld, f);
                flush(w, f, d);
            }
            Moments.columnFinish(rows, w, f, d, mean, meanOff + c0, var, varOff + c0);
            Moments.wideColumns(x, off + c0, rows, w, ld, d, mean, meanOff + c0, var, varOff + c0);
        }
    }

    /** Vector twin of {@link ScalarReductions#columnShift}. */
    private static void columnShift(float[] x, int off, int rows, int w, int ld, float[] f) {
        int k = Math.min(rows, Moments.SHIFT_ROWS);
        System.arraycopy(x, off, f, 0, w);
        int l = F.length();
        int vb = F.loopBound(w);
        for (int r = 1, p = off + ld; r < k; r++, p += ld) {
            int c = 0;
            for (; c < vb; c += l) {
                FloatVector.fromArray(F, f, c)
                        .add(FloatVector.fromArray(F, x, p + c))
                        .intoArray(f, c);
            }
            for (; c < w; c++) {
                f[c] += x[p + c];
            }
        }
        float inv = 1f / k;
        for (int c = 0; c < w; c++) {
            f[c] *= inv;
        }
    }

    /**
     * Adds the shifted sums of {@code groups} groups of four rows to the float accumulators {@code f[w, 3w)}: the
     * rows of a group start {@code gap} floats apart, groups {@code step} floats apart. Each accumulator is loaded and
     * stored once per group, and takes one addition per group (at most {@code CHUNK_ROWS / 4} per flush).
     */
    private static void columnGroups(float[] x, int off, int groups, int w, int step, int gap, float[] f) {
        int l = F.length();
        int vb = F.loopBound(w);
        for (int g = 0, p = off; g < groups; g++, p += step) {
            int c = 0;
            for (; c < vb; c += l) {
                FloatVector sh = FloatVector.fromArray(F, f, c);
                FloatVector d0 = FloatVector.fromArray(F, x, p + c).sub(sh);
                FloatVector d1 = FloatVector.fromArray(F, x, p + gap + c).sub(sh);
                FloatVector d2 = FloatVector.fromArray(F, x, p + 2 * gap + c).sub(sh);
                FloatVector d3 = FloatVector.fromArray(F, x, p + 3 * gap + c).sub(sh);
                FloatVector s = FloatVector.fromArray(F, f, w + c);
                FloatVector q = FloatVector.fromArray(F, f, 2 * w + c);
                s = s.add(d0.add(d1).add(d2.add(d3)));
                q = q.add(d0.fma(d0, d1.mul(d1)).add(d2.fma(d2, d3.mul(d3))));
                s.intoArray(f, w + c);
                q.intoArray(f, 2 * w + c);
            }
            for (; c < w; c++) {
                float sh = f[c];
                float d0 = x[p + c] - sh;
                float d1 = x[p + gap + c] - sh;
                float d2 = x[p + 2 * gap + c] - sh;
                float d3 = x[p + 3 * gap + c] - sh;
                f[w + c] += (d0 + d1) + (d2 + d3);
                f[2 * w + c] += Math.fma(d0, d0, d1 * d1) + Math.fma(d2, d2, d3 * d3);
            }
        }
    }

    /** Adds the shifted sums of {@code rows} consecutive rows (at most {@link #CHUNK_ROWS}) to {@code f[w, 3w)}. */
    private static void columnRows(float[] x, int off, int rows, int w, int ld, float[] f) {
        int l = F.length();
        int vb = F.loopBound(w);
        for (int r = 0, p = off; r < rows; r++, p += ld) {
            int c = 0;
            for (; c < vb; c += l) {
                FloatVector d0 = FloatVector.fromArray(F, x, p + c).sub(FloatVector.fromArray(F, f, c));
                FloatVector.fromArray(F, f, w + c).add(d0).intoArray(f, w + c);
                d0.fma(d0, FloatVector.fromArray(F, f, 2 * w + c)).intoArray(f, 2 * w + c);
            }
            for (; c < w; c++) {
                float d0 = x[p + c] - f[c];
                f[w + c] += d0;
                f[2 * w + c] = Math.fma(d0, d0, f[2 * w + c]);
            }
        }
    }

    /** Moves the float chunk sums into the double totals and clears them. */
    private static void flush(int w, float[] f, double[] d) {
        for (int c = 0; c < w; c++) {
            d[c] += f[w + c];
            d[w + c] += f[2 * w + c];
            f[w + c] = 0f;
            f[2 * w + c] = 0f;
        }
    }

    /**
     * Column sums of a batch that streams from memory (see {@link #rowsFromMemory}): the outputs are the
     * accumulators, and each step adds one row from each quarter of the batch (four streams on separate pages; see
     * {@link #quarter}). Column strips over all rows, the in-cache order, read a DRAM-size batch at about a third of
     * copy bandwidth. Float sums of {@code rows / 4 + 4} terms per column.
     */
    static void columnSumsFromMemory(float[] x, int off, int rows, int cols, int ld, float[] out, int outOff) {
        java.util.Arrays.fill(out, outOff, outOff + cols, 0f);
        int l = F.length();
        int vb = F.loopBound(cols);
        int q = rows / 4;
        int gap = q * ld;
        for (int g = 0, p = off; g < q; g++, p += ld) {
            int c = 0;
            for (; c < vb; c += l) {
                FloatVector v = FloatVector.fromArray(F, x, p + c)
                        .add(FloatVector.fromArray(F, x, p + gap + c))
                        .add(FloatVector.fromArray(F, x, p + 2 * gap + c)
                                .add(FloatVector.fromArray(F, x, p + 3 * gap + c)));
                FloatVector.fromArray(F, out, outOff + c).add(v).intoArray(out, outOff + c);
            }
            for (; c < cols; c++) {
                out[outOff + c] += (x[p + c] + x[p + gap + c]) + (x[p + 2 * gap + c] + x[p + 3 * gap + c]);
            }
        }
        for (int r = 4 * q, p = off + r * ld; r < rows; r++, p += ld) {
            for (int c = 0; c < cols; c++) {
                out[outOff + c] += x[p + c];
            }
        }
    }

    @Override
    public void columnMinMax(
            float[] x, int off, int rows, int cols, int ld, float[] min, int minOff, float[] max, int maxOff) {
        // The outputs are the accumulators: row 0 initializes them, the other rows stream through (from memory, one
        // row from each quarter of the rest per step: four streams, see quarter).
        System.arraycopy(x, off, min, minOff, cols);
        System.arraycopy(x, off, max, maxOff, cols);
        int l = F.length();
        int vb = F.loopBound(cols);
        int r = 1;
        if (rowsFromMemory(rows, ld)) {
            int q = (rows - 1) / 4;
            int gap = q * ld;
            for (int g = 0, p = off + ld; g < q; g++, p += ld) {
                int c = 0;
                for (; c < vb; c += l) {
                    FloatVector v0 = FloatVector.fromArray(F, x, p + c);
                    FloatVector v1 = FloatVector.fromArray(F, x, p + gap + c);
                    FloatVector v2 = FloatVector.fromArray(F, x, p + 2 * gap + c);
                    FloatVector v3 = FloatVector.fromArray(F, x, p + 3 * gap + c);
                    FloatVector lo = v0.lanewise(VectorOperators.MIN, v1)
                            .lanewise(VectorOperators.MIN, v2.lanewise(VectorOperators.MIN, v3));
                    FloatVector hi = v0.lanewise(VectorOperators.MAX, v1)
                            .lanewise(VectorOperators.MAX, v2.lanewise(VectorOperators.MAX, v3));
                    FloatVector.fromArray(F, min, minOff + c)
                            .lanewise(VectorOperators.MIN, lo)
                            .intoArray(min, minOff + c);
                    FloatVector.fromArray(F, max, maxOff + c)
                            .lanewise(VectorOperators.MAX, hi)
                            .intoArray(max, maxOff + c);
                }
                for (; c < cols; c++) {
                    for (int k = 0; k < 4; k++) {
                        float v = x[p + k * gap + c];
                        min[minOff + c] = Math.min(min[minOff + c], v);
                        max[maxOff + c] = Math.max(max[maxOff + c], v);
                    }
                }
            }
            r = 1 + 4 * q;
        }
        for (int p = off + r * ld; r < rows; r++, p += ld) {
            int c = 0;
            for (; c < vb; c += l) {
                FloatVector v = FloatVector.fromArray(F, x, p + c);
                FloatVector.fromArray(F, min, minOff + c)
                        .lanewise(VectorOperators.MIN, v)
                        .intoArray(min, minOff + c);
                FloatVector.fromArray(F, max, maxOff + c)
                        .lanewise(VectorOperators.MAX, v)
                        .intoArray(max, maxOff + c);
            }
            for (; c < cols; c++) {
                float v = x[p + c];
                min[minOff + c] = Math.min(min[minOff + c], v);
                max[maxOff + c] = Math.max(max[maxOff + c], v);
            }
        }
    }
}
