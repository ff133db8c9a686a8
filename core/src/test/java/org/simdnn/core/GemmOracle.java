package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;

/** Double-precision oracle and shared fixtures of the GEMM tests. */
final class GemmOracle {
    static final double U = 0x1p-24;

    private GemmOracle() {}

    /** A row-major matrix embedded in a NaN-guarded array: stored {@code rows x cols}, leading dimension ld. */
    static final class Mat {
        final float[] data;
        final int off;
        final int rows;
        final int cols;
        final int ld;

        Mat(float[] data, int off, int rows, int cols, int ld) {
            this.data = data;
            this.off = off;
            this.rows = rows;
            this.cols = cols;
            this.ld = ld;
        }

        static Mat random(SplittableRandom r, int rows, int cols, int pad, int off) {
            int ld = cols + pad;
            int size = off + (rows == 0 ? 0 : (rows - 1) * ld + cols) + 3;
            float[] d = new float[size];
            java.util.Arrays.fill(d, Float.NaN);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    d[off + i * ld + j] = (float) r.nextDouble(-2, 2);
                }
            }
            return new Mat(d, off, rows, cols, Math.max(1, ld));
        }

        float get(int i, int j) {
            return data[off + i * ld + j];
        }

        Mat copy() {
            return new Mat(data.clone(), off, rows, cols, ld);
        }
    }

    /** Element (i, p) of op(X). */
    static double op(Mat x, boolean t, int i, int p) {
        return t ? x.get(p, i) : x.get(i, p);
    }

    /**
     * Checks c (after the call) against the oracle from c0 (before), element by element with the documented bound
     * {@code 2 (k + 2) u (|alpha| sum |a||b| + |beta| |c0|)}, and that every element outside C is untouched.
     */
    static void check(
            String what,
            Mat a,
            boolean ta,
            Mat b,
            boolean tb,
            int m,
            int n,
            int k,
            float alpha,
            float beta,
            Mat c0,
            Mat c) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                double abs = 0;
                if (alpha != 0f) {
                    for (int p = 0; p < k; p++) {
                        double x = op(a, ta, i, p) * op(b, tb, p, j);
                        s += x;
                        abs += Math.abs(x);
                    }
                }
                double old = beta == 0f ? 0 : beta * (double) c0.get(i, j);
                double expect = alpha * s + old;
                double bound = 2 * (k + 2) * U * (Math.abs(alpha) * abs + Math.abs(old)) + 1e-37;
                float got = c.get(i, j);
                if (!(Math.abs(got - expect) <= bound)) {
                    fail(what + ": C[" + i + "][" + j + "] = " + got + ", oracle " + expect + ", bound " + bound
                            + " (m=" + m
                            + " n=" + n + " k=" + k + " transA=" + ta + " transB=" + tb + " alpha=" + alpha + " beta="
                            + beta
                            + " ldc=" + c.ld + ")");
                }
            }
        }
        for (int q = 0; q < c.data.length; q++) {
            int rel = q - c.off;
            boolean inside = rel >= 0 && rel / c.ld < m && rel % c.ld < n;
            if (!inside) {
                assertEquals(
                        Float.floatToRawIntBits(c0.data[q]),
                        Float.floatToRawIntBits(c.data[q]),
                        what + ": element " + q + " outside C was written");
            }
        }
    }

    /** Runs one random case through the public API and checks it. */
    static void runCase(
            SplittableRandom r, int m, int n, int k, boolean ta, boolean tb, float alpha, float beta, int pad) {
        Mat a = ta ? Mat.random(r, k, m, pad, r.nextInt(3)) : Mat.random(r, m, k, pad, r.nextInt(3));
        Mat b = tb ? Mat.random(r, n, k, pad, r.nextInt(3)) : Mat.random(r, k, n, pad, r.nextInt(3));
        Mat c0 = Mat.random(r, m, n, pad, r.nextInt(3));
        Mat c = c0.copy();
        Gemm.gemm(
                ta ? Transpose.TRANSPOSE : Transpose.NONE,
                tb ? Transpose.TRANSPOSE : Transpose.NONE,
                m,
                n,
                k,
                alpha,
                a.data,
                a.off,
                a.ld,
                b.data,
                b.off,
                b.ld,
                beta,
                c.data,
                c.off,
                c.ld);
        check("gemm", a, ta, b, tb, m, n, k, alpha, beta, c0, c);
    }
}
