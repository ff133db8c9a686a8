package org.simdnn.dsl.internal.plan;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.simdnn.core.Activation;
import org.simdnn.core.BatchNorm;

/**
 * Batch normalization with the following activation fused in (IDENTITY when none follows, or in an unfused plan):
 * training forward = one column-statistics pass + one normalize/affine/activation pass
 * ({@link BatchNorm#forwardTraining}), updating the running statistics; inference forward = one pass with the
 * running statistics; training backward = {@link BatchNorm#backwardTraining}, the activation derivative included.
 */
final class BatchNormStep extends Step {

    private static final int SAVE_MEAN = 0;
    private static final int SAVE_INV_STD = 1;
    private static final int SUM_DZ_XHAT = 2;
    private static final int SUM_DZ = 3;

    private final @Nullable Parameter gamma;
    private final @Nullable Parameter beta;
    private final float[] runningMean;
    private final float[] runningVar;
    private final float eps;
    private final float momentum;
    private final Activation activation;
    private final float slope;

    BatchNormStep(int index, int width, int firstLayer, int lastLayer, @Nullable Parameter gamma,
                  @Nullable Parameter beta, float[] runningMean, float[] runningVar, float eps, float momentum,
                  Activation activation, float slope) {
        super(index, width, width, firstLayer, lastLayer);
        this.gamma = gamma;
        this.beta = beta;
        this.runningMean = runningMean;
        this.runningVar = runningVar;
        this.eps = eps;
        this.momentum = momentum;
        this.activation = activation;
        this.slope = slope;
    }

    @Override
    public String describe() {
        String act = activation == Activation.IDENTITY ? "" : " + " + LayerSpec.Act.kindOf(activation);
        return "column statistics; normalize" + (gamma != null ? " + affine" : "") + act;
    }

    @Override
    public List<Parameter> parameters() {
        return gamma == null || beta == null ? List.of() : List.of(gamma, beta);
    }

    @Override
    public List<float[]> state() {
        return List.of(runningMean, runningVar);
    }

    @Override
    float @Nullable [][] newScratch(int capacity, boolean training) {
        if (!training) {
            return null;
        }
        return new float[][] {new float[outWidth], new float[outWidth], new float[outWidth], new float[outWidth]};
    }

    @Override
    void forward(Workspace ws, int rows, long randomKey) {
        int c = outWidth;
        float[] x = ws.values[index];
        float[] y = ws.values[index + 1];
        if (ws.training) {
            float[][] s = ws.scratch(index);
            if (gamma != null && beta != null) {
                BatchNorm.forwardTraining(x, 0, rows, c, c, gamma.value(), beta.value(), eps, activation, slope, y,
                    0, c, s[SAVE_MEAN], s[SAVE_INV_STD], runningMean, runningVar, momentum);
            } else {
                BatchNorm.forwardTraining(x, 0, rows, c, c, eps, activation, slope, y, 0, c, s[SAVE_MEAN],
                    s[SAVE_INV_STD], runningMean, runningVar, momentum);
            }
        } else if (gamma != null && beta != null) {
            BatchNorm.forwardInference(x, 0, rows, c, c, gamma.value(), beta.value(), runningMean, runningVar, eps,
                activation, slope, y, 0, c);
        } else {
            BatchNorm.forwardInference(x, 0, rows, c, c, runningMean, runningVar, eps, activation, slope, y, 0, c);
        }
    }

    @Override
    void backward(Workspace ws, int rows) {
        int c = outWidth;
        float[][] s = ws.scratch(index);
        float[] dy = ws.gradOut(index);
        float[] dx = ws.grads(index);
        if (dx == null) {
            dx = dy; // nobody needs the input gradient: let the kernel overwrite dy, which it allows
        }
        float[] x = ws.values[index];
        if (gamma != null && beta != null) {
            BatchNorm.backwardTraining(x, 0, rows, c, c, gamma.value(), beta.value(), s[SAVE_MEAN], s[SAVE_INV_STD],
                activation, slope, dy, 0, c, dx, 0, c, gamma.grad(), beta.grad());
        } else {
            BatchNorm.backwardTraining(x, 0, rows, c, c, s[SAVE_MEAN], s[SAVE_INV_STD], activation, slope, dy, 0, c,
                dx, 0, c, s[SUM_DZ_XHAT], s[SUM_DZ]);
        }
    }
}
