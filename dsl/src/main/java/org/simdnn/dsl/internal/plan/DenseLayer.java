package org.simdnn.dsl.internal.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.simdnn.core.Activation;
import org.simdnn.core.Activations;
import org.simdnn.core.Gemm;
import org.simdnn.core.Transpose;
import org.simdnn.dsl.InferenceOp;
import org.simdnn.dsl.Init;
import org.simdnn.dsl.Shape;

/**
 * A fully connected layer {@code y = x W^T + b} over a flat input, W stored {@code units x inputs} (tensors
 * {@code weight}, {@code bias}). Fuses a following activation into its GEMM's epilogue.
 *
 * @param name  layer name
 * @param units output width, in {@code [1, Shape.MAX_SIZE]}
 * @param bias  whether the layer has a bias
 */
public record DenseLayer(String name, int units, boolean bias) implements HiddenLayer {

    /** The model-file type. */
    public static final String TYPE = "dense";

    /** Validates: the one rule for the builder and the model-file reader. */
    public DenseLayer {
        Layers.checkName(name);
        if (units < 1 || units > Shape.MAX_SIZE) {
            throw new IllegalArgumentException("units must be in [1, " + Shape.MAX_SIZE + "], got " + units);
        }
    }

    /** Reads the spec back from {@link #writeAttributes}. */
    public static final Reader READER =
            (name, in) -> new DenseLayer(name, in.getInt("units"), in.getBoolean("hasBias"));

    @Override
    public String kind() {
        return "dense";
    }

    @Override
    public String fileType() {
        return TYPE;
    }

    @Override
    public DenseLayer withName(String name) {
        return new DenseLayer(name, units, bias);
    }

