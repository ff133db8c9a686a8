package org.simdnn.dsl.internal.plan;

import org.simdnn.core.Losses;

/**
 * The output layer: turns the last step's output into predictions (softmax probabilities or the linear output) and
 * into a mean loss plus its gradient.
 */
public final class Head {

    private final LayerSpec.Loss loss;
    private final int outputs;

    Head(LayerSpec.Loss loss, int outputs) {
        this.loss = loss;
        this.outputs = outputs;
    }

    /** @return the loss */
    public LayerSpec.Loss loss() {
        return loss;
    }

    /** @return whether the outputs are class probabilities */
    public boolean classification() {
        return loss == LayerSpec.Loss.SOFTMAX_CROSS_ENTROPY;
    }

    /**
     * Mean loss of the batch and its gradient with respect to {@code out}, against the labels or targets in the
     * workspace.
     *
     * @param ws   holds the labels or targets of the batch
     * @param out  the network output, {@code rows x outputs}
     * @param rows batch rows
     * @param grad receives the gradient, {@code rows x outputs}
     * @return the mean loss over the batch
     */
    float lossAndGradient(Workspace ws, float[] out, int rows, float[] grad) {
        if (classification()) {
            return Losses.softmaxCrossEntropy(out, 0, rows, outputs, outputs, ws.labels, 0, grad, 0, outputs);
        }
        return Losses.meanSquaredErrorWithGradient(out, 0, rows, outputs, outputs, ws.targets, 0, outputs, grad, 0,
            outputs);
    }

    /**
     * Predictions of a batch.
     *
     * @param out    the network output, {@code rows x outputs}
     * @param rows   batch rows
     * @param dst    receives {@code rows x outputs} predictions
     * @param dstOff offset in dst
     */
    void predictions(float[] out, int rows, float[] dst, int dstOff) {
        if (classification()) {
            Losses.softmax(out, 0, rows, outputs, outputs, dst, dstOff, outputs);
        } else {
            System.arraycopy(out, 0, dst, dstOff, rows * outputs);
        }
    }
}
