package org.simdnn.core.internal;

/**
 * The per-feature affine map of {@code org.simdnn.core.Standardizer}: {@code y[r][c] = (x[r][c] - center[c]) *
 * invScale[c]} over a row-major {@code rows x cols} batch. Unchecked: the facade validates shapes. {@code y} may be
 * {@code x} itself (same offset and leading dimension) but may not partially overlap it.
 */
public interface StandardizerKernels {
    void apply(
            float[] x,
            int xOff,
            int rows,
            int cols,
            int ldx,
            float[] y,
            int yOff,
            int ldy,
            float[] center,
            float[] invScale);
}
