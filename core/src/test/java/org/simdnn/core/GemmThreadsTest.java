package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.simdnn.core.GemmOracle.Mat;
import org.simdnn.testkit.Qt;

/**
 * Results are bit-identical for 1, 2, 3 and 4 threads (more threads than this machine's cores included), with
 * every epilogue activation, and concurrent parallel callers do not interfere.
 */
class GemmThreadsTest {
    private final int saved = Gemm.parallelism();

    @AfterEach
    void restore() {
        Gemm.setParallelism(saved);
    }

    @Test
    void bitIdenticalForAnyThreadCount() {
        // All above the single-thread threshold (2^22 multiply-adds), with edge tiles in both directions, the
        // transposed small-N path (n = 10) and the epilogue.
        int[][] shapes = {{213, 157, 131}, {600, 10, 784}, {10, 600, 784}, {61, 520, 160}};
        SplittableRandom r = Qt.random(11);
        int q = 0;
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++, q++) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                Mat a = ta ? Mat.random(r, k, m, 1, 0) : Mat.random(r, m, k, 1, 0);
                Mat b = tb ? Mat.random(r, n, k, 2, 0) : Mat.random(r, k, n, 2, 0);
                Mat c0 = Mat.random(r, m, n, 3, 0);
                float[] bias = Sweep.uniform(r, n, -1, 1);
                // Every activation, TANH/SIGMOID/LECUN_TANH included: VectorMath's rational tanh and polynomial exp use
                // only add/mul/fma/div, so they give the same bits on every JIT tier as well.
                Activation act = Activation.values()[q % Activation.values().length];
                float[] first = null;
                for (int threads = 1; threads <= 4; threads++) {
                    Gemm.setParallelism(threads);
                    float[] c = c0.data.clone();
                    Gemm.gemm(
                            ta ? Transpose.TRANSPOSE : Transpose.NONE,
                            tb ? Transpose.TRANSPOSE : Transpose.NONE,
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
                            1.25f,
                            c,
                            0,
                            c0.ld,
                            q % 2 == 0 ? null : bias,
                            0,
                            act,
                            0f);
                    if (first == null) {
                        first = c;
                    } else {
                        assertArrayEquals(
                                first,
                                c,
                                "threads " + threads + " vs 1, m=" + m + " n=" + n + " k=" + k + " op "
                                        + (ta ? "T" : "N") + (tb ? "T" : "N"));
                    }
                }
            }
        }
    }

    @Test
    void concurrentCallersDoNotInterfere() throws Exception {
        // Several user threads run parallel GEMMs at once (the pool serves one; the others run on their own thread):
        // every result equals the single-threaded one.
        Gemm.setParallelism(3);
        int m = 170;
        int n = 150;
        int k = 200;
        SplittableRandom r = Qt.random(13);
        Mat[] as = new Mat[4];
        Mat[] bs = new Mat[4];
        float[][] expected = new float[4][];
        for (int u = 0; u < 4; u++) {
            as[u] = Mat.random(r, m, k, 0, 0);
            bs[u] = Mat.random(r, u % 2 == 0 ? n : k, u % 2 == 0 ? k : n, 0, 0);
        }
        Gemm.setParallelism(1);
        for (int u = 0; u < 4; u++) {
            expected[u] = new float[m * n];
            Gemm.gemm(
                    Transpose.NONE,
                    u % 2 == 0 ? Transpose.TRANSPOSE : Transpose.NONE,
                    m,
                    n,
                    k,
                    1f,
                    as[u].data,
                    0,
                    k,
                    bs[u].data,
                    0,
                    bs[u].ld,
                    0f,
                    expected[u],
                    0,
                    n);
        }
        Gemm.setParallelism(3);
        Thread[] ts = new Thread[4];
        Throwable[] failure = new Throwable[1];
        for (int u = 0; u < 4; u++) {
            int id = u;
            ts[u] = new Thread(() -> {
                try {
                    for (int rep = 0; rep < 20; rep++) {
                        float[] c = new float[m * n];
                        Gemm.gemm(
                                Transpose.NONE,
                                id % 2 == 0 ? Transpose.TRANSPOSE : Transpose.NONE,
                                m,
                                n,
                                k,
                                1f,
                                as[id].data,
                                0,
                                k,
                                bs[id].data,
                                0,
                                bs[id].ld,
                                0f,
                                c,
                                0,
                                n);
                        assertArrayEquals(expected[id], c, "caller " + id + " repetition " + rep);
                    }
                } catch (Throwable x) {
                    synchronized (failure) {
                        failure[0] = x;
                    }
                }
            });
            ts[u].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        synchronized (failure) {
            if (failure[0] != null) {
                throw new AssertionError(failure[0]);
            }
        }
    }

    @Test
    void multithreadedResultIsCorrect() {
        Gemm.setParallelism(3);
        SplittableRandom r = Qt.random(12);
        GemmOracle.runCase(r, 170, 190, 100, false, true, 1f, 0f, 1);
        GemmOracle.runCase(r, 500, 10, 500, true, false, -0.75f, 1.5f, 0);
    }
}
