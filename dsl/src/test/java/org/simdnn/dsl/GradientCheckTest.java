package org.simdnn.dsl;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.simdnn.testkit.Qt;

/**
 * Whole-network gradient check: for random architectures (depth 1-4 hidden blocks, widths 1-17, every activation,
 * with and without batch norm, with and without dropout, both losses), the analytic float gradients of every
 * parameter match central differences of the double-precision reference forward within
 * {@link GradientCheck#DEFAULT_TOLERANCE} (relative error with a per-tensor floor; see GradientCheck).
 */
class GradientCheckTest {

    /** Examples whose ReLU inputs come within this distance of the kink are inconclusive and skipped. */
    private static final double KINK = 1e-5;

    record Case(Network network, Dataset batch, String description) {}

    static Case randomCase(long seed) {
        return randomCase(seed, false);
    }

    /**
     * @param seed    the example's seed
     * @param extreme whether hyper-parameters may take extreme but valid values (eps up to 2, momentum 0 or 1,
     *                leaky slopes up to 100, dropout up to 0.95, unusual layer names, standardize, maxBatch)
     */
    static Case randomCase(long seed, boolean extreme) {
        SplittableRandom r = new SplittableRandom(seed);
        int inputs = 1 + r.nextInt(17);
        int depth = 1 + r.nextInt(4);
        boolean classification = r.nextBoolean();
        int outputs = classification ? 2 + r.nextInt(16) : 1 + r.nextInt(17);
        NetworkBuilder b = Network.builder(inputs).seed(r.nextLong()).fused(r.nextBoolean());
        if (extreme && r.nextBoolean()) {
            b.standardize();
        }
        if (extreme && r.nextBoolean()) {
            b.maxBatch(4 + r.nextInt(64));
        }
        boolean anyBatchNorm = false;
        StringBuilder d = new StringBuilder("inputs " + inputs);
        for (int i = 0; i < depth; i++) {
            int width = 1 + r.nextInt(17);
            b.dense(width);
            d.append(" -> dense(").append(width).append(')');
            if (r.nextBoolean()) {
                boolean affine = r.nextInt(4) != 0;
                float eps = extreme ? new float[] {1e-5f, 2f, 1e-30f, 0.5f}[r.nextInt(4)] : 1e-5f;
                float momentum = extreme ? new float[] {0f, 0.1f, 1f}[r.nextInt(3)] : 0.1f;
                b.batchNorm(eps, momentum, affine);
                anyBatchNorm = true;
                d.append(affine ? " -> bn" : " -> bn(no affine)");
            }
            switch (r.nextInt(6)) {
                case 0 -> b.relu();
                case 1 -> b.leakyRelu(extreme && r.nextBoolean() ? 100f * r.nextFloat() : 0.01f + r.nextFloat() * 0.3f);
                case 2 -> b.tanh();
                case 3 -> b.sigmoid();
                case 4 -> b.lecunTanh();
                default -> b.identity();
            }
            d.append(" -> ").append(b.lastKind());
            if (extreme && r.nextInt(3) == 0) {
                // any non-blank name of up to 256 characters: dots, spaces, non-ASCII, the longest
                String[] names = {"a.b" + i, "layer " + i, "\u00e9\u4e2d\ud83d\ude00_" + i, "x".repeat(255) + i % 10};
                b.name(names[r.nextInt(names.length)]);
            }
            if (r.nextInt(4) == 0) {
                float rate = r.nextFloat() * (extreme ? 0.95f : 0.5f);
                b.dropout(rate);
                d.append(" -> dropout(").append(rate).append(')');
            }
        }
        b.dense(outputs);
        if (classification) {
            b.softmax();
        } else {
            b.mse();
        }
        d.append(" -> dense(").append(outputs).append(classification ? ") -> softmax" : ") -> mse");
        // Batch norm over 2 or 3 rows is degenerate (2 rows normalize to exactly -1 and +1 whatever the input), its
        // gradients are pure float noise: such batches are legal but not a meaningful gradient check.
        int rows = anyBatchNorm ? 4 + r.nextInt(13) : 2 + r.nextInt(15);
        float[] x = new float[rows * inputs];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        Dataset batch;
        if (classification) {
            int[] y = new int[rows];
            for (int i = 0; i < rows; i++) {
                y[i] = r.nextInt(outputs);
            }
            batch = Dataset.classification(x, rows, inputs, y, outputs);
        } else {
            float[] t = new float[rows * outputs];
            for (int i = 0; i < t.length; i++) {
                t[i] = (float) r.nextGaussian();
            }
            batch = Dataset.regression(x, rows, inputs, t, outputs);
        }
        return new Case(b.build(), batch, d + ", batch " + rows);
    }

    @Test
    void analyticGradientsMatchDoublePrecisionFiniteDifferences() {
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        Qt.qt().forAll(longs().all()).checkAssert(seed -> {
            Case c = randomCase(seed);
            GradientCheck.Result result = GradientCheck.check(c.network(), c.batch(), 40, seed);
            ran.incrementAndGet();
            if (result.nearestKink() < KINK) {
                skipped.incrementAndGet();
                return;
            }
            assertTrue(result.passed(), () -> c.description() + ": " + result);
        });
        assertTrue(skipped.get() * 5 <= ran.get(), skipped + " of " + ran + " examples were inconclusive (kinks)");
    }

    @Test
    void checkLeavesTheNetworkUnchanged() {
        // batch norm: the check's training-mode forward must not leave its batch in the running statistics
        Network net = Network.builder(4)
                .dense(6)
                .batchNorm()
                .tanh()
                .dense(3)
                .softmax()
                .seed(5)
                .build();
        Dataset batch = Synthetic.blobs(8, 4, 3, 2.0, 9);
        float[] before = net.predict(batch.features(), batch.size());
        GradientCheck.Result result = GradientCheck.check(net, batch);
        assertTrue(result.passed(), result.toString());
        // 4*6 weights + 6 gamma + 6 beta + 6*3 weights + 3 biases (the first dense has no bias: batch norm follows)
        org.junit.jupiter.api.Assertions.assertEquals(24 + 6 + 6 + 18 + 3, result.checked());
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, net.predict(batch.features(), batch.size()));
    }

    @Test
    void ciExampleFromTheJavadocPassesAndChecksTheRequestedEntries() {
        // the class Javadoc's example, on a stand-in for the user's training data
        Dataset trainingData = Synthetic.blobs(200, 20, 4, 3.0, 12);
        Network net = Network.builder(20)
                .dense(32)
                .batchNorm()
                .relu()
                .dense(4)
                .softmax()
                .seed(1)
                .build();
        GradientCheck.Result r = GradientCheck.check(net, trainingData.subset(0, 32), 50, 7L);
        assertTrue(r.passed() || r.nearestKink() < 1e-5, r.toString());
        // at most 50 entries from each of weight 1 (640), gamma (32), beta (32), weight 2 (128), bias 2 (4)
        org.junit.jupiter.api.Assertions.assertEquals(50 + 32 + 32 + 50 + 4, r.checked());
    }
}
