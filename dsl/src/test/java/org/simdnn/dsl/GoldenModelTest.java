package org.simdnn.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.simdnn.core.Simdnn;
import org.simdnn.dsl.internal.io.ModelFileFormat;
import org.simdnn.dsl.internal.io.ModelFileReader;

/**
 * The golden model files (version 1 / schema 1, and version 2 / schema 2; committed in {@code src/test/resources/golden/}, made once by
 * {@link GoldenModelGenerator}) must load in every later build and reproduce their recorded predictions: bit for
 * bit on the backend they were recorded on, and within {@value #ABS_TOLERANCE} + {@value #REL_TOLERANCE} x |expected|
 * on another backend or vector width (other GEMM blocking, FMA contraction and activation polynomials round
 * differently). Measured when the files were made (vector-512 recording): no difference on the scalar backend and at
 * 256 bits, at most 2.4e-7 at 128 bits.
 */
class GoldenModelTest {

    static final double ABS_TOLERANCE = 1e-5;
    static final double REL_TOLERANCE = 1e-5;

    /** One recorded predictions file. */
    private record Recorded(String backend, int rows, int inputs, int outputs, float[] x, float[] y) {}

    @ParameterizedTest
    @ValueSource(strings = {"model-v1", "model-v1-mse", "model-v2"})
    void goldenFileLoadsAndReproducesItsPredictions(String name) throws IOException {
        Path file = resource(name + ".simdnn");
        Recorded rec = recorded(resource(name + ".predictions.txt"));
        Network net = Network.load(file);
        assertEquals(rec.inputs(), net.inputCount());
        assertEquals(rec.outputs(), net.outputCount());
        float[] y = net.predict(rec.x(), rec.rows());
        String backend = Simdnn.backend().name();
        if (backend.equals(rec.backend())) {
            assertArrayEquals(
                    bits(rec.y()),
                    bits(y),
                    name + ": predictions on " + backend + " (the recording backend) must be bit-identical");
        } else {
            double worst = 0;
            for (int i = 0; i < y.length; i++) {
                double diff = Math.abs(y[i] - rec.y()[i]);
                worst = Math.max(worst, diff);
                assertTrue(
                        diff <= ABS_TOLERANCE + REL_TOLERANCE * Math.abs(rec.y()[i]),
                        name + ": prediction " + i + " is " + y[i] + " on " + backend + ", recorded " + rec.y()[i]
                                + " on " + rec.backend());
            }
            System.out.println("[GoldenModelTest] " + name + " on " + backend + " (recorded on " + rec.backend()
                    + "): largest difference " + worst);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"model-v1", "model-v1-mse"})
    void version1FileResavesAsSchema2WithIdenticalTensorsAndPredictions(String name, @TempDir Path dir)
            throws IOException {
        Path file = resource(name + ".simdnn");
        ModelFileReader v1 = ModelFileReader.read(file, "model");
        assertEquals(1, v1.formatVersion());
        assertEquals(1, v1.getInt("network.schema"));
        Network loaded = Network.load(file);
        Path again = dir.resolve("again.simdnn");
        loaded.save(again);
        ModelFileReader v2 = ModelFileReader.read(again, "model");
        assertEquals(ModelFileFormat.FORMAT_VERSION, v2.formatVersion());
        assertEquals(2, v2.getInt("network.schema"));
        Network reloaded = Network.load(again);
        Tensors.assertSame(loaded, reloaded);
        assertEquals(loaded.summary(), reloaded.summary());
        Recorded rec = recorded(resource(name + ".predictions.txt"));
        assertArrayEquals(
                bits(loaded.predict(rec.x(), rec.rows())),
                bits(reloaded.predict(rec.x(), rec.rows())),
                name + ": predictions after v1 -> load -> save (schema 2) -> load");
        // every tensor of the v1 file is in the schema-2 file under its name, with the same bits
        for (TensorInfo t : loaded.tensors()) {
            assertArrayEquals(loaded.tensor(t.name()), v2.getFloats("tensor." + t.name()), t.name());
        }
    }

