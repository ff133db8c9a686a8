package org.simdnn.core.internal;

import org.jspecify.annotations.Nullable;
import org.simdnn.core.Activation;

/**
 * Fused batch normalization over a row-major {@code n x c} batch (rows = samples, columns = features, SIMD across
 * columns). Implementations: {@link ScalarBatchNorm} (twin, fallback) and {@code vector.VectorBatchNorm}. All
 * methods are unchecked: the facade {@code org.simdnn.core.BatchNorm} validates shapes, aliasing and scalars
 * first. Each method has the facade's name and argument order ({@code (x, xOff, n, c, ldx, ...)}), so a call site
 * reads the same on both sides of the check. Per-feature arrays are indexed from 0. A null {@code gamma}/{@code beta}
 * means "affine off" (1 and 0); this nullability is internal only, the facade offers overloads instead.
 */
public interface BatchNormKernels {

    /**
     * Training forward: per-column batch mean into {@code saveMean} and {@code 1/sqrt(var_biased + eps)} into {@code
     * saveInvStd}, the running statistics updated PyTorch's way ({@code momentum} = weight of this batch, running
     * variance unbiased with {@code n/(n-1)}), then {@code y = act((x - mean) * gamma * invStd + beta)}. Requires {@code
     * n >= 2}; {@code y} may be identical to {@code x}.
     */
    void forwardTraining(
            float[] x,
            int xOff,
            int n,
            int c,
            int ldx,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            float eps,
            Activation act,
            float slope,
            float[] y,
            int yOff,
            int ldy,
            float[] saveMean,
            float[] saveInvStd,
            float[] runningMean,
            float[] runningVar,
            float momentum);

    /**
     * Inference forward from the running statistics: {@code y = act((x - runningMean) * gamma / sqrt(runningVar +
     * eps) + beta)}. {@code y} may be identical to {@code x}.
     */
    void forwardInference(
            float[] x,
            int xOff,
            int n,
            int c,
            int ldx,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            float[] runningMean,
            float[] runningVar,
            float eps,
            Activation act,
            float slope,
            float[] y,
            int yOff,
            int ldy);

    /**
     * Training backward. Writes {@code dbeta[j] = sum_r dz} and {@code dgamma[j] = sum_r dz*xhat}, where dz = dy *
     * act'(z), then {@code dx = gamma*invStd/n * (n*dz - dbeta - xhat*dgamma)}. {@code dx} may be identical to {@code
     * dy}, never overlaps {@code x}.
     */
    void backwardTraining(
            float[] x,
            int xOff,
            int n,
            int c,
            int ldx,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            float[] saveMean,
            float[] saveInvStd,
            Activation act,
            float slope,
            float[] dy,
            int dyOff,
            int lddy,
            float[] dx,
            int dxOff,
            int lddx,
            float[] dgamma,
            float[] dbeta);

    /**
     * Inference backward from running statistics: {@code dx = gamma*invStd*dz}, and when {@code dgamma} is non-null
     * {@code dgamma = sum dz*xhat}, {@code dbeta = sum dz}.
     */
    void backwardInference(
            float[] x,
            int xOff,
            int n,
            int c,
            int ldx,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            float[] runningMean,
            float[] runningVar,
            float eps,
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
