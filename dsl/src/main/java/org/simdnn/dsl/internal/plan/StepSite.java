package org.simdnn.dsl.internal.plan;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.simdnn.dsl.Shape;

/**
 * Where a compiled step sits in its plan, handed to {@link HiddenLayer#compile}.
 *
 * @param index      the step's index: it reads workspace value {@code index}, writes {@code index + 1}
 * @param input      shape of one sample going in
 * @param output     shape of one sample coming out (after the fused activation, if any)
 * @param firstLayer the index of the layer compiled
 * @param lastLayer  the index of the last layer the step computes (the fused activation's, or firstLayer)
 * @param tensors    the layer's tensors by short name
 * @param fused      the activation fused into this step, or null
 */
public record StepSite(
        int index,
        Shape input,
        Shape output,
        int firstLayer,
        int lastLayer,
        Map<String, Tensor> tensors,
        @Nullable ActivationLayer fused) {

    /**
     * @param shortName e.g. {@code weight}
     * @return the layer's tensor
     * @throws IllegalStateException when the layer has none of that name
     */
    public Tensor tensor(String shortName) {
        Tensor t = tensors.get(shortName);
        if (t == null) {
            throw new IllegalStateException("layer " + firstLayer + " has no tensor " + shortName);
        }
        return t;
    }

    /**
     * @param shortName e.g. {@code bias}
     * @return the layer's tensor, or null
     */
    public @Nullable Tensor optional(String shortName) {
        return tensors.get(shortName);
    }
}
