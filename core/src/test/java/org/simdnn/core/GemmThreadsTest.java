package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.simdnn.core.GemmOracle.Mat;

/** Results are bit-identical for 1, 2, 3 and 4 threads (more threads than this machine's cores included). */
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
        // RELU, not TANH: VectorMath's lanewise tanh can differ by an ulp between the interpreter and C2, which
        // is independent of the partition (reported to the activations owner).
        Activation act = q % 2 == 0 ? Activation.IDENTITY : Activation.RELU;
        float[] first = null;
        for (int threads = 1; threads <= 4; threads++) {
          Gemm.setParallelism(threads);
          float[] c = c0.data.clone();
          Gemm.gemm(ta ? Transpose.TRANSPOSE : Transpose.NONE, tb ? Transpose.TRANSPOSE : Transpose.NONE, m, n, k,
              0.5f, a.data, 0, a.ld, b.data, 0, b.ld, 1.25f, c, 0, c0.ld, q % 2 == 0 ? null : bias, 0, act, 0f);
          if (first == null) {
            first = c;
          } else {
            assertArrayEquals(first, c, "threads " + threads + " vs 1, m=" + m + " n=" + n + " k=" + k + " op "
                + (ta ? "T" : "N") + (tb ? "T" : "N"));
          }
        }
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
