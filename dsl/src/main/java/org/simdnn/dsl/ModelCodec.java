package org.simdnn.dsl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.simdnn.core.Activation;
import org.simdnn.core.Standardizer;
import org.simdnn.dsl.internal.io.ModelFileReader;
import org.simdnn.dsl.internal.io.ModelFileWriter;
import org.simdnn.dsl.internal.plan.LayerSpec;
import org.simdnn.dsl.internal.plan.ModelState;
import org.simdnn.dsl.internal.plan.Parameter;

/**
 * The network schema inside the model-file container (docs/MODEL-FORMAT.md describes the container). Schema
 * {@value #SCHEMA}, all keys:
 * <pre>
 * network.schema       int      {@value #SCHEMA}
 * network.inputs       int      input width, 1..2^20
 * network.layers       int      layer count, 1..{@value #MAX_LAYERS}
 * network.seed         long     builder seed
 * network.fused        boolean  fused plan
 * network.maxBatch     int      declared max batch (0 = none), 0..2^24
 * network.standardize  boolean  inputs are standardized
 * standardizer.mean    float[inputs]   present once fitted
 * standardizer.std     float[inputs]
 * layer.N.type         string   dense | batch_norm | activation | dropout | output   (N = 0..layers-1)
 * layer.N.name         string   unique, 1..256 characters
 *   dense:      layer.N.units int 1..2^20; layer.N.hasBias boolean; layer.N.weight float[units * inputWidth]
 *               (row-major, one row per unit); layer.N.bias float[units] if hasBias
 *   batch_norm: layer.N.eps float (0, 1]; layer.N.momentum float [0, 1]; layer.N.affine boolean;
 *               layer.N.gamma, layer.N.beta float[width] if affine; layer.N.runningMean, layer.N.runningVar
 *               float[width]
 *   activation: layer.N.activation string (IDENTITY, RELU, LEAKY_RELU, TANH, SIGMOID, LECUN_TANH);
 *               layer.N.slope float [0, 1e6]
 *   dropout:    layer.N.rate float [0, 1)
 *   output:     layer.N.loss string (SOFTMAX_CROSS_ENTROPY, MEAN_SQUARED_ERROR); must be the last layer
 * </pre>
 * A checkpoint (kind {@code checkpoint}) holds the same keys plus {@code fit.nextEpoch} int,
 * {@code fit.seed} long, {@code fit.optimizerSteps} long, {@code fit.optimizer} string (SGD | ADAM),
 * {@code fit.history} long[7 * epochs] (raw double bits of each {@link EpochStats}' values, epoch by epoch) and
 * {@code optimizer.P.first} / {@code optimizer.P.second} float[] for parameter tensor P (in layer order: weight,
 * bias, gamma, beta).
 *
 * <p>Loading checks every header field against its range and the whole stack against the builder's rules before
 * allocating anything sized by them; every array must have exactly the length the specs imply and hold finite
 * values (running variances {@code >= 0}); a network is returned only when complete.
 */
final class ModelCodec {

    static final int SCHEMA = 1;
    static final int MAX_LAYERS = 1024;
    static final String MODEL = "model";
    static final String CHECKPOINT = "checkpoint";

    private ModelCodec() {
    }

