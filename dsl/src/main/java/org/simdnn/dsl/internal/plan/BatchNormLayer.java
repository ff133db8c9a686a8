package org.simdnn.dsl.internal.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.simdnn.core.Activation;
import org.simdnn.core.BatchNorm;
import org.simdnn.dsl.BatchStatistics;
import org.simdnn.dsl.InferenceOp;
import org.simdnn.dsl.Shape;

/**
 * Batch normalization over the features (the last dimension) of a batch: tensors {@code gamma}, {@code beta} (when
 * affine), {@code running_mean}, {@code running_var} (unbiased, PyTorch's convention). Fuses a following
 * activation into its normalize pass: training forward = one column-statistics pass + one
 * normalize/affine/activation pass ({@link BatchNorm#forwardTraining}); inference = one pass with the running
 * statistics; backward = {@link BatchNorm#backwardTraining}, the activation derivative included. The running
 * statistics are updated from the batch statistics only after a step whose loss was finite ({@link Step#commit}).
 *
 * @param name     layer name
 * @param eps      added to the variance, finite and {@code > 0}
 * @param momentum weight of the new batch in the running statistics, in {@code [0, 1]} (PyTorch's convention)
 * @param affine   whether the layer learns gamma and beta
 */
public record BatchNormLayer(String name, float eps, float momentum, boolean affine) implements HiddenLayer {

    /** The model-file type. */
    public static final String TYPE = "batch_norm";

    /** Validates: the one rule for the builder and the model-file reader. */
    public BatchNormLayer {
        Layers.checkName(name);
        if (!(eps > 0f) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException("eps must be finite and > 0, got " + eps);
        }
        if (!(momentum >= 0f && momentum <= 1f)) {
            throw new IllegalArgumentException("momentum must be in [0, 1] (the weight of the new batch, PyTorch's"
                    + " convention), got " + momentum);
        }
    }

    /** Reads the spec back from {@link #writeAttributes}. */
    public static final Reader READER = (name, in) ->
            new BatchNormLayer(name, in.getFloat("eps"), in.getFloat("momentum"), in.getBoolean("affine"));

    @Override
    public String kind() {
        return "batch_norm";
    }

    @Override
    public String fileType() {
        return TYPE;
    }

