package org.simdnn.dsl;

import org.jspecify.annotations.Nullable;

/**
 * The result of {@link Network#evaluate}: mean loss over the dataset in inference mode, and for classification the
 * accuracy and the confusion matrix.
 */
public final class Evaluation {

    private final double loss;
    private final double accuracy;
    private final int @Nullable [][] confusion;

    Evaluation(double loss, double accuracy, int @Nullable [][] confusion) {
        this.loss = loss;
        this.accuracy = accuracy;
        this.confusion = confusion;
    }

    /** @return the mean loss per sample (cross-entropy, or MSE averaged over samples and outputs) */
    public double loss() {
        return loss;
    }

    /** @return the fraction of samples whose most probable class is the label; NaN for regression */
    public double accuracy() {
        return accuracy;
    }

    /**
     * @return {@code [actual][predicted]} counts (a copy)
     * @throws IllegalStateException for a regression evaluation
     */
    public int[][] confusionMatrix() {
        if (confusion == null) {
            throw new IllegalStateException("a regression evaluation has no confusion matrix");
        }
        int[][] copy = new int[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return copy;
    }

    @Override
    public String toString() {
        return confusion == null
                ? "Evaluation[loss=" + loss + "]"
                : "Evaluation[loss=" + loss + ", accuracy=" + accuracy + "]";
    }
}
