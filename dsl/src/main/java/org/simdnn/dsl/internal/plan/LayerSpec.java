package org.simdnn.dsl.internal.plan;

import org.simdnn.core.Activation;

/**
 * One layer as the builder resolved it (defaults applied, names given): the unit of the summary table, of the
 * layer probe and of the model file. The plan compiler turns a list of these into fused {@link Step}s.
 */
public sealed interface LayerSpec {

    /** @return the layer's unique name, e.g. {@code dense_1} */
    String name();

    /** @return the short kind used in summaries and default names, e.g. {@code dense} */
    String kind();

    /**
     * A fully connected layer {@code y = x W^T + b} with W stored {@code units x inputs}.
     *
     * @param name  layer name
     * @param units output width
     * @param bias  whether the layer has a bias
     */
    record Dense(String name, int units, boolean bias) implements LayerSpec {
        @Override
        public String kind() {
            return "dense";
        }
    }

    /**
     * Batch normalization over the features of a batch.
     *
     * @param name     layer name
     * @param eps      added to the variance
     * @param momentum weight of the new batch in the running statistics (PyTorch's convention)
     * @param affine   whether the layer learns gamma and beta
     */
    record BatchNorm(String name, float eps, float momentum, boolean affine) implements LayerSpec {
        @Override
        public String kind() {
            return "batch_norm";
        }
    }

    /**
     * An elementwise activation.
     *
     * @param name       layer name
     * @param activation the function
     * @param slope      negative slope of leaky ReLU (0 for the others)
     */
    record Act(String name, Activation activation, float slope) implements LayerSpec {
        @Override
        public String kind() {
            return kindOf(activation);
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
    }

    /**
     * Inverted dropout: in training each value is zeroed with probability {@code rate} and the survivors are scaled
     * by {@code 1 / (1 - rate)}; identity in inference.
     *
     * @param name layer name
     * @param rate drop probability in {@code [0, 1)}
     */
    record Dropout(String name, float rate) implements LayerSpec {
        @Override
        public String kind() {
            return "dropout";
        }
    }

    /**
     * The output layer and loss: must be last.
     *
     * @param name layer name
     * @param loss the loss it trains with
     */
    record Output(String name, Loss loss) implements LayerSpec {
        @Override
        public String kind() {
            return loss == Loss.SOFTMAX_CROSS_ENTROPY ? "softmax" : "mse";
        }
    }

    /** The two output losses. */
    enum Loss {
        /** Softmax probabilities, cross-entropy against class labels. */
        SOFTMAX_CROSS_ENTROPY,
        /** Linear output, mean squared error against regression targets. */
        MEAN_SQUARED_ERROR
    }
}