    @Override
    public BatchNormLayer withName(String name) {
        return new BatchNormLayer(name, eps, momentum, affine);
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 1) {
            throw new IllegalArgumentException("batchNorm takes flat samples (batch, features) but gets " + input);
        }
        return input;
    }

    @Override
    public List<TensorSpec> tensors(Shape input) {
        int c = input.channels();
        List<TensorSpec> t = new ArrayList<>(4);
        if (affine) {
            t.add(new TensorSpec("gamma", new int[] {c}, Tensor.Role.PARAMETER, 1f, "gamma"));
            t.add(new TensorSpec("beta", new int[] {c}, Tensor.Role.PARAMETER, 0f, "beta"));
        }
        t.add(new TensorSpec("running_mean", new int[] {c}, Tensor.Role.STATE, 0f, "runningMean"));
        t.add(new TensorSpec("running_var", new int[] {c}, Tensor.Role.STATE, 1f, "runningVar", true));
        return t;
    }

    @Override
    public void writeAttributes(LayerAttributes.Writer out) {
        out.putFloat("eps", eps).putFloat("momentum", momentum).putBoolean("affine", affine);
    }

    @Override
    public boolean fuses(Layer next) {
        return next instanceof ActivationLayer;
    }

    @Override
    public Step compile(StepSite site) {
        return new Pass(site, this);
    }

    @Override
    public double[] referenceForward(double[] x, ReferenceContext ctx) {
        double[] g = ctx.tensor("gamma");
        double[] b = ctx.tensor("beta");
        int rows = ctx.rows();
        int c = ctx.input().channels();
        double[] y = new double[x.length];
        for (int j = 0; j < c; j++) {
            double mean = 0;
            for (int r = 0; r < rows; r++) {
                mean += x[r * c + j];
            }
            mean /= rows;
            double var = 0;
            for (int r = 0; r < rows; r++) {
                double d = x[r * c + j] - mean;
                var += d * d;
            }
            var /= rows;
            double inv = 1 / Math.sqrt(var + eps);
            for (int r = 0; r < rows; r++) {
                double xhat = (x[r * c + j] - mean) * inv;
                y[r * c + j] = g == null || b == null ? xhat : g[j] * xhat + b[j];
            }
        }
        return y;
    }

    @Override
    public List<InferenceOp> inferenceOps(Shape input) {
        List<String> tensors = affine
                ? List.of(name + ".gamma", name + ".beta", name + ".running_mean", name + ".running_var")
                : List.of(name + ".running_mean", name + ".running_var");
        return List.of(new InferenceOp(
                "BatchNormalization", name, Map.of("epsilon", eps, "affine", affine), tensors, input, input));
    }

    /** {@code running = (1 - momentum) running + momentum batch}, in double as the core kernels do it. */
    private static void blend(float[] running, double momentum, int j, double batch) {
        running[j] = (float) ((1 - momentum) * running[j] + momentum * batch);
    }

    private static final class Pass extends Step {
        private static final int SAVE_MEAN = 0;
        private static final int SAVE_INV_STD = 1;
        private static final int SUM_DZ_XHAT = 2;
        private static final int SUM_DZ = 3;
        /** The batch mean and unbiased variance, measured by the kernel's running update at momentum 1. */
        private static final int BATCH_MEAN = 4;

        private static final int BATCH_VAR = 5;

        private final String layer;
        private final @Nullable Tensor gamma;
        private final @Nullable Tensor beta;
        private final float[] runningMean;
        private final float[] runningVar;
        private final float eps;
        private final float momentum;
        private final Activation activation;
        private final float slope;

        Pass(StepSite site, BatchNormLayer spec) {
            super(site);
            this.layer = spec.name();
            this.gamma = site.optional("gamma");
            this.beta = site.optional("beta");
            this.runningMean = site.tensor("running_mean").value();
            this.runningVar = site.tensor("running_var").value();
            this.eps = spec.eps();
            this.momentum = spec.momentum();
            ActivationLayer act = site.fused();
            this.activation = act == null ? Activation.IDENTITY : act.activation();
            this.slope = act == null ? 0f : act.slope();
        }

        @Override
        public String describe() {
            String act = activation == Activation.IDENTITY ? "" : " + " + ActivationLayer.kindOf(activation);
            return "column statistics; normalize" + (gamma != null ? " + affine" : "") + act;
        }

        @Override
        float @Nullable [][] newScratch(int capacity, boolean training) {
            if (!training) {
                return null;
            }
            float[][] s = new float[6][];
            for (int i = 0; i < s.length; i++) {
                s[i] = new float[outWidth];
            }
            return s;
        }

        @Override
        void forward(Workspace ws, int rows, long randomKey) {
            int c = outWidth;
            float[] x = ws.values[index];
            float[] y = ws.values[index + 1];
            if (ws.training) {
                float[][] s = ws.scratch(index);
                // momentum 1 over zeros: the kernel's "running" outputs are exactly this batch's statistics
                java.util.Arrays.fill(s[BATCH_MEAN], 0f);
                java.util.Arrays.fill(s[BATCH_VAR], 0f);
                if (gamma != null && beta != null) {
                    BatchNorm.forwardTraining(
                            x,
                            0,
                            rows,
                            c,
                            c,
                            gamma.value(),
                            beta.value(),
                            eps,
                            activation,
                            slope,
                            y,
                            0,
                            c,
                            s[SAVE_MEAN],
                            s[SAVE_INV_STD],
                            s[BATCH_MEAN],
                            s[BATCH_VAR],
                            1f);
                } else {
                    BatchNorm.forwardTraining(
                            x,
                            0,
                            rows,
                            c,
                            c,
                            eps,
                            activation,
                            slope,
                            y,
                            0,
                            c,
                            s[SAVE_MEAN],
                            s[SAVE_INV_STD],
                            s[BATCH_MEAN],
                            s[BATCH_VAR],
                            1f);
                }
            } else if (gamma != null && beta != null) {
                BatchNorm.forwardInference(
                        x,
                        0,
                        rows,
                        c,
                        c,
                        gamma.value(),
                        beta.value(),
                        runningMean,
                        runningVar,
                        eps,
                        activation,
                        slope,
                        y,
                        0,
                        c);
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
                BatchNorm.backwardTraining(
                        x,
                        0,
                        rows,
                        c,
                        c,
                        gamma.value(),
                        beta.value(),
                        s[SAVE_MEAN],
                        s[SAVE_INV_STD],
                        activation,
                        slope,
                        dy,
                        0,
                        c,
                        dx,
                        0,
                        c,
                        gamma.grad(),
                        beta.grad());
            } else {
                BatchNorm.backwardTraining(
                        x,
                        0,
                        rows,
                        c,
                        c,
                        s[SAVE_MEAN],
                        s[SAVE_INV_STD],
                        activation,
                        slope,
                        dy,
                        0,
                        c,
                        dx,
                        0,
                        c,
                        s[SUM_DZ_XHAT],
                        s[SUM_DZ]);
            }
        }

        @Override
        void commit(Workspace ws, int rows) {
            float[][] s = ws.scratch(index);
            for (int j = 0; j < outWidth; j++) {
                blend(runningMean, momentum, j, s[BATCH_MEAN][j]);
                blend(runningVar, momentum, j, s[BATCH_VAR][j]);
            }
        }

        @Override
        BatchStatistics statistics(Workspace ws, int rows) {
            float[][] s = ws.scratch(index);
            double[] mean = new double[outWidth];
            double[] m2 = new double[outWidth];
            for (int j = 0; j < outWidth; j++) {
                mean[j] = s[BATCH_MEAN][j];
                m2[j] = (double) s[BATCH_VAR][j] * (rows - 1);
            }
            return new BatchStatistics(layer, rows, mean, m2);
        }

        @Override
        void apply(BatchStatistics statistics) {
            if (statistics.mean().length != outWidth) {
                throw new IllegalArgumentException("batch statistics of " + layer + " have " + statistics.mean().length
                        + " features, the layer has " + outWidth);
            }
            double[] var = statistics.variance();
            for (int j = 0; j < outWidth; j++) {
                blend(runningMean, momentum, j, statistics.mean()[j]);
                blend(runningVar, momentum, j, var[j]);
            }
        }
    }
}
