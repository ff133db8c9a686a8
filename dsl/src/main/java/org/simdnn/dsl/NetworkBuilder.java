package org.simdnn.dsl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.simdnn.core.Activation;
import org.simdnn.core.BatchNorm;
import org.simdnn.dsl.internal.plan.LayerSpec;

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
    public static final int MAX_UNITS = 1 << 20;
    /** The longest layer name, in characters. */
    public static final int MAX_NAME_LENGTH = 256;
    /** The most weights one dense layer may have (the largest safe Java array). */
    static final long MAX_WEIGHTS = Integer.MAX_VALUE - 8;

    private final int inputs;
    private final List<Draft> drafts = new ArrayList<>();
    private long seed;
    private boolean standardize;
    private boolean fused = true;
    private int maxBatch;

    /** A layer as the user gave it; build() resolves defaults. */
    private static final class Draft {
        final String kind;
        int units;
        @Nullable Init init;
        @Nullable Boolean bias;
        float eps;
        float momentum;
        boolean affine;
        Activation activation = Activation.IDENTITY;
        float slope;
        float rate;
        LayerSpec.@Nullable Loss loss;
        @Nullable String name;

        Draft(String kind) {
            this.kind = kind;
        }
    }

    NetworkBuilder(int inputs) {
        this.inputs = inputs;
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
        if (units < 1 || units > MAX_UNITS) {
            throw new IllegalArgumentException("dense(" + units + ") at layer " + drafts.size() + ": units must be in"
                + " [1, " + MAX_UNITS + "]");
        }
        Draft d = new Draft("dense");
        d.units = units;
        d.init = init;
        d.bias = bias;
        drafts.add(d);
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
        if (!(eps > 0f) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException("batchNorm at layer " + drafts.size() + ": eps must be finite and > 0,"
                + " got " + eps);
        }
        if (!(momentum >= 0f && momentum <= 1f)) {
            throw new IllegalArgumentException("batchNorm at layer " + drafts.size() + ": momentum must be in [0, 1]"
                + " (the weight of the new batch, PyTorch's convention), got " + momentum);
        }
        Draft d = new Draft("batch_norm");
        d.eps = eps;
        d.momentum = momentum;
        d.affine = affine;
        drafts.add(d);
        return this;
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
        if (!(slope >= 0f) || Float.isInfinite(slope)) {
            throw new IllegalArgumentException("leakyRelu(" + slope + ") at layer " + drafts.size() + ": the slope"
                + " must be finite and >= 0 (commonly 0.01)");
        }
        return activation(Activation.LEAKY_RELU, slope);
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
        Draft d = new Draft(LayerSpec.Act.kindOf(activation));
        d.activation = activation;
        d.slope = slope;
        drafts.add(d);
        return this;
    }

    /**
     * Inverted dropout, active in training only.
     *
     * @param rate probability of zeroing each value, in {@code [0, 1)}
     * @return this
     */
    public NetworkBuilder dropout(float rate) {
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException("dropout(" + rate + ") at layer " + drafts.size() + ": the rate must"
                + " be in [0, 1)");
        }
        Draft d = new Draft("dropout");
        d.rate = rate;
        drafts.add(d);
        return this;
    }

    /**
     * Softmax output trained with cross-entropy against class labels; must be the last layer.
     *
     * @return this
     */
    public NetworkBuilder softmax() {
        Draft d = new Draft("softmax");
        d.loss = LayerSpec.Loss.SOFTMAX_CROSS_ENTROPY;
        drafts.add(d);
        return this;
    }

    /**
     * Linear output trained with mean squared error against regression targets; must be the last layer.
     *
     * @return this
     */
    public NetworkBuilder mse() {
        Draft d = new Draft("mse");
        d.loss = LayerSpec.Loss.MEAN_SQUARED_ERROR;
        drafts.add(d);
        return this;
    }

    /**
     * Names the last added layer (for the layer probe and the summary).
     *
     * @param name a non-blank name, unique in the network
     * @return this
     * @throws IllegalStateException if no layer has been added yet
     */
    public NetworkBuilder name(String name) {
        if (drafts.isEmpty()) {
            throw new IllegalStateException("name(\"" + name + "\") names the last added layer, but no layer has"
                + " been added yet: call it after dense(...), relu(), ...");
        }
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("name of layer " + (drafts.size() - 1) + " must not be blank or longer"
                + " than " + MAX_NAME_LENGTH + " characters");
        }
        drafts.get(drafts.size() - 1).name = name;
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
        return drafts.isEmpty() ? "" : drafts.get(drafts.size() - 1).kind;
    }

    /**
     * Validates the stack, resolves defaults and initializes the weights.
     *
     * @return the network
     * @throws IllegalArgumentException naming the layer index and the fix
     */
    public Network build() {
        if (drafts.isEmpty()) {
            checkInputs(inputs);
            throw new IllegalArgumentException("the network has no layers: add at least dense(units) and an output,"
                + " softmax() or mse()");
        }
        List<LayerSpec> specs = resolve();
        validate(inputs, specs);
        Init[] inits = new Init[drafts.size()];
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            if (d.kind.equals("dense")) {
                inits[i] = d.init != null ? d.init : defaultInit(i);
            }
        }
        return new Network(inputs, specs, inits, seed, standardize, fused, maxBatch);
    }

    private static void checkInputs(int inputs) {
        if (inputs < 1 || inputs > MAX_UNITS) {
            throw new IllegalArgumentException("the input width is " + inputs + ": pass the number of features per"
                + " sample, in [1, " + MAX_UNITS + "], to Network.builder(inputs)");
        }
    }

    /**
     * The whole-stack rules, shared by {@link #build()} and model loading.
     *
     * @throws IllegalArgumentException naming the layer index and the fix
     */
    static void validate(int inputs, List<LayerSpec> specs) {
        checkInputs(inputs);
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("the network has no layers: add at least dense(units) and an output,"
                + " softmax() or mse()");
        }
        int lastIndex = specs.size() - 1;
        Map<String, Integer> names = new HashMap<>();
        boolean anyDense = false;
        for (int i = 0; i < specs.size(); i++) {
            LayerSpec l = specs.get(i);
            if (l.name().isBlank() || l.name().length() > MAX_NAME_LENGTH) {
                throw new IllegalArgumentException("layer " + i + " has a blank name or one longer than "
                    + MAX_NAME_LENGTH + " characters");
            }
            Integer before = names.putIfAbsent(l.name(), i);
            if (before != null) {
                throw new IllegalArgumentException("layers " + before + " and " + i + " are both named \"" + l.name()
                    + "\": layer names must be unique; rename one with name(...)");
            }
            if (l instanceof LayerSpec.Output && i != lastIndex) {
                throw new IllegalArgumentException("layer " + i + " (" + l.kind() + "()) is an output layer but "
                    + (lastIndex - i) + " layer(s) follow it, starting with " + specs.get(i + 1).kind()
                    + " at layer " + (i + 1) + ": softmax() or mse() must be the last layer");
            }
            anyDense |= l instanceof LayerSpec.Dense;
        }
        LayerSpec last = specs.get(lastIndex);
        if (!(last instanceof LayerSpec.Output output)) {
            throw new IllegalArgumentException("layer " + lastIndex + " (" + last.kind() + ") is the last"
                + " layer but not an output: end the network with softmax() (classification) or mse() (regression)");
        }
        if (!anyDense) {
            throw new IllegalArgumentException("the network has no dense layer, so nothing to train: add dense(units)"
                + " before " + last.kind() + "() (layer " + lastIndex + ")");
        }
        int width = inputs;
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i) instanceof LayerSpec.Dense d) {
                if (d.units() < 1 || d.units() > MAX_UNITS) {
                    throw new IllegalArgumentException("layer " + i + " (dense) has " + d.units() + " units: units"
                        + " must be in [1, " + MAX_UNITS + "]");
                }
                long count = (long) width * d.units();
                if (count > MAX_WEIGHTS) {
                    throw new IllegalArgumentException("layer " + i + " (dense(" + d.units() + ") after width " + width
                        + ") would have " + count + " weights, more than a Java array holds: use fewer units");
                }
                width = d.units();
            }
        }
        if (output.loss() == LayerSpec.Loss.SOFTMAX_CROSS_ENTROPY && width < 2) {
            throw new IllegalArgumentException("layer " + lastIndex + " (softmax) gets " + width
                + " input(s): a softmax over one output is always 1; use dense(2) or more before softmax(), or mse()");
        }
    }

    private List<LayerSpec> resolve() {
        Map<String, Integer> counters = new HashMap<>();
        Map<String, Integer> taken = new HashMap<>();
        for (int i = 0; i < drafts.size(); i++) {
            String name = drafts.get(i).name;
            if (name != null) {
                Integer before = taken.putIfAbsent(name, i);
                if (before != null) {
                    throw new IllegalArgumentException("layers " + before + " and " + i + " are both named \"" + name
                        + "\": layer names must be unique; rename one with name(...)");
                }
            }
        }
        List<LayerSpec> specs = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            String name = d.name;
            if (name == null) {
                do {
                    name = d.kind + "_" + counters.merge(d.kind, 1, Integer::sum);
                } while (taken.containsKey(name));
                taken.put(name, i);
            }
            specs.add(switch (d.kind) {
                case "dense" -> new LayerSpec.Dense(name, d.units, d.bias != null ? d.bias : !batchNormFollows(i));
                case "batch_norm" -> new LayerSpec.BatchNorm(name, d.eps, d.momentum, d.affine);
                case "dropout" -> new LayerSpec.Dropout(name, d.rate);
                case "softmax", "mse" -> new LayerSpec.Output(name, requireLoss(d));
                default -> new LayerSpec.Act(name, d.activation, d.slope);
            });
        }
        return specs;
    }

    private static LayerSpec.Loss requireLoss(Draft d) {
        if (d.loss == null) {
            throw new IllegalStateException("output draft without a loss");
        }
        return d.loss;
    }

    private boolean batchNormFollows(int i) {
        return i + 1 < drafts.size() && drafts.get(i + 1).kind.equals("batch_norm");
    }

    /** He for the ReLU family, LeCun for LeCun's tanh, Glorot otherwise: decided by the block's activation. */
    private Init defaultInit(int dense) {
        for (int j = dense + 1; j < drafts.size(); j++) {
            Draft d = drafts.get(j);
            if (d.kind.equals("dense") || d.loss != null) {
                break;
            }
            if (d.kind.equals("batch_norm") || d.kind.equals("dropout")) {
                continue;
            }
            return switch (d.activation) {
                case RELU, LEAKY_RELU -> Init.he();
                case LECUN_TANH -> Init.lecun();
                default -> Init.glorot();
            };
        }
        return Init.glorot();
    }
}
