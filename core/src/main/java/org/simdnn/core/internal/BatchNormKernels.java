package org.simdnn.core.internal;

import org.jspecify.annotations.Nullable;
import org.simdnn.core.Activation;

/**
 * Fused batch normalization over a row-major {@code n x c} batch (rows = samples, columns = features, SIMD across
 * columns). Implementations: {@link ScalarBatchNorm} (twin, fallback) and {@code vector.VectorBatchNorm}. All
 * methods are unchecked: the facade {@code org.simdnn.core.BatchNorm} validates shapes, aliasing and scalars
 * first. Per-feature arrays are indexed from 0. A null {@code gamma}/{@code beta} means "affine off" (1 and 0);
 * this nullability is internal only, the facade offers overloads instead.
 */
public interface BatchNormKernels {

    /**
     * Training statistics: per-column mean into {@code mean}, {@code 1/sqrt(var_biased + eps)} into
     * {@code invStd}, and the running statistics updated PyTorch's way ({@code momentum} = weight of this batch,
     * running variance unbiased with {@code n/(n-1)}). Requires {@code n >= 2}.
     */
    void trainStats(
            float[] x,
            int xOff,
            int ldx,
            int n,
            int c,
            float eps,
            float[] mean,
            float[] invStd,
            float[] runningMean,
            float[] runningVar,
            float momentum);

    /**
     * {@code y = act(gamma * (x - mean) * inv + beta)} where {@code inv} is {@code stat} itself, or
     * {@code 1/sqrt(stat + eps)} when {@code statIsVar}. {@code y} may be identical to {@code x}.
     */
    void normalize(
            float[] x,
            int xOff,
            int ldx,
            int n,
            int c,
            float[] mean,
            float[] stat,
            boolean statIsVar,
            float eps,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            Activation act,
            float slope,
            float[] y,
            int yOff,
            int ldy);

    /**
     * Training backward. Writes {@code sumDz[j] = sum_r dz} (= dbeta) and {@code sumDzXhat[j] = sum_r dz*xhat}
     * (= dgamma), where dz = dy * act'(z), then
     * {@code dx = gamma*invStd/n * (n*dz - sumDz - xhat*sumDzXhat)}. {@code dx} may be identical to {@code dy},
     * never overlaps {@code x}.
     */
    void backwardTraining(
            float[] x,
            int xOff,
            int ldx,
            int n,
            int c,
            float[] mean,
            float[] invStd,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            Activation act,
            float slope,
            float[] dy,
            int dyOff,
            int lddy,
            float[] dx,
            int dxOff,
            int lddx,
            float[] sumDzXhat,
            float[] sumDz);

    /**
     * Inference backward from running statistics: {@code dx = gamma*invStd*dz}, and when {@code dgamma} is non-null
     * {@code dgamma = sum dz*xhat}, {@code dbeta = sum dz}.
     */
    void backwardInference(
            float[] x,
            int xOff,
            int ldx,
            int n,
            int c,
            float[] runningMean,
            float[] runningVar,
            float eps,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            Activation act,
            float slope,
            float[] dy,
            int dyOff,
            int lddy,
            float[] dx,
            int dxOff,
            int lddx,
            float @Nullable [] dgamma,
            float @Nullable [] dbeta);
}
