package org.simdnn.dsl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.simdnn.core.Activation;
import org.simdnn.core.BatchNorm;
import org.simdnn.dsl.internal.plan.ActivationLayer;
import org.simdnn.dsl.internal.plan.Architecture;
import org.simdnn.dsl.internal.plan.BatchNormLayer;
import org.simdnn.dsl.internal.plan.DenseLayer;
import org.simdnn.dsl.internal.plan.DropoutLayer;
import org.simdnn.dsl.internal.plan.Layer;
import org.simdnn.dsl.internal.plan.Layers;
import org.simdnn.dsl.internal.plan.OutputLayer;

/**
 * Collects layers for {@link Network#builder(int)}. Mutable: every method returns {@code this} (so Kotlin's
 * {@code Network.builder(784).apply { dense(256); batchNorm(); relu() }} works). Arguments are checked when given;
 * {@link #build()} checks the whole stack and throws an {@link IllegalArgumentException} naming the layer index and
 * the fix.
 *
 * <p>Layer names default to Keras-like {@code kind_n}, counted per kind: {@code dense_1}, {@code batch_norm_1},
 * {@code relu_1}, {@code dense_2}, ...; {@link #name(String)} renames the last added layer.
 */
public final class NetworkBuilder {

    /** The largest width of any layer (and of the input): 2^20. */
    public static final int MAX_UNITS = Shape.MAX_SIZE;
    /** The longest layer name, in characters. */
    public static final int MAX_NAME_LENGTH = Layers.MAX_NAME_LENGTH;

    private final int inputs;
    private final @Nullable Shape inputShape;
    private final List<Entry> entries = new ArrayList<>();
    private long seed;
    private boolean standardize;
    private boolean fused = true;
    private int maxBatch;

    /**
     * A layer as the user gave it: the kind's own record (validated when added) under a provisional name, plus
     * what build() resolves from its neighbours.
     *
     * @param layer      the layer, named after its kind until build() gives it its name
     * @param name       the name the user gave, or null for the default
     * @param init       a dense layer's initializer, or null for the default
     * @param biasChosen whether a dense layer's bias was given explicitly
     */
    private record Entry(
            Layer layer, @Nullable String name, @Nullable Init init, boolean biasChosen) {}

    NetworkBuilder(int inputs) {
        this.inputs = inputs;
        this.inputShape = null;
    }

    NetworkBuilder(Shape input) {
        this.inputs = input.size();
        this.inputShape = input;
    }

    /**
     * Standardizes the inputs (per feature: zero mean, unit variance, LeCun's input normalization), with statistics
     * fitted on the training data of the first {@link Network#fit} and saved with the model.
     *
     * @return this
     */
    public NetworkBuilder standardize() {
        this.standardize = true;
        return this;
    }

    /**
     * A dense layer with the default initialization for the activation that follows it, and a bias unless a batch
     * norm follows directly (the normalization cancels a bias, so it is dropped).
     *
     * @param units output width, in {@code [1, MAX_UNITS]}
     * @return this
     */
    public NetworkBuilder dense(int units) {
        return addDense(units, null, null);
    }

    /**
     * A dense layer with the given initialization; bias as {@link #dense(int)}.
     *
     * @param units output width, in {@code [1, MAX_UNITS]}
     * @param init  the weight initialization
     * @return this
     */
    public NetworkBuilder dense(int units, Init init) {
        return addDense(units, init, null);
    }

    /**
     * A dense layer with the default initialization and an explicit bias choice (kept even before a batch norm).
     *
     * @param units output width, in {@code [1, MAX_UNITS]}
     * @param bias  whether the layer has a bias
     * @return this
     */
    public NetworkBuilder dense(int units, boolean bias) {
        return addDense(units, null, bias);
    }

    /**
     * A dense layer with the given initialization and an explicit bias choice (kept even before a batch norm).
     *
     * @param units output width, in {@code [1, MAX_UNITS]}
     * @param init  the weight initialization
     * @param bias  whether the layer has a bias
     * @return this
     */
    public NetworkBuilder dense(int units, Init init, boolean bias) {
        return addDense(units, init, bias);
    }

