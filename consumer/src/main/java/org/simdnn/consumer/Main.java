package org.simdnn.consumer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.simdnn.core.Activation;
import org.simdnn.core.Simdnn;
import org.simdnn.dsl.Dataset;
import org.simdnn.dsl.FitOptions;
import org.simdnn.dsl.Network;
import org.simdnn.dsl.Optimizer;

/**
 * Trains a small batch-normalized classifier on two Gaussian blobs, saves and reloads it, and prints one line:
 * {@code consumer ok: backend=..., accuracy=..., module=...}. Uses a core type ({@link Activation}) and
 * {@link Simdnn#backend()} to prove core is readable through the dsl.
 */
public final class Main {

    private Main() {}

    /**
     * @param args none
     * @throws Exception on any failure (the test sees a non-zero exit)
     */
    public static void main(String[] args) throws Exception {
        SplittableRandom r = new SplittableRandom(7);
        int n = 400;
        float[] x = new float[n * 4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int j = 0; j < 4; j++) {
                x[i * 4 + j] = (float) (r.nextGaussian() + (y[i] == 1 ? 1.5 : -1.5));
            }
        }
        Dataset data = Dataset.classification(x, n, 4, y, 2);
        Network net = Network.builder(4)
                .standardize()
                .dense(16)
                .batchNorm()
                .relu()
                .dense(2)
                .softmax()
                .seed(1)
                .build();
        net.fit(
                data,
                new FitOptions()
                        .epochs(5)
                        .batchSize(32)
                        .optimizer(Optimizer.sgd(0.1f).momentum(0.9f)));
        Path file = Files.createTempFile("consumer", ".simdnn");
        try {
            net.save(file);
            double accuracy = Network.load(file).evaluate(data).accuracy();
            if (accuracy < 0.9) {
                throw new IllegalStateException("accuracy " + accuracy + " on separable blobs");
            }
            String module =
                    Main.class.getModule().isNamed() ? Main.class.getModule().getName() : "unnamed";
            System.out.println("consumer ok: backend=" + Simdnn.backend().name() + ", activation=" + Activation.RELU
                    + ", accuracy=" + accuracy + ", module=" + module);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
