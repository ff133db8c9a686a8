package org.simdnn.dsl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.simdnn.core.Standardizer;
import org.simdnn.dsl.internal.io.ModelFileReader;
import org.simdnn.dsl.internal.io.ModelFileWriter;
import org.simdnn.dsl.internal.plan.Architecture;
import org.simdnn.dsl.internal.plan.Layer;
import org.simdnn.dsl.internal.plan.LayerAttributes;
import org.simdnn.dsl.internal.plan.LayerKinds;
import org.simdnn.dsl.internal.plan.ModelState;
import org.simdnn.dsl.internal.plan.Tensor;
import org.simdnn.dsl.internal.plan.TensorSpec;

/**
 * The network schema inside the model-file container ({@code docs/MODEL-FORMAT.md} describes both). This build
 * writes schema {@value #SCHEMA}, every key by name:
 * <pre>
 * network.schema       int      2
 * network.inputShape   int[]    one sample's dimensions, e.g. [784]
 * network.layers       int      layer count, 1..{@value #MAX_LAYERS}
 * network.layer.N      string   the name of layer N (N = 0..layers-1): the order
 * network.seed         long     builder seed
 * network.fused        boolean  fused plan
 * network.maxBatch     int      declared max batch (0 = none), 0..2^24
 * network.standardize  boolean  inputs are standardized
 * standardizer.mean    float[inputs]   present once fitted
 * standardizer.std     float[inputs]
 * layer.NAME.type      string   the layer kind's file type (dense, batch_norm, activation, dropout, output)
 * layer.NAME.ATTR      ...      the kind's attributes (see each kind's writeAttributes)
 * tensor.NAME.TENSOR   float[]  every tensor of the layer, e.g. tensor.dense_1.weight, tensor.batch_norm_1.running_var
 * </pre>
 * A checkpoint (kind {@code checkpoint}) holds the same keys plus {@code fit.nextEpoch} int, {@code fit.seed} long,
 * {@code fit.optimizerSteps} long, {@code fit.optimizer} string (SGD | ADAM), {@code fit.history} long[7 * epochs]
 * (raw double bits of each {@link EpochStats}' values) and {@code optimizer.TENSOR.first} (and for Adam
 * {@code .second}) float[] by tensor name.
 *
 * <p>Schema 1 (written before) keys layers by index ({@code layer.N.type}, {@code layer.N.name}, the same
 * attribute names, tensors as {@code layer.N.weight}, {@code layer.N.runningVar}, ...) and optimizer state by
 * position ({@code optimizer.P.first}); it is still read. Loading checks every header field, runs each layer's own
 * validation and the whole-stack rules before allocating anything sized by them; every tensor must have exactly
 * the length its layer implies and hold finite values (variances {@code >= 0}); a network is returned only when
 * complete. Optional keys added later within schema 2 are absent in older files and mean the old behaviour.
 */
final class ModelCodec {

    static final int SCHEMA = 2;
    static final int MAX_LAYERS = 1024;
    static final String MODEL = "model";
    static final String CHECKPOINT = "checkpoint";
    private static final int HISTORY_FIELDS = 7;

    private ModelCodec() {}

