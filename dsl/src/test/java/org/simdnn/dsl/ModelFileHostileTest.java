package org.simdnn.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simdnn.dsl.internal.io.ModelFileBytes;
import org.simdnn.dsl.internal.io.ModelFileFormat;
import org.simdnn.testkit.Qt;

/**
 * Hostile model files given to {@link Network#load}: a small saved model truncated at every byte offset, with
 * random byte flips (with and without a recomputed checksum, so the model's own validation is reached), and with
 * every header and layer-spec entry set to absurd values (2^31 - 1 units, negative counts, NaN eps, wrong array
 * lengths, unknown names) under a recomputed checksum. Every case must be refused with an {@link IOException} or
 * {@link IllegalArgumentException} carrying a one-line reason, or (for changes that leave a meaningful model, such
 * as one weight changed) load a complete network that predicts; never an {@link OutOfMemoryError}, another
 * exception, or a network that fails later.
 *
 * <p>Runs in the {@code hostile-small-heap} surefire execution ({@code -Xmx64m}, dsl/pom.xml).
 */
class ModelFileHostileTest {

    private static final int ROWS = 5;
    private static byte[] good;
    private static byte[] checkpoint;
    /** The same architecture trained otherwise (one epoch, another seed). */
    private static byte[] other;

    private static Dataset data;
    private static float[] x;
    private static float[] y;

    @TempDir
    static Path dir;

    /** What loading a hostile file did. */
    private enum Outcome {
        REFUSED,
        LOADED
    }

