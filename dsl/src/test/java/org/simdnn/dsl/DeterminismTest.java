package org.simdnn.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.simdnn.core.Gemm;

class DeterminismTest {

    private static final Dataset DATA = Synthetic.blobs(384, 64, 10, 5, 4);

    /** Large enough that the GEMMs (128 x 256 x 256 = 8M multiply-adds) run on several threads when allowed. */
    private static float[][] train(long seed, int threads) {
        int before = Gemm.parallelism();
        try {
            Gemm.setParallelism(threads);
            Network net = Network.builder(64)
                    .dense(256)
                    .batchNorm()
                    .relu()
                    .dense(256)
                    .batchNorm()
                    .relu()
                    .dropout(0.2f)
                    .dense(10)
                    .softmax()
                    .seed(seed)
                    .build();
            net.fit(DATA, new FitOptions().epochs(2).batchSize(128).optimizer(Optimizer.adam(1e-3f)));
            return Tensors.all(net).values().toArray(float[][]::new);
        } finally {
            Gemm.setParallelism(before);
        }
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsForAnyGemmThreadCount() {
        float[][] one = train(42, 1);
        for (int threads : new int[] {2, 3, 4}) {
            float[][] many = train(42, threads);
            for (int i = 0; i < one.length; i++) {
                // assertArrayEquals on floats compares bits (Float.floatToIntBits semantics)
                assertArrayEquals(one[i], many[i], "tensor " + i + " with " + threads + " GEMM threads");
            }
        }
    }

    @Test
    void anotherSeedGivesOtherWeights() {
        assertFalse(Arrays.equals(train(1, 1)[0], train(2, 1)[0]));
    }
}
