package org.simdnn.dsl.internal.plan;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything a trained network is besides its architecture: per layer, the trainable tensors and the batch-norm
 * running statistics. Plans (fused, unfused) are views over one state, so they always agree.
 */
public final class ModelState {

    private final int inputCount;
    private final List<LayerSpec> layers;
    private final int[] widths;
    private final @Nullable Parameter[] weights;
    private final @Nullable Parameter[] biases;
    private final @Nullable Parameter[] gammas;
    private final @Nullable Parameter[] betas;
    private final float @Nullable [][] runningMeans;
    private final float @Nullable [][] runningVars;

    /**
     * Allocates zero weights and biases, gamma 1, beta 0, running mean 0 and running variance 1 (PyTorch's initial
     * values) for every layer.
     *
     * @param inputCount input width
     * @param layers     the resolved layers
     */
    public ModelState(int inputCount, List<LayerSpec> layers) {
        this.inputCount = inputCount;
        this.layers = List.copyOf(layers);
        int n = layers.size();
        widths = new int[n];
        weights = new Parameter[n];
        biases = new Parameter[n];
        gammas = new Parameter[n];
        betas = new Parameter[n];
        runningMeans = new float[n][];
        runningVars = new float[n][];
        int width = inputCount;
        for (int i = 0; i < n; i++) {
            LayerSpec spec = layers.get(i);
            if (spec instanceof LayerSpec.Dense d) {
                weights[i] = new Parameter(d.name() + ".weight", Parameter.Kind.WEIGHT,
                    new float[Math.multiplyExact(d.units(), width)]);
                if (d.bias()) {
                    biases[i] = new Parameter(d.name() + ".bias", Parameter.Kind.BIAS, new float[d.units()]);
                }
                width = d.units();
            } else if (spec instanceof LayerSpec.BatchNorm b) {
                if (b.affine()) {
                    float[] ones = new float[width];
                    java.util.Arrays.fill(ones, 1f);
                    gammas[i] = new Parameter(b.name() + ".gamma", Parameter.Kind.GAMMA, ones);
                    betas[i] = new Parameter(b.name() + ".beta", Parameter.Kind.BETA, new float[width]);
                }
                runningMeans[i] = new float[width];
                float[] var = new float[width];
                java.util.Arrays.fill(var, 1f);
                runningVars[i] = var;
            }
            widths[i] = width;
        }
    }

    /** @return the input width */
    public int inputCount() {
        return inputCount;
    }

    /** @return the layers */
    public List<LayerSpec> layers() {
        return layers;
    }

    /**
     * @param layer a layer index
     * @return the layer's output width
     */
    public int width(int layer) {
        return widths[layer];
    }

    /**
     * @param layer a layer index
     * @return the layer's input width
     */
    public int inputWidth(int layer) {
        return layer == 0 ? inputCount : widths[layer - 1];
    }

    /** @return the network's output width */
    public int outputCount() {
        return widths[widths.length - 1];
    }

    /**
     * @param layer a dense layer's index
     * @return its weights ({@code units x inputs})
     */
    public Parameter weight(int layer) {
        return require(weights[layer], layer, "weights");
    }

    /**
     * @param layer a layer index
     * @return the dense layer's bias, or null
     */
    public @Nullable Parameter bias(int layer) {
        return biases[layer];
    }

    /**
     * @param layer a layer index
     * @return the batch norm's gamma, or null (not affine / not batch norm)
     */
    public @Nullable Parameter gamma(int layer) {
        return gammas[layer];
    }

    /**
     * @param layer a layer index
     * @return the batch norm's beta, or null
     */
    public @Nullable Parameter beta(int layer) {
        return betas[layer];
    }

    /**
     * @param layer a batch norm's index
     * @return its running mean
     */
    public float[] runningMean(int layer) {
        return require(runningMeans[layer], layer, "running mean");
    }

    /**
     * @param layer a batch norm's index
     * @return its running (unbiased) variance
     */
    public float[] runningVar(int layer) {
        return require(runningVars[layer], layer, "running variance");
    }

    /** @return every trainable tensor in layer order (weight, bias / gamma, beta) */
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Parameter p : new Parameter[] {weights[i], biases[i], gammas[i], betas[i]}) {
                if (p != null) {
                    all.add(p);
                }
            }
        }
        return all;
    }

    /** @return every running-statistics array in layer order (mean, variance) */
    public List<float[]> runningStatistics() {
        List<float[]> all = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (runningMeans[i] != null && runningVars[i] != null) {
                all.add(runningMeans[i]);
                all.add(runningVars[i]);
            }
        }
        return all;
    }

    /**
     * @param layer a layer index
     * @return the number of trainable values of that layer
     */
    public long parameterCount(int layer) {
        long n = 0;
        for (Parameter p : new Parameter[] {weights[layer], biases[layer], gammas[layer], betas[layer]}) {
            if (p != null) {
                n += p.size();
            }
        }
        return n;
    }

    /** @return whether any layer is a batch norm (training then needs batches of at least 2 rows) */
    public boolean hasBatchNorm() {
        for (LayerSpec s : layers) {
            if (s instanceof LayerSpec.BatchNorm) {
                return true;
            }
        }
        return false;
    }

    private static <T> T require(@Nullable T value, int layer, String what) {
        if (value == null) {
            throw new IllegalStateException("layer " + layer + " has no " + what);
        }
        return value;
    }
}
