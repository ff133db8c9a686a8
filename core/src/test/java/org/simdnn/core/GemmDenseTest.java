package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.simdnn.core.GemmOracle.Mat;
import org.simdnn.testkit.Qt;

/** The dense-layer conveniences: fused bias + activation epilogue, and column sums for the bias gradient. */
class GemmDenseTest {

    private static double act(Activation a, double v, double slope) {
        return switch (a) {
            case IDENTITY -> v;
            case RELU -> Math.max(0, v);
            case LEAKY_RELU -> v > 0 ? v : slope * v;
            case TANH -> Math.tanh(v);
            case SIGMOID -> 1 / (1 + Math.exp(-v));
            case LECUN_TANH -> 1.7159 * Math.tanh(2 * v / 3);
        };
    }

    /** Largest slope of the activation (its Lipschitz constant), to carry the GEMM bound through it. */
    private static double lipschitz(Activation a, double slope) {
        return switch (a) {
            case IDENTITY, RELU, TANH -> 1;
            case LEAKY_RELU -> Math.max(1, Math.abs(slope));
            case SIGMOID -> 0.25;
            case LECUN_TANH -> 1.7159 * 2 / 3;
        };
    }

    private static void denseCase(SplittableRandom r, int batch, int in, int out, Activation a, boolean bias) {
        float slope = 0.1f;
        Mat x = Mat.random(r, batch, in, r.nextInt(3), r.nextInt(3));
        Mat w = Mat.random(r, out, in, r.nextInt(3), r.nextInt(3));
        Mat y = Mat.random(r, batch, out, r.nextInt(3), r.nextInt(3));
        Mat y0 = y.copy();
        float[] b = Sweep.embed(Sweep.uniform(r, out, -1, 1), 1, 1);
        Gemm.dense(
                x.data,
                x.off,
                batch,
                in,
                x.ld,
                w.data,
                w.off,
                out,
                w.ld,
                bias ? b : null,
                1,
                a,
                slope,
                y.data,
                y.off,
                y.ld);
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < out; j++) {
                double s = bias ? b[1 + j] : 0;
                double abs = Math.abs(s);
                for (int p = 0; p < in; p++) {
                    double v = (double) x.get(i, p) * w.get(j, p);
                    s += v;
                    abs += Math.abs(v);
                }
                double expect = act(a, s, slope);
                // GEMM bound (one more rounding for the bias) through the activation, plus the activation's own error.
                double bound = lipschitz(a, slope) * 2 * (in + 3) * GemmOracle.U * abs + 2e-6 + 2e-5 * Math.abs(expect);
                float got = y.get(i, j);
                assertTrue(
                        Math.abs(got - expect) <= bound,
                        a + " bias=" + bias + ": Y[" + i + "][" + j + "] = " + got + ", oracle " + expect + " (batch "
                                + batch + ", " + in + " -> " + out + ")");
            }
        }
        for (int q = 0; q < y.data.length; q++) {
            int rel = q - y.off;
            if (!(rel >= 0 && rel / y.ld < batch && rel % y.ld < out)) {
                assertEquals(
                        Float.floatToRawIntBits(y0.data[q]), Float.floatToRawIntBits(y.data[q]), "wrote outside Y");
            }
        }
    }

    @Test
    void denseSweep() {
        SplittableRandom r = Qt.random(21);
        int l = Sweep.lanes();
        int[] outs = {1, 2, l - 1, l, l + 1, 10, 13, 2 * l + 1};
        for (Activation a : Activation.values()) {
            for (int out : outs) {
                denseCase(r, 1 + r.nextInt(30), 1 + r.nextInt(40), out, a, out % 2 == 0 || a == Activation.RELU);
            }
            denseCase(r, 40, 300, 10, a, true);
            denseCase(r, 40, 70, 100, a, true);
        }
    }

    @Test
    void denseRandom() {
        Qt.qt()
                .forAll(
                        integers().between(1, 70),
                        integers().between(1, 300),
                        integers().between(1, 70),
                        integers().between(0, Integer.MAX_VALUE - 1))
                .checkAssert((batch, in, out, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    Activation[] all = Activation.values();
                    denseCase(r, batch, in, out, all[r.nextInt(all.length)], r.nextBoolean());
                });
    }

    @Test
    void epilogueOnAllTransposes() {
        // The general gemm with epilogue equals act(gemm + bias), on both tile orientations (n = 10 and n = 50).
        SplittableRandom r = Qt.random(22);
        for (int n : new int[] {10, 50}) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                int m = 37;
                int k = 29;
                Mat a = ta ? Mat.random(r, k, m, 0, 0) : Mat.random(r, m, k, 0, 0);
                Mat b = tb ? Mat.random(r, n, k, 0, 0) : Mat.random(r, k, n, 0, 0);
                Mat c = Mat.random(r, m, n, 0, 0);
                float[] plain = c.data.clone();
                float[] fused = c.data.clone();
                float[] bias = Sweep.uniform(r, n, -1, 1);
                Transpose opA = ta ? Transpose.TRANSPOSE : Transpose.NONE;
                Transpose opB = tb ? Transpose.TRANSPOSE : Transpose.NONE;
                Gemm.gemm(opA, opB, m, n, k, 0.5f, a.data, 0, a.ld, b.data, 0, b.ld, 2f, plain, 0, n);
                Gemm.gemm(
                        opA,
                        opB,
                        m,
                        n,
                        k,
                        0.5f,
                        a.data,
                        0,
                        a.ld,
                        b.data,
                        0,
                        b.ld,
                        2f,
                        fused,
                        0,
                        n,
                        bias,
                        0,
                        Activation.RELU,
                        0f);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        assertEquals(Math.max(0f, plain[i * n + j] + bias[j]), fused[i * n + j], "at " + i + "," + j);
                    }
                }
            }
        }
    }

    @Test
    void nanPropagatesThroughEpilogue() {
        float[] x = {Float.NaN, 1f};
        float[] w = {1f, 1f, 1f, 1f};
        float[] y = new float[2];
        for (Activation a : Activation.values()) {
            Gemm.dense(x, 0, 1, 2, 2, w, 0, 2, 2, new float[] {0f, 0f}, 0, a, 0.1f, y, 0, 2);
            assertTrue(Float.isNaN(y[0]) && Float.isNaN(y[1]), a + ": NaN in, NaN out");
        }
    }

    @Test
    void columnSums() {
        int l = Sweep.lanes();
        SplittableRandom r = Qt.random(23);
        for (int rows = 0; rows <= 9; rows += 3) {
            for (int cols = 0; cols <= Sweep.maxLength(); cols++) {
                columnSumsCase(r, rows, cols, r.nextInt(3), r.nextInt(l + 1));
            }
        }
        Qt.qt()
                .forAll(
                        integers().between(0, 300),
                        integers().between(0, 600),
                        integers().between(0, 5))
                .checkAssert((rows, cols, pad) -> columnSumsCase(Qt.random(rows * 1000L + cols), rows, cols, pad, pad));
    }

    private static void columnSumsCase(SplittableRandom r, int rows, int cols, int pad, int off) {
        Mat x = Mat.random(r, rows, cols, pad, off);
        float[] out = Sweep.embed(new float[cols], 2, 2);
        java.util.Arrays.fill(out, 2, 2 + cols, Float.NaN);
        Gemm.columnSums(x.data, x.off, rows, cols, x.ld, out, 2);
        for (int j = 0; j < cols; j++) {
            double s = 0;
            double abs = 0;
            for (int i = 0; i < rows; i++) {
                s += x.get(i, j);
                abs += Math.abs(x.get(i, j));
            }
            double bound = Math.max(0, rows - 1) * GemmOracle.U * abs;
            assertTrue(Math.abs(out[2 + j] - s) <= bound, "column " + j + " sum " + out[2 + j] + " oracle " + s);
        }
        assertTrue(
                Float.isNaN(out[0]) && Float.isNaN(out[1]) && Float.isNaN(out[2 + cols]) && Float.isNaN(out[3 + cols]),
                "wrote outside out");
    }
}
