package org.simdnn.dsl.internal.plan;

import java.util.List;
import java.util.Map;
import org.simdnn.core.Activation;
import org.simdnn.core.Activations;
import org.simdnn.dsl.InferenceOp;
import org.simdnn.dsl.Init;
import org.simdnn.dsl.Shape;

/**
 * An elementwise activation. Fused into a preceding dense or batch-norm pass when there is one (their
 * {@link HiddenLayer#fuses} rule); otherwise its own pass.
 *
 * @param name       layer name
 * @param activation the function
 * @param slope      negative slope of leaky ReLU (0 for the others), finite and {@code >= 0}
 */
public record ActivationLayer(String name, Activation activation, float slope) implements HiddenLayer {

    /** The model-file type. */
    public static final String TYPE = "activation";

    /** Validates: the one rule for the builder and the model-file reader. */
    public ActivationLayer {
        Layers.checkName(name);
        if (!(slope >= 0f) || Float.isInfinite(slope)) {
            throw new IllegalArgumentException("slope must be finite and >= 0 (commonly 0.01), got " + slope);
        }
        if (activation != Activation.LEAKY_RELU && slope != 0f) {
            throw new IllegalArgumentException(
                    "slope must be 0 for " + kindOf(activation) + " (only leaky_relu has" + " a slope), got " + slope);
        }
    }

    /**
     * @param activation an activation
     * @return its snake_case name as used in layer names, e.g. {@code leaky_relu}
     */
    public static String kindOf(Activation activation) {
        return switch (activation) {
            case IDENTITY -> "identity";
            case RELU -> "relu";
            case LEAKY_RELU -> "leaky_relu";
            case TANH -> "tanh";
            case SIGMOID -> "sigmoid";
            case LECUN_TANH -> "lecun_tanh";
        };
    }

    /** Reads the spec back from {@link #writeAttributes}. */
    public static final Reader READER = (name, in) -> {
        String v = in.getString("activation");
        for (Activation a : Activation.values()) {
            if (a.name().equals(v)) {
                return new ActivationLayer(name, a, in.getFloat("slope"));
            }
        }
        throw in.unknown("activation", "activation", v);
    };

    @Override
    public String kind() {
        return kindOf(activation);
    }

    @Override
    public String fileType() {
        return TYPE;
    }

    @Override
    public ActivationLayer withName(String name) {
        return new ActivationLayer(name, activation, slope);
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public void writeAttributes(LayerAttributes.Writer out) {
        out.putString("activation", activation.name()).putFloat("slope", slope);
    }

    @Override
    public ProbeRole probeRole() {
        return ProbeRole.ACTIVATION;
    }

    /** @return the weight initialization a dense layer feeding this activation gets by default */
    public Init preferredInit() {
        return switch (activation) {
            case RELU, LEAKY_RELU -> Init.he();
            case LECUN_TANH -> Init.lecun();
            default -> Init.glorot();
        };
    }

    @Override
    public Step compile(StepSite site) {
        return new Pass(site, activation, slope);
    }

    @Override
    public double[] referenceForward(double[] x, ReferenceContext ctx) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = reference(x[i], ctx);
        }
        return y;
    }

    private double reference(double v, ReferenceContext ctx) {
        if (activation == Activation.RELU || activation == Activation.LEAKY_RELU) {
            ctx.kink(Math.abs(v));
        }
        return switch (activation) {
            case IDENTITY -> v;
            case RELU -> v > 0 ? v : 0;
            case LEAKY_RELU -> v > 0 ? v : slope * v;
            case TANH -> Math.tanh(v);
            case SIGMOID -> 1 / (1 + Math.exp(-v));
            case LECUN_TANH -> Activation.LECUN_A * Math.tanh(Activation.LECUN_S * v);
        };
    }

    @Override
    public List<InferenceOp> inferenceOps(Shape input) {
        return List.of(op(name, activation, slope, input));
    }

    /**
     * @param layer      the layer computing it
     * @param activation the function
     * @param slope      leaky ReLU's slope
     * @param shape      the shape in and out
     * @return the activation as an inference op (also used by the layers that fuse it)
     */
    static InferenceOp op(String layer, Activation activation, float slope, Shape shape) {
        return switch (activation) {
            case IDENTITY -> new InferenceOp("Identity", layer, Map.of(), List.of(), shape, shape);
            case RELU -> new InferenceOp("Relu", layer, Map.of(), List.of(), shape, shape);
            case LEAKY_RELU -> new InferenceOp("LeakyRelu", layer, Map.of("alpha", slope), List.of(), shape, shape);
            case TANH -> new InferenceOp("Tanh", layer, Map.of(), List.of(), shape, shape);
            case SIGMOID -> new InferenceOp("Sigmoid", layer, Map.of(), List.of(), shape, shape);
            case LECUN_TANH ->
                new InferenceOp(
                        "LecunTanh",
                        layer,
                        Map.of("a", Activation.LECUN_A, "s", Activation.LECUN_S),
                        List.of(),
                        shape,
                        shape);
        };
    }

    /** The activation as its own pass: where nothing precedes it to fuse into, and in unfused plans. */
    private static final class Pass extends Step {
        private final Activation activation;
        private final float slope;

        Pass(StepSite site, Activation activation, float slope) {
            super(site);
            this.activation = activation;
            this.slope = slope;
        }

        @Override
        public String describe() {
            return kindOf(activation) + " pass";
        }

        @Override
        void forward(Workspace ws, int rows, long randomKey) {
            Activations.forward(activation, slope, ws.values[index], 0, ws.values[index + 1], 0, rows * outWidth);
        }

        @Override
        void backward(Workspace ws, int rows) {
            float[] dx = ws.grads(index);
            if (dx != null) {
                Activations.backward(
                        activation, slope, ws.values[index + 1], 0, ws.gradOut(index), 0, dx, 0, rows * outWidth);
            }
        }
    }
}
