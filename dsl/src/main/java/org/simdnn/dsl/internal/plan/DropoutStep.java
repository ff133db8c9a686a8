package org.simdnn.dsl.internal.plan;

import org.jspecify.annotations.Nullable;

/**
 * Inverted dropout: in training, each value is kept with probability {@code 1 - rate} and scaled by
 * {@code 1 / (1 - rate)}, so inference is the identity. The mask is a pure function of the batch's random key
 * and the element index (a SplitMix64 hash, the generator inside {@link java.util.SplittableRandom}), so it needs no
 * generator object per step and a resumed run draws the same masks.
 */
final class DropoutStep extends Step {

    private final float rate;
    private final float scale;
    private final int salt;

    DropoutStep(int index, int width, int layer, float rate) {
        super(index, width, width, layer, layer);
        this.rate = rate;
        this.scale = 1f / (1f - rate);
        this.salt = layer;
    }

    @Override
    public String describe() {
        return "dropout mask pass";
    }

    @Override
    float @Nullable [][] newScratch(int capacity, boolean training) {
        return training ? new float[][] {new float[Math.multiplyExact(capacity, outWidth)]} : null;
    }

    @Override
    void forward(Workspace ws, int rows, long randomKey) {
        float[] x = ws.values[index];
        float[] y = ws.values[index + 1];
        int len = rows * outWidth;
        if (!ws.training) {
            System.arraycopy(x, 0, y, 0, len);
            return;
        }
        float[] mask = ws.scratch(index)[0];
        long key = Seeds.mix(randomKey, salt);
        for (int i = 0; i < len; i++) {
            mask[i] = Seeds.unitFloat(key, i) < rate ? 0f : scale;
        }
        for (int i = 0; i < len; i++) {
            y[i] = x[i] * mask[i];
        }
    }

    @Override
    void backward(Workspace ws, int rows) {
        float[] dx = ws.grads(index);
        if (dx == null) {
            return;
        }
        float[] dy = ws.gradOut(index);
        float[] mask = ws.scratch(index)[0];
        int len = rows * outWidth;
        for (int i = 0; i < len; i++) {
            dx[i] = dy[i] * mask[i];
        }
    }
}