    /** A fully validated model read from a file, not yet turned into a network. */
    record Loaded(int inputs, List<LayerSpec> layers, long seed, boolean fused, int maxBatch, boolean standardize,
                  @Nullable Standardizer standardizer, List<float[]> parameters, List<float[]> statistics) {

        Network toNetwork() {
            ModelState state = new ModelState(inputs, layers);
            copyInto(state);
            Network net = new Network(state, seed, standardize, fused, maxBatch);
            net.restoreStandardizer(standardizer);
            return net;
        }

        void copyInto(ModelState state) {
            List<Parameter> p = state.parameters();
            for (int i = 0; i < p.size(); i++) {
                System.arraycopy(parameters.get(i), 0, p.get(i).value(), 0, p.get(i).size());
            }
            List<float[]> s = state.runningStatistics();
            for (int i = 0; i < s.size(); i++) {
                System.arraycopy(statistics.get(i), 0, s.get(i), 0, s.get(i).length);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------- writing

    static void putModel(ModelFileWriter w, Network net) {
        ModelState state = net.state();
        List<LayerSpec> layers = state.layers();
        w.putInt("network.schema", SCHEMA)
            .putInt("network.inputs", state.inputCount())
            .putInt("network.layers", layers.size())
            .putLong("network.seed", net.seed())
            .putBoolean("network.fused", net.plan().fused())
            .putInt("network.maxBatch", net.declaredMaxBatch())
            .putBoolean("network.standardize", net.standardizes());
        Standardizer s = net.standardizer();
        if (s != null) {
            w.putFloats("standardizer.mean", s.mean()).putFloats("standardizer.std", s.std());
        }
        for (int i = 0; i < layers.size(); i++) {
            String k = "layer." + i + ".";
            LayerSpec l = layers.get(i);
            w.putString(k + "name", l.name());
            switch (l) {
                case LayerSpec.Dense d -> {
                    w.putString(k + "type", "dense").putInt(k + "units", d.units()).putBoolean(k + "hasBias", d.bias())
                        .putFloats(k + "weight", state.weight(i).value());
                    Parameter bias = state.bias(i);
                    if (bias != null) {
                        w.putFloats(k + "bias", bias.value());
                    }
                }
                case LayerSpec.BatchNorm b -> {
                    w.putString(k + "type", "batch_norm").putFloat(k + "eps", b.eps())
                        .putFloat(k + "momentum", b.momentum()).putBoolean(k + "affine", b.affine());
                    Parameter gamma = state.gamma(i);
                    Parameter beta = state.beta(i);
                    if (gamma != null && beta != null) {
                        w.putFloats(k + "gamma", gamma.value()).putFloats(k + "beta", beta.value());
                    }
                    w.putFloats(k + "runningMean", state.runningMean(i)).putFloats(k + "runningVar",
                        state.runningVar(i));
                }
                case LayerSpec.Act a -> w.putString(k + "type", "activation")
                    .putString(k + "activation", a.activation().name()).putFloat(k + "slope", a.slope());
                case LayerSpec.Dropout d -> w.putString(k + "type", "dropout").putFloat(k + "rate", d.rate());
                case LayerSpec.Output o -> w.putString(k + "type", "output").putString(k + "loss", o.loss().name());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------- reading

    static Loaded readModel(ModelFileReader r) throws IOException {
        int schema = r.getInt("network.schema");
        if (schema != SCHEMA) {
            throw r.error("network schema " + schema + " is not supported (this version reads schema " + SCHEMA + ")");
        }
        int inputs = r.getInt("network.inputs", 1, NetworkBuilder.MAX_UNITS);
        int count = r.getInt("network.layers", 1, MAX_LAYERS);
        long seed = r.getLong("network.seed");
        boolean fused = r.getBoolean("network.fused");
        int maxBatch = r.getInt("network.maxBatch", 0, 1 << 24);
        boolean standardize = r.getBoolean("network.standardize");

        // 1. the specs, every scalar range-checked; nothing sized by them is allocated yet
        List<LayerSpec> layers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            layers.add(readSpec(r, i));
        }
        try {
            NetworkBuilder.validate(inputs, layers);
        } catch (IllegalArgumentException e) {
            throw r.error("invalid network: " + e.getMessage());
        }

        // 2. every array, each length checked against the specs by the reader before it allocates
        List<float[]> parameters = new ArrayList<>();
        List<float[]> statistics = new ArrayList<>();
        int width = inputs;
        for (int i = 0; i < count; i++) {
            String k = "layer." + i + ".";
            LayerSpec l = layers.get(i);
            if (l instanceof LayerSpec.Dense d) {
                parameters.add(finite(r, k + "weight", r.getFloats(k + "weight", width * d.units())));
                if (d.bias()) {
                    parameters.add(finite(r, k + "bias", r.getFloats(k + "bias", d.units())));
                } else if (r.has(k + "bias")) {
                    throw r.error("layer " + i + " (" + l.name() + ") has hasBias = false but a bias entry");
                }
                width = d.units();
            } else if (l instanceof LayerSpec.BatchNorm b) {
                if (b.affine()) {
                    parameters.add(finite(r, k + "gamma", r.getFloats(k + "gamma", width)));
                    parameters.add(finite(r, k + "beta", r.getFloats(k + "beta", width)));
                }
                statistics.add(finite(r, k + "runningMean", r.getFloats(k + "runningMean", width)));
                float[] var = finite(r, k + "runningVar", r.getFloats(k + "runningVar", width));
                for (int j = 0; j < var.length; j++) {
                    if (var[j] < 0f) {
                        throw r.error("key '" + k + "runningVar' has the negative variance " + var[j] + " at " + j);
                    }
                }
                statistics.add(var);
            }
        }
        Standardizer standardizer = null;
        if (r.has("standardizer.mean") || r.has("standardizer.std")) {
            if (!standardize) {
                throw r.error("the file has standardizer statistics but network.standardize is false");
            }
            float[] mean = r.getFloats("standardizer.mean", inputs);
            float[] std = r.getFloats("standardizer.std", inputs);
            try {
                standardizer = Standardizer.of(mean, std);
            } catch (IllegalArgumentException e) {
                throw r.error("invalid standardizer: " + e.getMessage());
            }
        }
        return new Loaded(inputs, List.copyOf(layers), seed, fused, maxBatch, standardize, standardizer,
            parameters, statistics);
    }

    private static LayerSpec readSpec(ModelFileReader r, int i) throws IOException {
        String k = "layer." + i + ".";
        String type = r.getString(k + "type");
        String name = r.getString(k + "name");
        if (name.isBlank() || name.length() > NetworkBuilder.MAX_NAME_LENGTH) {
            throw r.error("layer " + i + " has a blank name or one longer than " + NetworkBuilder.MAX_NAME_LENGTH
                + " characters");
        }
        return switch (type) {
            case "dense" -> new LayerSpec.Dense(name, r.getInt(k + "units", 1, NetworkBuilder.MAX_UNITS),
                r.getBoolean(k + "hasBias"));
            case "batch_norm" -> {
                float eps = r.getFloat(k + "eps", Float.MIN_VALUE, 1f);
                float momentum = r.getFloat(k + "momentum", 0f, 1f);
                yield new LayerSpec.BatchNorm(name, eps, momentum, r.getBoolean(k + "affine"));
            }
            case "activation" -> new LayerSpec.Act(name, activation(r, k + "activation"),
                r.getFloat(k + "slope", 0f, 1e6f));
            case "dropout" -> {
                float rate = r.getFloat(k + "rate", 0f, 1f);
                if (rate >= 1f) {
                    throw r.error("key '" + k + "rate' is " + rate + ", expected a dropout rate in [0, 1)");
                }
                yield new LayerSpec.Dropout(name, rate);
            }
            case "output" -> new LayerSpec.Output(name, loss(r, k + "loss"));
            default -> throw r.error("layer " + i + " has the unknown type '" + shorten(type) + "' (expected dense,"
                + " batch_norm, activation, dropout or output)");
        };
    }

    private static Activation activation(ModelFileReader r, String key) throws IOException {
        String v = r.getString(key);
        for (Activation a : Activation.values()) {
            if (a.name().equals(v)) {
                return a;
            }
        }
        throw r.error("key '" + key + "' is the unknown activation '" + shorten(v) + "'");
    }

    private static LayerSpec.Loss loss(ModelFileReader r, String key) throws IOException {
        String v = r.getString(key);
        for (LayerSpec.Loss l : LayerSpec.Loss.values()) {
            if (l.name().equals(v)) {
                return l;
            }
        }
        throw r.error("key '" + key + "' is the unknown loss '" + shorten(v) + "'");
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