    @Test
    void schema2GoldenFileIsVersion2AndKeysTensorsByName() throws IOException {
        ModelFileReader r = ModelFileReader.read(resource("model-v2.simdnn"), "model");
        assertEquals(2, r.formatVersion());
        assertEquals(2, r.getInt("network.schema"));
        assertTrue(
                r.has("tensor.dense_1.weight")
                        && r.has("tensor.batch_norm_1.running_var")
                        && r.has("layer.tanh_block.type"),
                r.keys().toString());
    }

    /** Regenerates one golden file, only when asked by name (see {@link GoldenModelGenerator}). */
    @Test
    @EnabledIfSystemProperty(named = "simdnn.golden.regenerate", matches = ".+")
    void regenerate() throws IOException {
        String name = System.getProperty("simdnn.golden.regenerate");
        GoldenModelGenerator.generate(
                name, Path.of("src/test/resources/golden"), Boolean.getBoolean("simdnn.golden.overwrite"));
        System.out.println("[GoldenModelTest] regenerated src/test/resources/golden/" + name + ".*");
    }

    /**
     * Re-records the outputs of one predictions file from its unchanged model file and recorded inputs, only when
     * asked by name ({@code -Dsimdnn.golden.rerecordPredictions=model-v1}), for a deliberate change of a kernel's
     * formula: the model file is read, never written, and the largest old-vs-new difference is printed for the
     * commit message.
     */
    @Test
    @EnabledIfSystemProperty(named = "simdnn.golden.rerecordPredictions", matches = ".+")
    void rerecordPredictions() throws IOException {
        String name = System.getProperty("simdnn.golden.rerecordPredictions");
        Path dir = Path.of("src/test/resources/golden");
        Path predictions = dir.resolve(name + ".predictions.txt");
        Recorded rec = recorded(predictions);
        float[] y = Network.load(dir.resolve(name + ".simdnn")).predict(rec.x(), rec.rows());
        double worst = 0;
        for (int i = 0; i < y.length; i++) {
            worst = Math.max(worst, Math.abs((double) y[i] - rec.y()[i]));
        }
        List<String> lines = new ArrayList<>();
        int row = 0;
        for (String line : Files.readAllLines(predictions)) {
            if (line.startsWith("backend ")) {
                lines.add("backend " + Simdnn.backend().name());
            } else if (line.startsWith("output ")) {
                lines.add("output " + GoldenModelGenerator.hex(y, row * rec.outputs(), rec.outputs()));
                row++;
            } else {
                lines.add(line);
            }
        }
        Files.write(predictions, lines);
        System.out.println("[GoldenModelTest] re-recorded the outputs of " + predictions + " on "
                + Simdnn.backend().name() + ": largest old-vs-new difference " + worst);
    }

    private static Path resource(String name) {
        URL url = GoldenModelTest.class.getResource("/golden/" + name);
        if (url == null) {
            throw new IllegalStateException("test resource golden/" + name + " is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Recorded recorded(Path file) throws IOException {
        Map<String, String> header = new HashMap<>();
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.indexOf(' ');
            String key = line.substring(0, space);
            String value = line.substring(space + 1).trim();
            switch (key) {
                case "input" -> inputs.add(value);
                case "output" -> outputs.add(value);
                default -> header.put(key, value);
            }
        }
        int rows = Integer.parseInt(header.get("rows"));
        int in = Integer.parseInt(header.get("inputs"));
        int out = Integer.parseInt(header.get("outputs"));
        return new Recorded(header.get("backend"), rows, in, out, floats(inputs, rows, in), floats(outputs, rows, out));
    }

    private static float[] floats(List<String> lines, int rows, int cols) {
        assertEquals(rows, lines.size());
        float[] v = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            String[] words = lines.get(r).split(" ");
            assertEquals(cols, words.length);
            for (int c = 0; c < cols; c++) {
                v[r * cols + c] = Float.intBitsToFloat(Integer.parseUnsignedInt(words[c], 16));
            }
        }
        return v;
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }
}
