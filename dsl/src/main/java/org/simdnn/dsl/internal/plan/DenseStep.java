package org.simdnn.dsl.internal.plan;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.simdnn.core.Activation;
import org.simdnn.core.Activations;
import org.simdnn.core.Gemm;
import org.simdnn.core.Transpose;

/**
 * A dense layer {@code Y = act(X W^T + b)} as one GEMM with the bias and activation applied in its epilogue (the
 * activation is IDENTITY when the layer is followed by batch norm, or in an unfused plan). Backward: the
 * activation derivative in place on the incoming gradient, then {@code dW = dZ^T X}, {@code db = column sums of
 * dZ} and {@code dX = dZ W} (skipped for the first step, whose input gradient nobody needs).
 */
final class DenseStep extends Step {

    private final Parameter weight;
    private final @Nullable Parameter bias;
    private final Activation activation;
    private final float slope;

    DenseStep(int index, int inWidth, int outWidth, int firstLayer, int lastLayer, Parameter weight,
              @Nullable Parameter bias, Activation activation, float slope) {
        super(index, inWidth, outWidth, firstLayer, lastLayer);
        this.weight = weight;
        this.bias = bias;
        this.activation = activation;
        this.slope = slope;
    }

    @Override
    public String describe() {
        StringBuilder s = new StringBuilder("GEMM");
        if (bias != null) {
            s.append(" + bias");
        }
        if (activation != Activation.IDENTITY) {
            s.append(" + ").append(LayerSpec.Act.kindOf(activation));
        }
        return s.append(bias != null || activation != Activation.IDENTITY ? " epilogue" : "").toString();
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>(2);
        p.add(weight);
        if (bias != null) {
            p.add(bias);
        }
        return p;
    }

    @Override
    void forward(Workspace ws, int rows, long randomKey) {
        Gemm.dense(ws.values[index], 0, rows, inWidth, inWidth, weight.value(), 0, outWidth, inWidth,
            bias == null ? null : bias.value(), 0, activation, slope, ws.values[index + 1], 0, outWidth);
    }

    @Override
    void backward(Workspace ws, int rows) {
        float[] dz = ws.gradOut(index);
        if (activation != Activation.IDENTITY) {
            Activations.backwardInPlace(activation, slope, ws.values[index + 1], 0, dz, 0, rows * outWidth);
        }
        // dW (out x in) = dZ^T (out x rows) * X (rows x in)
        Gemm.gemm(Transpose.TRANSPOSE, Transpose.NONE, outWidth, inWidth, rows, 1f, dz, 0, outWidth,
            ws.values[index], 0, inWidth, 0f, weight.grad(), 0, inWidth);
        if (bias != null) {
            Gemm.columnSums(dz, 0, rows, outWidth, outWidth, bias.grad(), 0);
        }
        float[] dx = ws.grads(index);
        if (dx != null) {
            // dX (rows x in) = dZ (rows x out) * W (out x in)
            Gemm.gemm(Transpose.NONE, Transpose.NONE, rows, inWidth, outWidth, 1f, dz, 0, outWidth,
                weight.value(), 0, inWidth, 0f, dx, 0, inWidth);
        }
    }
}