    /** A fully validated model read from a file, not yet turned into a network. */
    record Loaded(
            Architecture architecture,
            long seed,
            boolean fused,
            int maxBatch,
            boolean standardize,
            @Nullable Standardizer standardizer,
            Map<String, float[]> tensors) {

        Network toNetwork() {
            ModelState state = new ModelState(architecture);
            copyInto(state);
            Network net = new Network(state, seed, standardize, fused, maxBatch);
            net.restoreStandardizer(standardizer);
            net.markLoaded();
            return net;
        }

        void copyInto(ModelState state) {
            for (Tensor t : state.tensors().values()) {
                float[] v = tensors.get(t.name());
                if (v == null) {
                    throw new IllegalStateException("no values for " + t.name());
                }
                System.arraycopy(v, 0, t.value(), 0, t.size());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------- writing

    static void putModel(ModelFileWriter w, Network net) {
        ModelState state = net.state();
        List<Layer> layers = state.layers();
        w.putInt("network.schema", SCHEMA)
                .putInts("network.inputShape", state.inputShape().dims())
                .putInt("network.layers", layers.size());
        for (int i = 0; i < layers.size(); i++) {
            w.putString("network.layer." + i, layers.get(i).name());
        }
        w.putLong("network.seed", net.seed())
                .putBoolean("network.fused", net.plan().fused())
                .putInt("network.maxBatch", net.declaredMaxBatch())
                .putBoolean("network.standardize", net.standardizes());
        Standardizer s = net.standardizer();
        if (s != null) {
            w.putFloats("standardizer.mean", s.mean()).putFloats("standardizer.std", s.std());
        }
        for (Layer l : layers) {
            String k = "layer." + l.name() + ".";
            w.putString(k + "type", l.fileType());
            l.writeAttributes(new LayerAttributes.Writer(w, k));
        }
        for (Tensor t : state.tensors().values()) {
            w.putFloats("tensor." + t.name(), t.value());
        }
    }

    static void putFitState(
            ModelFileWriter w, int nextEpoch, long seed, OptimizerState optimizer, List<EpochStats> history) {
        OptimizerState.Exported state = optimizer.export();
        w.putInt("fit.nextEpoch", nextEpoch)
                .putLong("fit.seed", seed)
                .putLong("fit.optimizerSteps", state.steps())
                .putString("fit.optimizer", optimizer.optimizer().kind.name());
        long[] h = new long[history.size() * HISTORY_FIELDS];
        for (int e = 0; e < history.size(); e++) {
            EpochStats s = history.get(e);
            double[] v = {
                s.epoch(),
                s.trainLoss(),
                s.trainAccuracy(),
                s.validationLoss(),
                s.validationAccuracy(),
                s.samplesPerSecond(),
                s.seconds()
            };
            for (int j = 0; j < HISTORY_FIELDS; j++) {
                h[e * HISTORY_FIELDS + j] = Double.doubleToRawLongBits(v[j]);
            }
        }
        w.putLongs("fit.history", h);
        state.arrays().forEach((name, values) -> w.putFloats("optimizer." + name, values));
    }

    // ------------------------------------------------------------------------------------------------- reading

    static Loaded readModel(ModelFileReader r) throws IOException {
        int schema = r.getInt("network.schema");
        if (schema != 1 && schema != SCHEMA) {
            throw r.error(
                    "network schema " + schema + " is not supported (this version reads schemas 1 and " + SCHEMA + ")");
        }
        org.simdnn.dsl.Shape input = schema == 1
                ? org.simdnn.dsl.Shape.features(r.getInt("network.inputs", 1, NetworkBuilder.MAX_UNITS))
                : inputShape(r);
        int count = r.getInt("network.layers", 1, MAX_LAYERS);
        long seed = r.getLong("network.seed");
        boolean fused = r.getBoolean("network.fused");
        int maxBatch = r.getInt("network.maxBatch", 0, 1 << 24);
        boolean standardize = r.getBoolean("network.standardize");

        // 1. the specs, each validated by its own kind; nothing sized by them is allocated yet
        List<Layer> layers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name;
            String prefix;
            if (schema == 1) {
                prefix = "layer." + i + ".";
                name = r.getString(prefix + "name");
            } else {
                name = r.getString("network.layer." + i);
                prefix = "layer." + name + ".";
            }
            layers.add(readLayer(r, i, name, prefix));
        }
        Architecture architecture;
        try {
            architecture = Architecture.of(input, layers);
        } catch (IllegalArgumentException e) {
            throw r.error("invalid network: " + e.getMessage());
        }

        // 2. every tensor, each length checked against the specs by the reader before it allocates
        Map<String, float[]> tensors = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            Layer l = layers.get(i);
            for (TensorSpec spec : l.tensors(architecture.inputOf(i))) {
                String key =
                        schema == 1 ? "layer." + i + "." + spec.v1Key() : "tensor." + l.name() + "." + spec.shortName();
                float[] v = finite(r, key, r.getFloats(key, Math.toIntExact(spec.size())));
                if (spec.nonNegative()) {
                    for (int j = 0; j < v.length; j++) {
                        if (v[j] < 0f) {
                            throw r.error("key '" + key + "' has the negative variance " + v[j] + " at " + j);
                        }
                    }
                }
                tensors.put(l.name() + "." + spec.shortName(), v);
            }
            if (schema == 1
                    && l instanceof org.simdnn.dsl.internal.plan.DenseLayer d
                    && !d.bias()
                    && r.has("layer." + i + ".bias")) {
                throw r.error("layer " + i + " (" + l.name() + ") has hasBias = false but a bias entry");
            }
        }
        if (schema != 1) {
            for (String key : r.keys()) {
                if (key.startsWith("tensor.") && !tensors.containsKey(key.substring("tensor.".length()))) {
                    throw r.error("key '" + shorten(key) + "' is a tensor no layer of this network has (a dense"
                            + " layer without bias, a batch norm without affine parameters?)");
                }
            }
        }
        Standardizer standardizer = null;
        if (r.has("standardizer.mean") || r.has("standardizer.std")) {
            if (!standardize) {
                throw r.error("the file has standardizer statistics but network.standardize is false");
            }
            float[] mean = r.getFloats("standardizer.mean", input.size());
            float[] std = r.getFloats("standardizer.std", input.size());
            try {
                standardizer = Standardizer.of(mean, std);
            } catch (IllegalArgumentException e) {
                throw r.error("invalid standardizer: " + e.getMessage());
            }
        }
        return new Loaded(architecture, seed, fused, maxBatch, standardize, standardizer, tensors);
    }

    private static org.simdnn.dsl.Shape inputShape(ModelFileReader r) throws IOException {
        int[] dims = r.getInts("network.inputShape");
        try {
            return org.simdnn.dsl.Shape.of(dims);
        } catch (IllegalArgumentException e) {
            throw r.error("key 'network.inputShape' is not a valid shape: " + e.getMessage());
        }
    }

    private static Layer readLayer(ModelFileReader r, int i, String name, String prefix) throws IOException {
        String type = r.getString(prefix + "type");
        Layer.Reader reader = LayerKinds.reader(type);
        if (reader == null) {
            throw r.error("layer " + i + " has the unknown type '" + shorten(type) + "' (expected " + LayerKinds.types()
                    + ")");
        }
        try {
            return reader.read(name, new LayerAttributes.Reader(r, prefix));
        } catch (IllegalArgumentException e) {
            // a kind's validation message starts with the attribute it judges: name the key when there is one
            String attribute = e.getMessage().split(" ", 2)[0];
            String key = r.has(prefix + attribute) ? ", key '" + prefix + attribute + "'" : "";
            throw r.error("layer " + i + " (" + shorten(name) + ", " + type + key + "): " + e.getMessage());
        }
    }

    /**
     * The optimizer state of a checkpoint, every array's length checked against the layout before it is read.
     *
     * @param r      the checkpoint
     * @param layout the arrays the fit's optimizer state has, by name, in parameter order
     */
    static OptimizerState.Exported readOptimizer(ModelFileReader r, Map<String, Integer> layout) throws IOException {
        long steps = r.getLong("fit.optimizerSteps", 0, Long.MAX_VALUE / 2);
        boolean byPosition = r.getInt("network.schema") == 1;
        Map<String, float[]> arrays = new LinkedHashMap<>();
        List<String> tensorOrder = new ArrayList<>();
        for (String key : layout.keySet()) {
            String tensor = key.substring(0, key.lastIndexOf('.'));
            if (!tensorOrder.contains(tensor)) {
                tensorOrder.add(tensor);
            }
        }
        for (Map.Entry<String, Integer> e : layout.entrySet()) {
            String name = e.getKey();
            String key;
            if (byPosition) {
                // schema 1: optimizer.P.first / .second with P the parameter's position
                String tensor = name.substring(0, name.lastIndexOf('.'));
                key = "optimizer." + tensorOrder.indexOf(tensor) + name.substring(name.lastIndexOf('.'));
            } else {
                key = "optimizer." + name;
            }
            arrays.put(name, finite(r, key, r.getFloats(key, e.getValue())));
        }
        return new OptimizerState.Exported(steps, arrays);
    }

    static List<EpochStats> readHistory(ModelFileReader r, int epochs) throws IOException {
        long[] h = r.getLongs("fit.history", epochs * HISTORY_FIELDS);
        List<EpochStats> history = new ArrayList<>(epochs);
        for (int e = 0; e < epochs; e++) {
            double[] v = new double[HISTORY_FIELDS];
            for (int j = 0; j < HISTORY_FIELDS; j++) {
                v[j] = Double.longBitsToDouble(h[e * HISTORY_FIELDS + j]);
            }
            history.add(new EpochStats((int) v[0], v[1], v[2], v[3], v[4], v[5], v[6]));
        }
        return history;
    }

    static float[] finite(ModelFileReader r, String key, float[] values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw r.error("key '" + key + "' holds the non-finite value " + values[i] + " at index " + i);
            }
        }
        return values;
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
