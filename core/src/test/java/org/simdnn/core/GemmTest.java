package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.simdnn.core.GemmOracle.Mat;
import org.simdnn.testkit.Qt;

/** SGEMM against a double-precision oracle: sweeps over small and block-boundary shapes, then random shapes. */
class GemmTest {
    private static final float[] ALPHAS = {1f, 0f, -0.75f};
    private static final float[] BETAS = {0f, 1f, 1.5f};

    @Test
    void sweepSmallShapesAllTransposes() {
        int l = Sweep.lanes();
        // Tile edges of both micro-kernels: 12 rows x 2 vectors (512-bit) and 3 rows x 3 vectors (narrower).
        int[] sizes = {
            0, 1, 2, 3, 4, 5, l - 1, l, l + 1, 11, 12, 13, 2 * l - 1, 2 * l, 2 * l + 1, 3 * l, 3 * l + 1, 4 * l + 3
        };
        int[] ks = {0, 1, 2, 7, l + 1};
        SplittableRandom r = Qt.random(1);
        int q = 0;
        for (int m : sizes) {
            for (int n : sizes) {
                for (int k : ks) {
                    for (int t = 0; t < 4; t++, q++) {
                        GemmOracle.runCase(
                                r, m, n, k, (t & 1) != 0, (t & 2) != 0, ALPHAS[q % 3], BETAS[(q / 3) % 3], q % 3);
                    }
                }
            }
        }
    }

