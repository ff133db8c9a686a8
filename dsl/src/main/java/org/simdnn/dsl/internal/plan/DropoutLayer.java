package org.simdnn.dsl.internal.plan;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.simdnn.dsl.InferenceOp;
import org.simdnn.dsl.Shape;

/**
 * Inverted dropout: in training each value is zeroed with probability {@code rate} and the survivors are scaled
 * by {@code 1 / (1 - rate)}; the identity in inference. The mask is a pure function of the batch's random key, the
 * layer index and the element index (a SplitMix64 hash, the generator inside {@link java.util.SplittableRandom}),
 * so it needs no generator object per step and a resumed run draws the same masks.
 *
 * @param name layer name
 * @param rate drop probability in {@code [0, 1)}
 */
public record DropoutLayer(String name, float rate) implements HiddenLayer {

    /** The model-file type. */
    public static final String TYPE = "dropout";

    /** Validates: the one rule for the builder and the model-file reader. */
    public DropoutLayer {
        Layers.checkName(name);
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException("rate must be in [0, 1), got " + rate);
        }
    }

    /** Reads the spec back from {@link #writeAttributes}. */
    public static final Reader READER = (name, in) -> new DropoutLayer(name, in.getFloat("rate"));

    @Override
    public String kind() {
        return "dropout";
    }

    @Override
    public String fileType() {
        return TYPE;
    }

    @Override
    public DropoutLayer withName(String name) {
        return new DropoutLayer(name, rate);
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public void writeAttributes(LayerAttributes.Writer out) {
        out.putFloat("rate", rate);
    }

    @Override
    public Step compile(StepSite site) {
        return new Pass(site, rate);
    }

    @Override
    public double[] referenceForward(double[] x, ReferenceContext ctx) {
        float scale = 1f / (1f - rate);
        long k = ctx.randomKey();
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Seeds.unitFloat(k, i) < rate ? 0 : x[i] * scale;
        }
        return y;
    }

    @Override
    public List<InferenceOp> inferenceOps(Shape input) {
        return List.of(new InferenceOp("Dropout", name, Map.of("ratio", rate), List.of(), input, input));
    }

    private static final class Pass extends Step {
        private final float rate;
        private final float scale;

        Pass(StepSite site, float rate) {
            super(site);
            this.rate = rate;
            this.scale = 1f / (1f - rate);
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
            long key = Seeds.mix(randomKey, firstLayer());
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
}
