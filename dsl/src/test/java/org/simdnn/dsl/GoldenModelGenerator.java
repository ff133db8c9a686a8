package org.simdnn.dsl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.simdnn.core.Simdnn;

/**
 * How the golden model files in {@code dsl/src/test/resources/golden/} were made, and the only way to
 * make them again. {@link GoldenModelTest} loads them and checks the recorded predictions; it never regenerates
 * them. A golden file is regenerated only on purpose, by naming it:
 *
 * <pre>
 * ./mvnw -B -pl core,dsl verify -Dtest=GoldenModelTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dsimdnn.golden.regenerate=model-v1
 * </pre>
 *
 * (the {@code regenerate} test of {@link GoldenModelTest} then calls {@link #generate}; it refuses to replace an
 * existing file unless {@code -Dsimdnn.golden.overwrite=true} is also given). Regenerating a version-1 golden file
 * defeats its purpose (proving that files written by earlier builds still load), so it should only ever happen
 * for a new format version, under a new name ({@code model-v2...}), keeping the old files. A deliberate change of
 * a kernel's formula may instead re-record the outputs of a predictions file from its unchanged model file
 * ({@code -Dtest=GoldenModelTest#rerecordPredictions -Dsimdnn.golden.rerecordPredictions=model-v1}); the model file
 * itself is never rewritten.
 *
 * <p>Each model is trained on the vector backend at the machine's preferred width; the predictions file records
 * the backend so the test knows when bit-identical output is expected.
 */
final class GoldenModelGenerator {

    /** The golden models: file stem to how it is built and trained. */
    static final List<String> NAMES = List.of("model-v1", "model-v1-mse", "model-v2");

    private GoldenModelGenerator() {}

    /**
     * Trains the named golden model and writes {@code <name>.simdnn} and {@code <name>.predictions.txt} to
     * {@code dir}.
     *
     * @param name      one of {@link #NAMES}
     * @param dir       the directory (normally {@code src/test/resources/golden})
     * @param overwrite whether existing files may be replaced
     * @throws IOException if writing fails or a file exists and {@code overwrite} is false
     */
    static void generate(String name, Path dir, boolean overwrite) throws IOException {
        Path model = dir.resolve(name + ".simdnn");
        Path predictions = dir.resolve(name + ".predictions.txt");
        if (!overwrite && (Files.exists(model) || Files.exists(predictions))) {
            throw new IOException(model + " or " + predictions + " exists: golden files are not replaced unless "
                    + "-Dsimdnn.golden.overwrite=true is given (and a v1 golden file should never be replaced)");
        }
        int rows = 7;
        Network net;
        float[] x;
        switch (name) {
            case "model-v1", "model-v2" -> {
                // model-v2: the same network as model-v1, written by the first build with container version 2 and
                // schema 2 (keys by name)
                net = classifier();
                x = blobs(rows, new int[rows], 2026);
            }
            case "model-v1-mse" -> {
                net = regressor();
                x = curve(rows, new float[rows * 2], 2026);
            }
            default -> throw new IllegalArgumentException("unknown golden model '" + name + "', known: " + NAMES);
        }
        float[] y = net.predict(x, rows);
        Files.createDirectories(dir);
        net.save(model);
        List<String> lines = new ArrayList<>();
        lines.add("# Recorded predictions of " + name + ".simdnn on a fixed input (float bits in hex, row by row).");
        lines.add("# Made by GoldenModelGenerator; never edit or regenerate (see its Javadoc).");
        lines.add("backend " + Simdnn.backend().name());
        lines.add("rows " + rows);
        lines.add("inputs " + net.inputCount());
        lines.add("outputs " + net.outputCount());
        for (int r = 0; r < rows; r++) {
            lines.add("input " + hex(x, r * net.inputCount(), net.inputCount()));
        }
        for (int r = 0; r < rows; r++) {
            lines.add("output " + hex(y, r * net.outputCount(), net.outputCount()));
        }
        Files.write(predictions, lines);
    }

    /**
     * Every layer kind at least once: standardize, dense with and without bias, batch norm with and without
     * affine parameters and with custom eps/momentum, every activation, dropout, a named layer, softmax.
     */
    private static Network classifier() {
        Network net = Network.builder(5)
                .standardize()
                .dense(8)
                .batchNorm()
                .relu()
                .dense(6)
                .leakyRelu(0.1f)
                .dense(6)
                .batchNorm(1e-3f, 0.2f, false)
                .tanh()
                .name("tanh_block")
                .dropout(0.25f)
                .dense(5, Init.lecun())
                .sigmoid()
                .dense(4)
                .lecunTanh()
                .dense(4)
                .identity()
                .dense(3)
                .softmax()
                .seed(20260101)
                .build();
        int n = 240;
        int[] labels = new int[n];
        float[] features = blobs(n, labels, 7);
        net.fit(
                Dataset.classification(features, n, 5, labels, 3),
                new FitOptions().epochs(3).batchSize(16).seed(5).optimizer(Optimizer.adam(0.01f)));
        return net;
    }

    /** Three overlapping classes in 5 features of very different scales and offsets (so standardizing matters). */
    private static float[] blobs(int n, int[] labels, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] features = new float[n * 5];
        float[] scale = {1f, 10f, 0.1f, 100f, 3f};
        float[] offset = {0f, -50f, 2f, 1000f, -4f};
        for (int i = 0; i < n; i++) {
            int label = rnd.nextInt(3);
            labels[i] = label;
            for (int f = 0; f < 5; f++) {
                double centre = f % 3 == label ? 1.0 : -0.5;
                features[i * 5 + f] = (float) ((centre + rnd.nextGaussian()) * scale[f] + offset[f]);
            }
        }
        return features;
    }

    /** A linear output with the MSE loss, behind batch norm (affine) and two activations. */
    private static Network regressor() {
        Network net = Network.builder(3)
                .standardize()
                .dense(6)
                .batchNorm()
                .tanh()
                .dense(4)
                .sigmoid()
                .dense(2)
                .mse()
                .seed(99)
                .build();
        int n = 200;
        float[] targets = new float[n * 2];
        float[] features = curve(n, targets, 8);
        net.fit(
                Dataset.regression(features, n, 3, targets, 2),
                new FitOptions()
                        .epochs(4)
                        .batchSize(20)
                        .seed(6)
                        .optimizer(Optimizer.sgd(0.05f).momentum(0.9f)));
        return net;
    }

    /** Two smooth targets of three features. */
    private static float[] curve(int n, float[] targets, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] features = new float[n * 3];
        for (int i = 0; i < n; i++) {
            double a = rnd.nextDouble(-2, 2);
            double b = rnd.nextDouble(-1, 1) * 50 + 10;
            double c = rnd.nextDouble(0, 1);
            features[i * 3] = (float) a;
            features[i * 3 + 1] = (float) b;
            features[i * 3 + 2] = (float) c;
            targets[i * 2] = (float) (Math.sin(a) + 0.01 * b);
            targets[i * 2 + 1] = (float) (c * c - 0.5 * a);
        }
        return features;
    }

    static String hex(float[] v, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.append(i == 0 ? "" : " ")
                    .append(String.format(Locale.ROOT, "%08x", Float.floatToRawIntBits(v[off + i])));
        }
        return sb.toString();
    }
}
