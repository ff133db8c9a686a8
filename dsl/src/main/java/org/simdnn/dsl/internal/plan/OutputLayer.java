package org.simdnn.dsl.internal.plan;

import java.util.List;
import java.util.Map;
import org.simdnn.core.Losses;
import org.simdnn.dsl.InferenceOp;
import org.simdnn.dsl.Shape;

/**
 * The output head and its loss, always the last layer: softmax probabilities with cross-entropy against class
 * labels, or the linear output with mean squared error against targets. It turns the last step's output into
 * predictions and into the batch's mean loss plus its gradient, in one pass.
 *
 * @param name layer name
 * @param loss the loss it trains with
 */
public record OutputLayer(String name, Loss loss) implements Layer {

    /** The model-file type. */
    public static final String TYPE = "output";

    /** The two output losses. */
    public enum Loss {
        /** Softmax probabilities, cross-entropy against class labels. */
        SOFTMAX_CROSS_ENTROPY,
        /** Linear output, mean squared error against regression targets. */
        MEAN_SQUARED_ERROR
    }

    /** Validates: the one rule for the builder and the model-file reader. */
    public OutputLayer {
        Layers.checkName(name);
    }

    /** Reads the spec back from {@link #writeAttributes}. */
    public static final Reader READER = (name, in) -> {
        String v = in.getString("loss");
        for (Loss l : Loss.values()) {
            if (l.name().equals(v)) {
                return new OutputLayer(name, l);
            }
        }
        throw in.unknown("loss", "loss", v);
    };

    @Override
    public String kind() {
        return classification() ? "softmax" : "mse";
    }

    @Override
    public String fileType() {
        return TYPE;
    }

    @Override
    public OutputLayer withName(String name) {
        return new OutputLayer(name, loss);
    }

    /** @return whether the outputs are class probabilities */
    public boolean classification() {
        return loss == Loss.SOFTMAX_CROSS_ENTROPY;
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 1) {
            throw new IllegalArgumentException(kind() + "() takes flat samples (batch, outputs) but gets " + input);
        }
        if (classification() && input.size() < 2) {
            throw new IllegalArgumentException("softmax gets " + input.size() + " input(s): a softmax over one"
                    + " output is always 1; use dense(2) or more before softmax(), or mse()");
        }
        return input;
    }

    @Override
    public void writeAttributes(LayerAttributes.Writer out) {
        out.putString("loss", loss.name());
    }

    @Override
    public ProbeRole probeRole() {
        return ProbeRole.ACTIVATION;
    }

    @Override
    public List<InferenceOp> inferenceOps(Shape input) {
        return List.of(
                classification()
                        ? new InferenceOp("Softmax", name, Map.of("axis", -1), List.of(), input, input)
                        : new InferenceOp("Identity", name, Map.of(), List.of(), input, input));
    }

    /** @return the summary's description of the head's pass */
    public String describe() {
        return classification()
                ? "softmax cross-entropy (loss + gradient in one pass)"
                : "mean squared error (loss + gradient in one pass)";
    }

    /**
     * Mean loss of the batch and its gradient with respect to {@code out}, against the labels or targets in the
     * workspace.
     *
     * @param ws   holds the labels or targets of the batch
     * @param out  the network output, {@code rows x outputs}
     * @param k    outputs per row
     * @param rows batch rows
     * @param grad receives the gradient, {@code rows x outputs}
     * @return the mean loss over the batch
     */
    float lossAndGradient(Workspace ws, float[] out, int k, int rows, float[] grad) {
        if (classification()) {
            return Losses.softmaxCrossEntropy(out, 0, rows, k, k, ws.labels, 0, grad, 0, k);
        }
        return Losses.meanSquaredErrorWithGradient(out, 0, rows, k, k, ws.targets, 0, k, grad, 0, k);
    }

    /**
     * Predictions of a batch.
     *
     * @param out    the network output, {@code rows x outputs}
     * @param k      outputs per row
     * @param rows   batch rows
     * @param dst    receives {@code rows x outputs} predictions
     * @param dstOff offset in dst
     */
    void predictions(float[] out, int k, int rows, float[] dst, int dstOff) {
        if (classification()) {
            Losses.softmax(out, 0, rows, k, k, dst, dstOff, k);
        } else {
            System.arraycopy(out, 0, dst, dstOff, rows * k);
        }
    }

    /**
     * The loss in double precision, for the gradient check.
     *
     * @param z       the network output, {@code rows x k}
     * @param k       outputs per row
     * @param rows    batch rows
     * @param labels  class labels (classification), else null
     * @param targets targets (regression), else null
     * @return the mean loss
     */
    public double referenceLoss(
            double[] z,
            int k,
            int rows,
            int @org.jspecify.annotations.Nullable [] labels,
            double @org.jspecify.annotations.Nullable [] targets) {
        if (classification()) {
            if (labels == null) {
                throw new IllegalStateException("no labels");
            }
            double total = 0;
            for (int r = 0; r < rows; r++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    max = Math.max(max, z[r * k + j]);
                }
                double s = 0;
                for (int j = 0; j < k; j++) {
                    s += Math.exp(z[r * k + j] - max);
                }
                total += Math.log(s) + max - z[r * k + labels[r]];
            }
            return total / rows;
        }
        if (targets == null) {
            throw new IllegalStateException("no targets");
        }
        double total = 0;
        for (int i = 0; i < rows * k; i++) {
            double d = z[i] - targets[i];
            total += d * d;
        }
        return total / ((double) rows * k);
    }
}