    @BeforeAll
    static void saveASmallModel() throws IOException {
        long maxHeap = Runtime.getRuntime().maxMemory();
        if (Boolean.getBoolean("simdnn.test.smallHeap")) {
            assertTrue(
                    maxHeap <= 96L << 20,
                    "the hostile-small-heap run must have a heap of at most 96 MiB, it has " + (maxHeap >> 20)
                            + " MiB");
        } else {
            System.out.println("[ModelFileHostileTest] heap " + (maxHeap >> 20)
                    + " MiB: not the small-heap run, OutOfMemoryError risks are not exercised here");
        }
        SplittableRandom rnd = new SplittableRandom(4);
        int n = 40;
        float[] features = new float[n * 3];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int f = 0; f < 3; f++) {
                features[i * 3 + f] = (float) (rnd.nextGaussian() + (labels[i] == 1 ? 1.5 : -1.5) + f * 10);
            }
        }
        data = Dataset.classification(features, n, 3, labels, 2);
        Network net = small();
        Path checkpointFile = dir.resolve("small.checkpoint");
        net.fit(data, fitOptions().checkpoint(checkpointFile));
        Path file = dir.resolve("small.simdnn");
        net.save(file);
        good = Files.readAllBytes(file);
        checkpoint = Files.readAllBytes(checkpointFile);
        x = Arrays.copyOf(features, ROWS * 3);
        y = net.predict(x, ROWS);
        Network otherNet = small();
        otherNet.fit(data, new FitOptions().epochs(1).batchSize(8).seed(1));
        Path otherFile = dir.resolve("other.simdnn");
        otherNet.save(otherFile);
        other = Files.readAllBytes(otherFile);
    }

    /** Every kind of layer that carries data in the file: standardizer, dense with and without bias, BN, dropout. */
    private static Network small() {
        return Network.builder(3)
                .standardize()
                .dense(4)
                .batchNorm()
                .relu()
                .dense(3)
                .leakyRelu(0.05f)
                .dropout(0.2f)
                .dense(2)
                .softmax()
                .seed(3)
                .build();
    }

    private static FitOptions fitOptions() {
        return new FitOptions().epochs(2).batchSize(8).seed(9).optimizer(Optimizer.adam(0.01f));
    }

    @Test
    void theUnharmedFileLoadsAndPredictsBitIdentically() throws IOException {
        assertEquals(Outcome.LOADED, load(good, "the unharmed file"));
        assertArrayEquals(y, Network.load(write(good)).predict(x, ROWS));
    }

    @Test
    void truncationAtEveryOffsetIsRefused() throws IOException {
        for (int length = 0; length < good.length; length++) {
            assertEquals(Outcome.REFUSED, load(Arrays.copyOf(good, length), "truncated to " + length + " bytes"));
        }
    }

    @Test
    void truncationWithARecomputedChecksumIsRefused() throws IOException {
        for (int length = 0; length < good.length - 4; length++) {
            assertEquals(
                    Outcome.REFUSED,
                    load(
                            ModelFileBytes.prefixWithChecksum(good, length),
                            "body cut at " + length + " bytes, checksum recomputed"));
        }
    }

    @Test
    void randomByteFlipsAreRefused() throws IOException {
        SplittableRandom rnd = Qt.random(21);
        for (int trial = 0; trial < 500; trial++) {
            byte[] bad = good.clone();
            int at = rnd.nextInt(bad.length);
            bad[at] ^= (byte) (1 + rnd.nextInt(255));
            assertEquals(Outcome.REFUSED, load(bad, "byte " + at + " flipped (QT_SEED=" + Qt.SEED + ")"));
        }
    }

    @Test
    void randomByteFlipsWithARecomputedChecksumAreRefusedOrLoadWhole() throws IOException {
        SplittableRandom rnd = Qt.random(22);
        int refused = 0;
        int trials = 1500;
        for (int trial = 0; trial < trials; trial++) {
            byte[] bad = good.clone();
            int at = rnd.nextInt(bad.length - ModelFileFormat.MAGIC.length - 4) + ModelFileFormat.MAGIC.length;
            bad[at] ^= (byte) (1 << rnd.nextInt(8));
            if (load(
                            ModelFileBytes.withChecksum(bad),
                            "bit flipped in byte " + at + ", checksum recomputed (QT_SEED=" + Qt.SEED + ")")
                    == Outcome.REFUSED) {
                refused++;
            }
        }
        assertTrue(refused > 0 && refused < trials, refused + " of " + trials + " refused");
    }

    @Test
    void absurdValuesInEveryEntryAreRefusedAndSaneOnesLoad() throws IOException {
        absurdValuesIn(good);
    }

    /** The same for a schema-1 file, as earlier builds wrote them (keys by layer index). */
    @Test
    void absurdValuesInEveryEntryOfASchema1FileAreRefusedAndSaneOnesLoad() throws IOException, URISyntaxException {
        absurdValuesIn(Files.readAllBytes(Path.of(ModelFileHostileTest.class
                .getResource("/golden/model-v1-mse.simdnn")
                .toURI())));
    }

    private static void absurdValuesIn(byte[] good) throws IOException {
        List<ModelFileBytes.Item> items = ModelFileBytes.items(good, "model");
        java.util.Map<String, Object> entries = new java.util.HashMap<>();
        for (ModelFileBytes.Item item : items) {
            entries.put(item.key(), item.value());
        }
        int cases = 0;
        for (int i = 0; i < items.size(); i++) {
            ModelFileBytes.Item item = items.get(i);
            for (Object value : replacements(item.value())) {
                List<ModelFileBytes.Item> changed = new ArrayList<>(items);
                changed.set(i, item.with(value));
                String what = item.key() + " = " + show(value);
                Outcome outcome = load(ModelFileBytes.file("model", changed), what);
                Outcome expected = expected(entries, item.key(), item.value(), value);
                if (expected != null) {
                    assertEquals(expected, outcome, what);
                }
                cases++;
            }
        }
        assertTrue(cases > 100, cases + " cases");
    }

    /**
     * A 3 KB file declaring {@code maxBatch} = 2^24 (the largest the loader accepts) loads, and {@code predict} on
     * a few rows must not size its workspace for 2^24 rows (gigabytes: an OutOfMemoryError in this heap). It did
     * once; workspaces are now sized by the rows actually used.
     */
    @Test
    void aHugeDeclaredMaxBatchDoesNotExhaustTheHeap() throws IOException {
        List<ModelFileBytes.Item> items = new ArrayList<>(ModelFileBytes.items(good, "model"));
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).key().equals("network.maxBatch")) {
                items.set(i, items.get(i).with(1 << 24));
            }
        }
        load(ModelFileBytes.file("model", items), "network.maxBatch = 2^24");
    }

    @Test
    void everyEntryIsRequired() throws IOException {
        List<ModelFileBytes.Item> items = ModelFileBytes.items(good, "model");
        for (int i = 0; i < items.size(); i++) {
            List<ModelFileBytes.Item> fewer = new ArrayList<>(items);
            ModelFileBytes.Item removed = fewer.remove(i);
            assertEquals(Outcome.REFUSED, load(ModelFileBytes.file("model", fewer), "without " + removed.key()));
        }
    }

    @Test
    void aCheckpointIsNotAModelAndAModelIsNotACheckpoint() throws IOException {
        Path path = write(checkpoint);
        IOException e = assertThrows(IOException.class, () -> Network.load(path));
        assertEquals(path + ": holds a 'checkpoint', expected a 'model' file", e.getMessage());
        Path model = write(good);
        Network net = small();
        var u = assertThrows(
                UncheckedIOException.class, () -> net.fit(data, fitOptions().resumeFrom(model)));
        assertTrue(u.getMessage().endsWith(model + ": holds a 'model', expected a 'checkpoint' file"), u.getMessage());
    }

    @Test
    void truncatedCheckpointsAreRefusedAndLeaveTheNetworkUnchanged() throws IOException {
        Network net = small();
        net.fit(data, new FitOptions().epochs(1).batchSize(8).seed(1));
        float[] before = net.predict(x, ROWS);
        for (int length = 0; length < checkpoint.length - 4; length += 3) {
            resumeMustFail(
                    net,
                    ModelFileBytes.prefixWithChecksum(checkpoint, length),
                    before,
                    "checkpoint body cut at " + length + " bytes, checksum recomputed");
        }
    }

    @Test
    void absurdCheckpointEntriesAreRefusedOrResumeWhole() throws IOException {
        Network net = small();
        net.fit(data, new FitOptions().epochs(1).batchSize(8).seed(1));
        float[] before = net.predict(x, ROWS);
        List<ModelFileBytes.Item> items = ModelFileBytes.items(checkpoint, "checkpoint");
        int refused = 0;
        for (int i = 0; i < items.size(); i++) {
            ModelFileBytes.Item item = items.get(i);
            if (!item.key().startsWith("fit.") && !item.key().startsWith("optimizer.")) {
                continue; // the model part is covered above
            }
            for (Object value : replacements(item.value())) {
                List<ModelFileBytes.Item> changed = new ArrayList<>(items);
                changed.set(i, item.with(value));
                // trained otherwise: its weights differ from the checkpoint's, so a partial restore would show
                Network fresh = Network.load(write(other));
                float[] untrained = fresh.predict(x, ROWS);
                byte[] file = ModelFileBytes.file("checkpoint", changed);
                String what = item.key() + " = " + show(value);
                if (resume(fresh, file, what)) {
                    assertEquals(ROWS * 2, fresh.predict(x, ROWS).length, what);
                } else {
                    refused++;
                    assertArrayEquals(
                            untrained, fresh.predict(x, ROWS), what + ": a refused checkpoint changed the network");
                }
            }
        }
        assertTrue(refused > 0);
        resumeMustFail(net, ModelFileBytes.withInt(checkpoint, 8, 3), before, "version 3");
    }

    private static void resumeMustFail(Network net, byte[] file, float[] before, String what) throws IOException {
        assertTrue(!resume(net, file, what), what + ": resumed");
        assertArrayEquals(before, net.predict(x, ROWS), what + ": a refused checkpoint changed the network");
    }

    /** Resumes a fit from {@code file}: true if it ran, false if refused with a reason; fails on anything else. */
    private static boolean resume(Network net, byte[] file, String what) throws IOException {
        Path path = dir.resolve("hostile.checkpoint");
        Files.write(path, file);
        try {
            net.fit(data, fitOptions().resumeFrom(path));
            return true;
        } catch (UncheckedIOException | IllegalArgumentException e) {
            String m = e.getMessage();
            if (m == null || m.isBlank() || m.contains("\n")) {
                fail(what + ": refused without a one-line reason: " + e);
            }
            return false;
        } catch (Throwable t) {
            throw new AssertionError(
                    what + ": " + t + " instead of an UncheckedIOException or " + "IllegalArgumentException", t);
        }
    }

    /** Replacement values for an entry, by its type: limits, signs, NaN, wrong lengths, unknown names. */
    private static List<Object> replacements(Object value) {
        return switch (value) {
            case Integer v ->
                List.of(-1, 0, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 30, 1 << 24, 1 << 20, v + 1, v - 1);
            case Long v -> List.of(-1L, Long.MIN_VALUE, Long.MAX_VALUE, v + 1);
            case Float v ->
                List.of(
                        Float.NaN,
                        Float.POSITIVE_INFINITY,
                        Float.NEGATIVE_INFINITY,
                        -1f,
                        0f,
                        1e30f,
                        -v,
                        Float.MIN_VALUE);
            case Double v -> List.of(Double.NaN, Double.POSITIVE_INFINITY, -1.0, 0.0, 1e300);
            case Boolean v -> List.of(!v);
            case String v -> List.of("", " ", "bogus", v + "x", "x".repeat(300));
            case int[] v -> List.of(new int[0], Arrays.copyOf(v, v.length + 1));
            case long[] v -> List.of(new long[0], Arrays.copyOf(v, v.length + 1));
            case float[] v ->
                List.of(
                        new float[0],
                        Arrays.copyOf(v, v.length + 1),
                        Arrays.copyOf(v, Math.max(0, v.length - 1)),
                        filled(v.length, Float.NaN),
                        filled(v.length, Float.NEGATIVE_INFINITY),
                        new float[1 << 20],
                        negated(v));
            default -> throw new IllegalStateException("unexpected value class " + value.getClass());
        };
    }

    /**
     * What loading must do when {@code key} is changed from {@code original} to {@code value}, by the model schema
     * (ModelCodec, docs/MODEL-FORMAT.md): LOADED for values that still describe a valid model, REFUSED for all
     * others, or null where either is defensible.
     */
    private static Outcome expected(java.util.Map<String, Object> entries, String key, Object original, Object value) {
        if (value.equals(original)) {
            return Outcome.LOADED;
        }
        if (key.equals("network.seed") || key.equals("network.fused")) {
            return Outcome.LOADED;
        }
        if (key.equals("network.maxBatch")) {
            return loadsIf((int) value >= 0 && (int) value <= 1 << 24);
        }
        if (key.endsWith(".affine")) {
            // true -> false leaves gamma/beta entries unused: refusing them would be stricter, loading is allowed
            return (boolean) value ? Outcome.REFUSED : null;
        }
        if (value instanceof String s && key.endsWith(".name")) {
            return loadsIf(!s.isBlank() && s.length() <= 256);
        }
        if (value instanceof Float f) {
            float v = f;
            if (key.endsWith(".eps")) {
                return loadsIf(v > 0 && Float.isFinite(v));
            } else if (key.endsWith(".momentum")) {
                return loadsIf(v >= 0 && v <= 1);
            } else if (key.endsWith(".slope")) {
                // only leaky ReLU has a slope
                String activation =
                        (String) entries.get(key.substring(0, key.length() - "slope".length()) + "activation");
                return loadsIf(v >= 0 && Float.isFinite(v) && ("LEAKY_RELU".equals(activation) || v == 0f));
            } else if (key.endsWith(".rate")) {
                return loadsIf(v >= 0 && v < 1);
            }
        }
        if (value instanceof float[] v) {
            boolean sameShape = v.length == ((float[]) original).length && allAtLeast(v, Float.NEGATIVE_INFINITY);
            if (key.endsWith(".runningVar") || key.endsWith(".running_var")) {
                return loadsIf(sameShape && allAtLeast(v, 0f));
            } else if (key.equals("standardizer.std")) {
                return loadsIf(sameShape && allAtLeast(v, Float.MIN_VALUE));
            }
            return loadsIf(sameShape);
        }
        // counts, sizes, types, activations, losses, the schema, hasBias, standardize: any change is invalid
        return Outcome.REFUSED;
    }

    private static Outcome loadsIf(boolean valid) {
        return valid ? Outcome.LOADED : Outcome.REFUSED;
    }

    /** Whether every value is finite and at least {@code min}. */
    private static boolean allAtLeast(float[] v, float min) {
        for (float f : v) {
            if (!Float.isFinite(f) || f < min) {
                return false;
            }
        }
        return true;
    }

    /**
     * Loads {@code file}; returns REFUSED for an IOException or IllegalArgumentException with a one-line reason,
     * LOADED for a network that is whole (predicts the right number of values); fails on anything else.
     */
    private static Outcome load(byte[] file, String what) throws IOException {
        Path path = write(file);
        Network net;
        try {
            net = Network.load(path);
        } catch (IOException | IllegalArgumentException e) {
            String m = e.getMessage();
            if (m == null || m.isBlank() || m.contains("\n")) {
                fail(what + ": refused without a one-line reason: " + e);
            }
            return Outcome.REFUSED;
        } catch (Throwable t) {
            throw new AssertionError(what + ": " + t + " instead of an IOException or IllegalArgumentException", t);
        }
        try {
            float[] p = net.predict(Arrays.copyOf(x, ROWS * net.inputCount()), ROWS);
            assertEquals(ROWS * net.outputCount(), p.length, what);
        } catch (Throwable t) {
            throw new AssertionError(what + ": loaded, but the network is not whole: " + t, t);
        }
        return Outcome.LOADED;
    }

    private static Path write(byte[] file) throws IOException {
        Path path = dir.resolve("hostile.simdnn");
        Files.write(path, file);
        return path;
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    private static float[] negated(float[] v) {
        float[] a = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            a[i] = -v[i];
        }
        return a;
    }

    private static String show(Object v) {
        return switch (v) {
            case int[] a -> "int[" + a.length + "]" + (a.length <= 8 ? Arrays.toString(a) : "");
            case long[] a -> "long[" + a.length + "]";
            case float[] a -> "float[" + a.length + "]" + (a.length > 0 ? " starting " + a[0] : "");
            case String s -> "\"" + (s.length() > 20 ? s.substring(0, 20) + "..." : s) + "\"";
            default -> String.valueOf(v);
        };
    }
}