    private NetworkBuilder addDense(int units, @Nullable Init init, @Nullable Boolean bias) {
        DenseLayer layer = create("dense(" + units + ")", () -> new DenseLayer("dense", units, bias == null || bias));
        entries.add(new Entry(layer, null, init, bias != null));
        return this;
    }

    /** Creates a layer, its validation errors prefixed with the call and the layer index. */
    private <L extends Layer> L create(String call, java.util.function.Supplier<L> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(call + " at layer " + entries.size() + ": " + e.getMessage(), e);
        }
    }

    private NetworkBuilder add(Layer layer) {
        entries.add(new Entry(layer, null, null, false));
        return this;
    }

    /**
     * Batch normalization with PyTorch's defaults ({@code eps = 1e-5}, {@code momentum = 0.1} = the weight of the
     * new batch in the running statistics) and learned gamma/beta.
     *
     * @return this
     */
    public NetworkBuilder batchNorm() {
        return batchNorm(BatchNorm.DEFAULT_EPS, BatchNorm.DEFAULT_MOMENTUM, true);
    }

    /**
     * Batch normalization.
     *
     * @param eps      added to the variance, finite and {@code > 0}
     * @param momentum weight of the new batch in the running statistics, in {@code [0, 1]} (PyTorch's convention;
     *                 Keras' momentum is {@code 1 - this})
     * @param affine   whether to learn a per-feature scale gamma and shift beta
     * @return this
     */
    public NetworkBuilder batchNorm(float eps, float momentum, boolean affine) {
        return add(create("batchNorm", () -> new BatchNormLayer("batch_norm", eps, momentum, affine)));
    }

    /** @return this, with a ReLU activation added */
    public NetworkBuilder relu() {
        return activation(Activation.RELU, 0f);
    }

    /**
     * @param slope negative slope, finite and {@code >= 0} (commonly 0.01)
     * @return this, with a leaky ReLU activation added
     */
    public NetworkBuilder leakyRelu(float slope) {
        return add(create(
                "leakyRelu(" + slope + ")", () -> new ActivationLayer("leaky_relu", Activation.LEAKY_RELU, slope)));
    }

    /** @return this, with a tanh activation added */
    public NetworkBuilder tanh() {
        return activation(Activation.TANH, 0f);
    }

    /** @return this, with a logistic sigmoid activation added */
    public NetworkBuilder sigmoid() {
        return activation(Activation.SIGMOID, 0f);
    }

    /** @return this, with LeCun's scaled tanh {@code 1.7159 tanh(2x/3)} added */
    public NetworkBuilder lecunTanh() {
        return activation(Activation.LECUN_TANH, 0f);
    }

    /** @return this, with an identity activation added (a no-op layer, useful as a probe point) */
    public NetworkBuilder identity() {
        return activation(Activation.IDENTITY, 0f);
    }

    private NetworkBuilder activation(Activation activation, float slope) {
        return add(new ActivationLayer(ActivationLayer.kindOf(activation), activation, slope));
    }

    /**
     * Inverted dropout, active in training only.
     *
     * @param rate probability of zeroing each value, in {@code [0, 1)}
     * @return this
     */
    public NetworkBuilder dropout(float rate) {
        return add(create("dropout(" + rate + ")", () -> new DropoutLayer("dropout", rate)));
    }

    /**
     * Softmax output trained with cross-entropy against class labels; must be the last layer.
     *
     * @return this
     */
    public NetworkBuilder softmax() {
        return add(new OutputLayer("softmax", OutputLayer.Loss.SOFTMAX_CROSS_ENTROPY));
    }

    /**
     * Linear output trained with mean squared error against regression targets; must be the last layer.
     *
     * @return this
     */
    public NetworkBuilder mse() {
        return add(new OutputLayer("mse", OutputLayer.Loss.MEAN_SQUARED_ERROR));
    }

    /**
     * Names the last added layer (for the layer probe and the summary).
     *
     * @param name a non-blank name, unique in the network
     * @return this
     * @throws IllegalStateException if no layer has been added yet
     */
    public NetworkBuilder name(String name) {
        if (entries.isEmpty()) {
            throw new IllegalStateException("name(\"" + name + "\") names the last added layer, but no layer has"
                    + " been added yet: call it after dense(...), relu(), ...");
        }
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("name of layer " + (entries.size() - 1) + " must not be blank or longer"
                    + " than " + MAX_NAME_LENGTH + " characters");
        }
        Entry last = entries.get(entries.size() - 1);
        entries.set(entries.size() - 1, new Entry(last.layer(), name, last.init(), last.biasChosen()));
        return this;
    }

    /**
     * @param seed seed of the weight initialization and the default seed of shuffles and dropout (default 0)
     * @return this
     */
    public NetworkBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Declares the largest batch: workspaces are allocated for it once, {@code fit} refuses larger batches and
     * {@code predict} processes larger inputs in chunks of this many rows. Without it, the training workspace is
     * sized by the fit's batch size and inference workspaces grow with the largest batch seen, up to
     * {@value Network#DEFAULT_INFERENCE_CHUNK} rows.
     *
     * @param rows at least 1
     * @return this
     */
    public NetworkBuilder maxBatch(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + rows);
        }
        this.maxBatch = rows;
        return this;
    }

    /**
     * @param fused true (default) to fuse each activation into the preceding dense (GEMM epilogue) or batch-norm
     *              pass; false to run every layer as its own pass with the same kernels (for benchmarks)
     * @return this
     */
    public NetworkBuilder fused(boolean fused) {
        this.fused = fused;
        return this;
    }

    /** @return the kind of the last added layer, e.g. {@code "relu"} (empty before any layer) */
    public String lastKind() {
        return entries.isEmpty() ? "" : entries.get(entries.size() - 1).layer().kind();
    }

    /**
     * Validates the stack, resolves defaults and initializes the weights.
     *
     * @return the network
     * @throws IllegalArgumentException naming the layer index and the fix
     */
    public Network build() {
        Shape input = inputShape != null ? inputShape : checkInputs(inputs);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(
                    "the network has no layers: add at least dense(units) and an output," + " softmax() or mse()");
        }
        List<Layer> layers = resolve();
        Architecture architecture = Architecture.of(input, layers);
        Init[] inits = new Init[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            Init init = entries.get(i).init();
            inits[i] = init != null ? init : defaultInit(i);
        }
        return new Network(architecture, inits, seed, standardize, fused, maxBatch);
    }

    private static Shape checkInputs(int inputs) {
        if (inputs < 1 || inputs > MAX_UNITS) {
            throw new IllegalArgumentException("the input width is " + inputs + ": pass the number of features per"
                    + " sample, in [1, " + MAX_UNITS + "], to Network.builder(inputs)");
        }
        return Shape.features(inputs);
    }

    /** Gives every layer its name (the user's, or {@code kind_n} counted per kind) and dense layers their bias. */
    private List<Layer> resolve() {
        Map<String, Integer> counters = new HashMap<>();
        Map<String, Integer> taken = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String name = entries.get(i).name();
            if (name != null) {
                Integer before = taken.putIfAbsent(name, i);
                if (before != null) {
                    throw new IllegalArgumentException("layers " + before + " and " + i + " are both named \"" + name
                            + "\": layer names must be unique; rename one with name(...)");
                }
            }
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            String kind = e.layer().kind();
            String name = e.name();
            if (name == null) {
                do {
                    name = kind + "_" + counters.merge(kind, 1, Integer::sum);
                } while (taken.containsKey(name));
                taken.put(name, i);
            }
            Layer layer = e.layer().withName(name);
            if (layer instanceof DenseLayer d && !e.biasChosen()) {
                // a batch norm right after cancels a bias, so it is dropped
                boolean batchNormFollows =
                        i + 1 < entries.size() && entries.get(i + 1).layer() instanceof BatchNormLayer;
                layer = d.withBias(!batchNormFollows);
            }
            layers.add(layer);
        }
        return layers;
    }

    /**
     * The initializer the block's activation asks for (He for the ReLU family, LeCun for LeCun's tanh, Glorot
     * otherwise): the first activation after the dense layer, looking past batch norm and dropout, up to the next
     * dense or the output.
     */
    private Init defaultInit(int dense) {
        for (int j = dense + 1; j < entries.size(); j++) {
            Layer l = entries.get(j).layer();
            if (l instanceof ActivationLayer a) {
                return a.preferredInit();
            }
            if (!(l instanceof BatchNormLayer || l instanceof DropoutLayer)) {
                break;
            }
        }
        return Init.glorot();
    }
}
