package org.simdnn.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simdnn.core.Standardizer;
import org.simdnn.dsl.data.CsvReader;

/**
 * A network with {@code standardize()} saves what {@code Standardizer.fit} made of its training data, and that
 * file loads again and predicts bit-identically, however extreme the features: constants far from zero (1e30, as in
 * the report that a trained model failed to load with {@code std[0] = Infinity}), {@code +-3e38}, spreads too small
 * for a reciprocal, values of every exponent.
 */
class StandardizedSaveLoadTest {

    @TempDir
    Path dir;

    private static Network net(int features) {
        return Network.builder(features)
                .standardize()
                .dense(6)
                .batchNorm()
                .relu()
                .dense(2)
                .softmax()
                .seed(3)
                .build();
    }

    private void roundTrip(Network net, Dataset data, String ctx) throws IOException {
        net.fit(data, new FitOptions().epochs(1).batchSize(16).optimizer(Optimizer.sgd(0.01f)));
        Standardizer fitted = net.standardizer();
        assertNotNull(fitted, ctx);
        Path file = dir.resolve("model.simdnn");
        net.save(file);
        Network back = Network.load(file);
        assertArrayEquals(fitted.mean(), back.standardizer().mean(), ctx);
        assertArrayEquals(fitted.std(), back.standardizer().std(), ctx);
        assertArrayEquals(net.predict(data.features(), data.size()), back.predict(data.features(), data.size()), ctx);
        assertEquals(net.evaluate(data).loss(), back.evaluate(data).loss(), 0.0, ctx);
    }

    @Test
    void aCsvWhoseFirstFeatureIsTheConstant1e30() throws IOException {
        StringBuilder csv = new StringBuilder("big,small,label\n");
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 64; i++) {
            csv.append("1e30,")
                    .append(r.nextDouble(-1, 1))
                    .append(',')
                    .append(i % 2)
                    .append('\n');
        }
        Path file = dir.resolve("data.csv");
        Files.writeString(file, csv);
        Dataset data = new CsvReader().readClassification(file);
        roundTrip(net(2), data, "1e30 CSV");
    }

    /** One feature column of a random kind; each keeps the standardized values finite, so training can run. */
    private static void feature(SplittableRandom r, float[] x, int rows, int cols, int c) {
        float constant = switch (r.nextInt(3)) {
            case 0 -> 1e30f;
            case 1 -> r.nextBoolean() ? 3e38f : -Float.MAX_VALUE;
            default -> Math.scalb((float) r.nextDouble(-2, 2), r.nextInt(-149, 127));
        };
        int kind = r.nextInt(6);
        for (int i = 0; i < rows; i++) {
            x[i * cols + c] = switch (kind) {
                case 0 -> constant;
                case 1 -> i % 2 == 0 ? 3e38f : -3e38f;
                case 2 -> i % 2 == 0 ? Float.MAX_VALUE : -Float.MAX_VALUE;
                case 3 -> i % 2 == 0 ? 0f : Float.MIN_VALUE;
                case 4 -> (float) (constant * (1 + r.nextDouble(-1e-3, 1e-3)) / 2);
                default -> (float) r.nextDouble(-3, 3);
            };
        }
    }

    @Test
    void randomFitOutcomesWithExtremeFeaturesSaveAndLoad() throws IOException {
        SplittableRandom r = new SplittableRandom(20261207L);
        for (int trial = 0; trial < 25; trial++) {
            int rows = 2 + r.nextInt(70);
            int cols = 1 + r.nextInt(12);
            float[] x = new float[rows * cols];
            for (int c = 0; c < cols; c++) {
                feature(r, x, rows, cols, c);
            }
            int[] labels = new int[rows];
            for (int i = 0; i < rows; i++) {
                labels[i] = i % 2;
            }
            roundTrip(
                    net(cols),
                    Dataset.classification(x, rows, cols, labels, 2),
                    "trial " + trial + ": " + rows + " x " + cols);
        }
    }
}
