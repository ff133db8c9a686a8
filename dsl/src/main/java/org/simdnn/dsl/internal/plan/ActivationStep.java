package org.simdnn.dsl.internal.plan;

import org.simdnn.core.Activation;
import org.simdnn.core.Activations;

/** An activation as its own pass: where nothing precedes it to fuse into, and in unfused plans. */
final class ActivationStep extends Step {

    private final Activation activation;
    private final float slope;

    ActivationStep(int index, int width, int layer, Activation activation, float slope) {
        super(index, width, width, layer, layer);
        this.activation = activation;
        this.slope = slope;
    }

    @Override
    public String describe() {
        return LayerSpec.Act.kindOf(activation) + " pass";
    }

    @Override
    void forward(Workspace ws, int rows, long randomKey) {
        Activations.forward(activation, slope, ws.values[index], 0, ws.values[index + 1], 0, rows * outWidth);
    }

    @Override
    void backward(Workspace ws, int rows) {
        float[] dx = ws.grads(index);
        if (dx != null) {
            Activations.backward(activation, slope, ws.values[index + 1], 0, ws.gradOut(index), 0, dx, 0,
                rows * outWidth);
        }
    }
}