    /**
     * @param bias whether the layer has a bias
     * @return this layer with that choice
     */
    public DenseLayer withBias(boolean bias) {
        return new DenseLayer(name, units, bias);
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 1) {
            throw new IllegalArgumentException(
                    "dense(" + units + ") takes flat samples (batch, features) but gets " + input);
        }
        long weights = (long) units * input.size();
        if (weights > Layers.MAX_TENSOR) {
            throw new IllegalArgumentException("dense(" + units + ") after width " + input.size() + " would have "
                    + weights + " weights, more than a Java array holds: use fewer units");
        }
        return Shape.features(units);
    }

    @Override
    public List<TensorSpec> tensors(Shape input) {
        List<TensorSpec> t = new ArrayList<>(2);
        t.add(new TensorSpec("weight", new int[] {units, input.size()}, Tensor.Role.WEIGHT, 0f, "weight"));
        if (bias) {
            t.add(new TensorSpec("bias", new int[] {units}, Tensor.Role.PARAMETER, 0f, "bias"));
        }
        return t;
    }

    @Override
    public void writeAttributes(LayerAttributes.Writer out) {
        out.putInt("units", units).putBoolean("hasBias", bias);
    }

    @Override
    public ProbeRole probeRole() {
        return ProbeRole.BLOCK_START;
    }

    /**
     * Fills the weights with an initializer and checks they came out finite.
     *
     * @param weight the weight tensor
     * @param fanIn  the input width
     * @param init   the initializer
     * @param random the layer's generator
     * @throws IllegalArgumentException when the initializer wrote a non-finite value
     */
    public void initialize(Tensor weight, int fanIn, Init init, SplittableRandom random) {
        float[] w = weight.value();
        init.initialize(w, fanIn, units, random);
        for (int j = 0; j < w.length; j++) {
            if (!Float.isFinite(w[j])) {
                throw new IllegalArgumentException("the initializer " + init + " of " + name + " wrote " + w[j]
                        + " at weight " + j + ": weights must start finite");
            }
        }
    }

    @Override
    public boolean fuses(Layer next) {
        return next instanceof ActivationLayer;
    }

    @Override
    public Step compile(StepSite site) {
        return new Pass(site);
    }

    @Override
    public double[] referenceForward(double[] x, ReferenceContext ctx) {
        double[] w = ctx.tensor("weight");
        double[] b = ctx.tensor("bias");
        if (w == null) {
            throw new IllegalStateException(name + " has no weights");
        }
        int rows = ctx.rows();
        int in = ctx.input().size();
        double[] y = new double[rows * units];
        for (int r = 0; r < rows; r++) {
            for (int u = 0; u < units; u++) {
                double s = b == null ? 0 : b[u];
                for (int j = 0; j < in; j++) {
                    s += x[r * in + j] * w[u * in + j];
                }
                y[r * units + u] = s;
            }
        }
        return y;
    }

    @Override
    public List<InferenceOp> inferenceOps(Shape input) {
        List<String> tensors = bias ? List.of(name + ".weight", name + ".bias") : List.of(name + ".weight");
        return List.of(new InferenceOp("Gemm", name, Map.of("transB", 1), tensors, input, Shape.features(units)));
    }

    /**
     * {@code Y = act(X W^T + b)} as one GEMM with the bias and activation applied in its epilogue (IDENTITY when
     * nothing is fused). Backward: the activation derivative in place on the incoming gradient, then
     * {@code dW = dZ^T X}, {@code db = column sums of dZ} and {@code dX = dZ W} (skipped for the first step,
     * whose input gradient nobody needs).
     */
    private static final class Pass extends Step {
        private final Tensor weight;
        private final @Nullable Tensor bias;
        private final Activation activation;
        private final float slope;

        Pass(StepSite site) {
            super(site);
            this.weight = site.tensor("weight");
            this.bias = site.optional("bias");
            ActivationLayer act = site.fused();
            this.activation = act == null ? Activation.IDENTITY : act.activation();
            this.slope = act == null ? 0f : act.slope();
        }

        @Override
        public String describe() {
            StringBuilder s = new StringBuilder("GEMM");
            if (bias != null) {
                s.append(" + bias");
            }
            if (activation != Activation.IDENTITY) {
                s.append(" + ").append(ActivationLayer.kindOf(activation));
            }
            return s.append(bias != null || activation != Activation.IDENTITY ? " epilogue" : "")
                    .toString();
        }

        @Override
        void forward(Workspace ws, int rows, long randomKey) {
            Gemm.dense(
                    ws.values[index],
                    0,
                    rows,
                    inWidth,
                    inWidth,
                    weight.value(),
                    0,
                    outWidth,
                    inWidth,
                    bias == null ? null : bias.value(),
                    0,
                    activation,
                    slope,
                    ws.values[index + 1],
                    0,
                    outWidth);
        }

        @Override
        void backward(Workspace ws, int rows) {
            float[] dz = ws.gradOut(index);
            if (activation != Activation.IDENTITY) {
                Activations.backwardInPlace(activation, slope, ws.values[index + 1], 0, dz, 0, rows * outWidth);
            }
            // dW (out x in) = dZ^T (out x rows) * X (rows x in)
            Gemm.gemm(
                    Transpose.TRANSPOSE,
                    Transpose.NONE,
                    outWidth,
                    inWidth,
                    rows,
                    1f,
                    dz,
                    0,
                    outWidth,
                    ws.values[index],
                    0,
                    inWidth,
                    0f,
                    weight.grad(),
                    0,
                    inWidth);
            if (bias != null) {
                Gemm.columnSums(dz, 0, rows, outWidth, outWidth, bias.grad(), 0);
            }
            float[] dx = ws.grads(index);
            if (dx != null) {
                // dX (rows x in) = dZ (rows x out) * W (out x in)
                Gemm.gemm(
                        Transpose.NONE,
                        Transpose.NONE,
                        rows,
                        inWidth,
                        outWidth,
                        1f,
                        dz,
                        0,
                        outWidth,
                        weight.value(),
                        0,
                        inWidth,
                        0f,
                        dx,
                        0,
                        inWidth);
            }
        }
    }
}