    @Test
    void blockBoundaries() {
        SplittableRandom r = Qt.random(2);
        // K around the K block (256) and its multiples; M around the row block (240) and the tile (12); N around the
        // column panel (2 vectors) and the column block (2048).
        int[][] shapes = {
            {1, 1, 1},
            {13, 17, 255},
            {13, 17, 256},
            {13, 17, 257},
            {5, 40, 513},
            {239, 33, 9},
            {240, 33, 9},
            {241, 33, 9},
            {100, 100, 100},
            {257, 10, 31},
            {10, 257, 31},
            {3, 2049, 3},
            {2, 4097, 2},
            {128, 10, 256},
            {10, 256, 128},
            {128, 256, 10},
            {97, 61, 1}
        };
        int q = 0;
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++, q++) {
                GemmOracle.runCase(
                        r, s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, ALPHAS[q % 3], BETAS[(q / 3) % 3], q % 4);
            }
        }
    }

    /**
     * n past the packed column block (NC, 2048 columns by default), so B is packed from a second column block whose
     * offset is not 0: both transposes of B, on the tiled path (m and k too large for the dot path).
     */
    @Test
    void columnsPastOnePackedBlock() {
        SplittableRandom r = new SplittableRandom(12);
        for (int t = 0; t < 4; t++) {
            GemmOracle.runCase(r, 30, 2100, 40, (t & 1) != 0, (t & 2) != 0, 1f, t < 2 ? 0f : 0.5f, t);
        }
    }

    @Test
    void randomShapes() {
        Qt.qt()
                .forAll(
                        integers().between(1, 150),
                        integers().between(1, 150),
                        integers().between(1, 300),
                        integers().between(0, Integer.MAX_VALUE - 1))
                .checkAssert((m, n, k, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    GemmOracle.runCase(
                            r,
                            m,
                            n,
                            k,
                            r.nextBoolean(),
                            r.nextBoolean(),
                            ALPHAS[r.nextInt(3)],
                            r.nextBoolean() ? BETAS[r.nextInt(3)] : (float) r.nextDouble(-2, 2),
                            r.nextInt(5));
                });
    }

    @Test
    void transposeIdentity() {
        // (AB)^T = B^T A^T: the second product reads the same stored A and B, both flagged transposed.
        Qt.qt()
                .forAll(
                        integers().between(1, 80),
                        integers().between(1, 80),
                        integers().between(1, 200),
                        integers().between(0, Integer.MAX_VALUE - 1))
                .checkAssert((m, n, k, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    Mat a = Mat.random(r, m, k, 0, 0);
                    Mat b = Mat.random(r, k, n, 0, 0);
                    float[] ab = new float[m * n];
                    float[] btat = new float[n * m];
                    Gemm.gemm(Transpose.NONE, Transpose.NONE, m, n, k, 1f, a.data, 0, k, b.data, 0, n, 0f, ab, 0, n);
                    Gemm.gemm(
                            Transpose.TRANSPOSE,
                            Transpose.TRANSPOSE,
                            n,
                            m,
                            k,
                            1f,
                            b.data,
                            0,
                            n,
                            a.data,
                            0,
                            k,
                            0f,
                            btat,
                            0,
                            m);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double abs = 0;
                            for (int p = 0; p < k; p++) {
                                abs += Math.abs((double) a.get(i, p) * b.get(p, j));
                            }
                            double bound = 2 * 2 * (k + 2) * GemmOracle.U * abs + 1e-37;
                            assertTrue(
                                    Math.abs(ab[i * n + j] - btat[j * m + i]) <= bound,
                                    "(AB)^T != B^T A^T at " + i + "," + j + " m=" + m + " n=" + n + " k=" + k);
                        }
                    }
                });
    }

    @Test
    void distributivity() {
        // A(B + C) = AB + AC, the right side accumulated through beta = 1.
        Qt.qt()
                .forAll(
                        integers().between(1, 60),
                        integers().between(1, 60),
                        integers().between(1, 300),
                        integers().between(0, Integer.MAX_VALUE - 1))
                .checkAssert((m, n, k, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    Mat a = Mat.random(r, m, k, 0, 0);
                    Mat b = Mat.random(r, k, n, 0, 0);
                    Mat c = Mat.random(r, k, n, 0, 0);
                    float[] bc = new float[k * n];
                    for (int i = 0; i < k * n; i++) {
                        bc[i] = b.data[i] + c.data[i];
                    }
                    float[] left = new float[m * n];
                    float[] right = new float[m * n];
                    Gemm.gemm(Transpose.NONE, Transpose.NONE, m, n, k, 1f, a.data, 0, k, bc, 0, n, 0f, left, 0, n);
                    Gemm.gemm(Transpose.NONE, Transpose.NONE, m, n, k, 1f, a.data, 0, k, b.data, 0, n, 0f, right, 0, n);
                    Gemm.gemm(Transpose.NONE, Transpose.NONE, m, n, k, 1f, a.data, 0, k, c.data, 0, n, 1f, right, 0, n);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double abs = 0;
                            for (int p = 0; p < k; p++) {
                                abs += Math.abs((double) a.get(i, p)) * (Math.abs(b.get(p, j)) + Math.abs(c.get(p, j)));
                            }
                            // Each side within 2(k+2)u, the right side's sum adds one more rounding, B + C one more.
                            double bound = 2 * (2 * (k + 2) + 2) * GemmOracle.U * abs + 1e-37;
                            assertTrue(
                                    Math.abs(left[i * n + j] - right[i * n + j]) <= bound,
                                    "A(B+C) != AB+AC at " + i + "," + j + " m=" + m + " n=" + n + " k=" + k);
                        }
                    }
                });
    }

    @Test
    void betaZeroIgnoresNanInC() {
        for (int[] s : new int[][] {{3, 5, 7}, {40, 37, 300}, {128, 10, 64}}) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            SplittableRandom r = Qt.random(3);
            Mat a = Mat.random(r, m, k, 0, 0);
            Mat b = Mat.random(r, k, n, 0, 0);
            float[] c = new float[m * n];
            java.util.Arrays.fill(c, Float.NaN);
            Gemm.gemm(Transpose.NONE, Transpose.NONE, m, n, k, 1f, a.data, 0, k, b.data, 0, n, 0f, c, 0, n);
            for (float v : c) {
                assertTrue(Float.isFinite(v), "beta = 0 must not read C");
            }
            // alpha = 0: A and B are not read (C = beta C), as in BLAS.
            float[] nanA = new float[m * k];
            java.util.Arrays.fill(nanA, Float.NaN);
            float[] c2 = c.clone();
            Gemm.gemm(Transpose.NONE, Transpose.NONE, m, n, k, 0f, nanA, 0, k, b.data, 0, n, 2f, c2, 0, n);
            for (int i = 0; i < c.length; i++) {
                assertEquals(2f * c[i], c2[i]);
            }
            // NaN in A propagates otherwise.
            a.data[0] = Float.NaN;
            Gemm.gemm(Transpose.NONE, Transpose.NONE, m, n, k, 1f, a.data, 0, k, b.data, 0, n, 0f, c, 0, n);
            assertTrue(Float.isNaN(c[0]) && Float.isNaN(c[n - 1]), "NaN in A row 0 reaches C row 0");
            if (m > 1) {
                assertTrue(Float.isFinite(c[n]), "NaN in A row 0 stays out of C row 1");
            }
        }
    }

    @Test
    void badInputIsRejectedWithShapes() {
        float[] a = new float[6];
        float[] b = new float[6];
        float[] c = new float[4];
        // 2x3 * 3x2 = 2x2 fits.
        Gemm.gemm(Transpose.NONE, Transpose.NONE, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Gemm.gemm(Transpose.NONE, Transpose.NONE, 2, 2, 4, 1f, a, 0, 4, b, 0, 2, 0f, c, 0, 2));
        assertTrue(e.getMessage().contains("2 x 4"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Gemm.gemm(Transpose.NONE, Transpose.NONE, 2, 2, 3, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2));
        assertTrue(e.getMessage().contains("leading dimension 2"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Gemm.gemm(Transpose.NONE, Transpose.NONE, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 1, 2));
        assertTrue(e.getMessage().contains("C (2 x 2"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Gemm.gemm(Transpose.TRANSPOSE, Transpose.NONE, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2));
        assertTrue(e.getMessage().contains("stored transposed"), e.getMessage());
        // wrong only in B (one element short; then a leading dimension below its columns)
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Gemm.gemm(Transpose.NONE, Transpose.NONE, 2, 2, 3, 1f, a, 0, 3, new float[5], 0, 2, 0f, c, 0, 2));
        assertTrue(e.getMessage().contains("op(B) (3 x 2"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Gemm.gemm(Transpose.NONE, Transpose.TRANSPOSE, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2));
        assertTrue(e.getMessage().contains("stored transposed as B"), e.getMessage());
        // wrong only in C (one element short)
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Gemm.gemm(Transpose.NONE, Transpose.NONE, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, new float[3], 0, 2));
        assertTrue(e.getMessage().contains("C (2 x 2)"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Gemm.gemm(Transpose.NONE, Transpose.NONE, -1, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2));
        assertThrows(
                IllegalArgumentException.class,
                () -> Gemm.gemm(Transpose.NONE, Transpose.NONE, 2, 2, 3, 1f, null, 0, 3, b, 0, 2, 0f, c, 0, 2));
        assertThrows(
                IllegalArgumentException.class,
                () -> Gemm.gemm(null, Transpose.NONE, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2));
        assertThrows(
                IllegalArgumentException.class,
                () -> Gemm.gemm(
                        Transpose.NONE,
                        Transpose.NONE,
                        2,
                        2,
                        3,
                        1f,
                        a,
                        0,
                        3,
                        b,
                        0,
                        2,
                        0f,
                        c,
                        0,
                        2,
                        new float[1],
                        0,
                        Activation.RELU,
                        0f));
        assertThrows(
                IllegalArgumentException.class,
                () -> Gemm.dense(a, 0, 2, 3, 3, b, 0, 3, 3, null, 0, Activation.IDENTITY, 0f, c, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> Gemm.columnSums(a, 0, 3, 3, 3, c, 0));
        assertThrows(IllegalArgumentException.class, () -> Gemm.columnSums(a, 0, 2, 3, 3, c, 2));
        assertThrows(IllegalArgumentException.class, () -> Gemm.setParallelism(0));
    }
}
