package org.simdnn.dsl.internal.plan;

import java.io.IOException;
import java.util.List;
import org.simdnn.dsl.InferenceOp;
import org.simdnn.dsl.Shape;

/**
 * One layer kind's contract. A kind is one file ({@link DenseLayer}, {@link BatchNormLayer},
 * {@link ActivationLayer}, {@link DropoutLayer}, {@link OutputLayer}) that owns its spec and validation (the record's
 * constructor, called by the builder and the model-file reader alike), its output shape, its named tensors, the
 * step it compiles to and its fusion rule, its model-file attributes, its double-precision reference forward and
 * its inference description. Validation messages start with the attribute they judge ({@code "units must be ..."}),
 * so the model-file reader can name the key. {@link LayerKinds} lists the kinds the model-file reader knows. Everything that
 * iterates over layers (plan, workspace, summary, files, gradient check, probes) asks the layer, so a new kind
 * needs no change there.
 */
public interface Layer {

    /** @return the layer's unique name, e.g. {@code dense_1} */
    String name();

    /**
     * @return the kind as summaries and default names show it ({@code dense}, {@code batch_norm}, {@code relu},
     *     {@code softmax}, ...)
     */
    String kind();

    /** @return the type written to model files ({@code dense}, {@code batch_norm}, {@code activation}, ...) */
    String fileType();

    /**
     * @param name a new name
     * @return this layer with that name
     */
    Layer withName(String name);

    /**
     * @param input the shape of one sample going in
     * @return the shape coming out
     * @throws IllegalArgumentException when the layer cannot take that input (the message names the shape)
     */
    Shape outputShape(Shape input);

    /**
     * @param input the shape of one sample going in (already accepted by {@link #outputShape})
     * @return the layer's tensors, in a fixed order (parameters first)
     */
    default List<TensorSpec> tensors(Shape input) {
        return List.of();
    }

    /**
     * Writes the spec's attributes (the reader of the kind reads them back through the same names).
     *
     * @param out the layer's attribute scope in a model file
     */
    void writeAttributes(LayerAttributes.Writer out);

    /**
     * @param input the shape going in
     * @return the operations of this layer's inference computation (empty for a layer that is the identity in
     *     inference and has nothing to say)
     */
    List<InferenceOp> inferenceOps(Shape input);

    /** How the layer takes part in probes ({@link org.simdnn.dsl.Network#probe}). */
    enum ProbeRole {
        /** Starts a block: a probe never reads past the next one. */
        BLOCK_START,
        /** An activation point: the probe reads its input or output. */
        ACTIVATION,
        /** Anything else inside a block. */
        INNER
    }

    /** @return its role for probes */
    default ProbeRole probeRole() {
        return ProbeRole.INNER;
    }

    /** Reads one kind's spec from its attributes: the other half of {@link #writeAttributes}. */
    @FunctionalInterface
    interface Reader {
        /**
         * @param name the layer name
         * @param in   the layer's attribute scope
         * @return the layer (its constructor validates)
         * @throws IOException when an attribute is missing or of the wrong type
         */
        Layer read(String name, LayerAttributes.Reader in) throws IOException;
    }
}
