package org.simdnn.dsl;

/**
 * Which value of a layer {@link Network#probe} reads. A named layer belongs to a block (a dense layer and the batch
 * norm, activation and dropout layers after it, up to the next dense); the probe reads around the block's first
 * activation at or after the named layer: its input ({@link #PRE_ACTIVATION}, e.g. the batch-normalized values
 * fed to a sigmoid, as in Figure 1(b,c) of the batch-norm paper) or its output ({@link #POST_ACTIVATION}). For the
 * output layer the activation is the softmax (pre = logits, post = probabilities; identity for mse). A block without
 * an activation gives its last value for both.
 */
public enum Probe {
    /** The input of the block's activation. */
    PRE_ACTIVATION,
    /** The output of the block's activation. */
    POST_ACTIVATION
}
