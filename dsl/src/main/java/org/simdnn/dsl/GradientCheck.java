package org.simdnn.dsl;

import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.simdnn.dsl.internal.plan.Architecture;
import org.simdnn.dsl.internal.plan.HiddenLayer;
import org.simdnn.dsl.internal.plan.ModelState;
import org.simdnn.dsl.internal.plan.Plan;
import org.simdnn.dsl.internal.plan.Seeds;
import org.simdnn.dsl.internal.plan.Tensor;
import org.simdnn.dsl.internal.plan.TrainingStep;
import org.simdnn.dsl.internal.plan.Workspace;

/**
 * Verifies a network's backward pass: compares the analytic gradient of every checked parameter (the float
 * training-mode forward and backward that {@code fit} runs: batch statistics, the batch's dropout mask) with central
 * finite differences of an independent double-precision reference forward of the same network on the same batch.
 * Use it in your CI to check a custom architecture; it does not change the network (running statistics are put
 * back).
 *
 * <h2>Error measure</h2>
 * For parameter {@code i} of tensor {@code T}, with analytic gradient {@code a} and numeric gradient {@code d}:
 * {@code error = |a - d| / (|d| + 1e-3 * max_T |d| + 1e-3 * max |d| + 1e-7)}, where {@code max_T} is the largest
 * numeric gradient of the same tensor and {@code max} the largest of the network: relative error, with floors so
 * that entries whose true gradient is almost or exactly zero (terms that cancel, as batch norm's backward does by
 * design: a bias before a batch norm has gradient 0, computed in float as rounding noise) are judged against the
 * scale of the gradients around them. A float32 backward pass
 * typically gives errors below {@code 1e-4} (measured over 2000 random small networks: median {@code 1e-5}, 99th
 * percentile {@code 7e-4}, largest {@code 4e-3}; the largest values come from batch norm over nearly constant columns, where
 * {@code 1/sqrt(var + eps)} amplifies rounding); {@link Result#passed()} uses {@value #DEFAULT_TOLERANCE}. Batch
 * norm over 2 or 3 rows is degenerate (2 rows always normalize to -1 and +1) and not a meaningful check.
 *
 * <h2>Kinks</h2>
 * ReLU and leaky ReLU are not differentiable at 0: if a pre-activation of the batch lies within a finite-difference
 * step of 0 the comparison is meaningless there. {@link Result#nearestKink()} reports the smallest such distance;
 * below about {@code 1e-5} treat a failure as inconclusive (perturb the data and check again).
 *
 * <h2>In your CI</h2>
 * Check the architecture you ship on a small batch of your own data (a few dozen rows keep it fast: the reference
 * runs two double-precision forwards per checked parameter):
 * <pre>{@code
 * Network net = Network.builder(20).dense(32).batchNorm().relu().dense(4).softmax().seed(1).build();
 * GradientCheck.Result r = GradientCheck.check(net, trainingData.subset(0, 32), 50, 7L);
 * assertTrue(r.passed() || r.nearestKink() < 1e-5, r.toString());
 * }</pre>
 */
public final class GradientCheck {

    /** The tolerance {@link Result#passed()} applies to {@link Result#maxError()}. */
    public static final double DEFAULT_TOLERANCE = 2e-2;

    /** Central-difference step, relative to {@code max(1, |parameter|)}, for the double-precision reference. */
    private static final double STEP = 1e-7;

    private static final double TENSOR_FLOOR = 1e-3;
    private static final double GLOBAL_FLOOR = 1e-3;
    private static final double ABSOLUTE_FLOOR = 1e-7;

    private GradientCheck() {}

    /**
     * The outcome of a check.
     *
     * @param maxError       the largest error (see the class documentation) over the checked parameters
     * @param worstParameter name of the tensor holding it, e.g. {@code dense_1.weight}
     * @param worstIndex     its index in that tensor
     * @param analytic       the analytic gradient there
     * @param numeric        the numeric gradient there
     * @param checked        how many parameters were compared
     * @param nearestKink    the smallest {@code |z|} fed to a ReLU or leaky ReLU (infinity if none)
     */
    public record Result(
            double maxError,
            String worstParameter,
            int worstIndex,
            double analytic,
            double numeric,
            int checked,
            double nearestKink) {

        /** @return whether {@code maxError <= DEFAULT_TOLERANCE} */
        public boolean passed() {
            return maxError <= DEFAULT_TOLERANCE;
        }
    }

    /**
     * Checks every parameter on one batch: all rows of {@code batch}.
     *
     * @param network the network (not fitting at the same time)
     * @param batch   the batch, shaped like the training data; at least 2 rows if the network has batch norm
     * @return the comparison
     */
    public static Result check(Network network, Dataset batch) {
        return check(network, batch, Integer.MAX_VALUE, 0L);
    }

    /**
     * Checks at most {@code maxPerTensor} randomly chosen entries of each parameter tensor on one batch.
     *
     * @param network      the network
     * @param batch        the batch (all rows)
     * @param maxPerTensor entries checked per tensor, at least 1
     * @param seed         chooses the entries and the batch's dropout mask
     * @return the comparison
     */
    public static Result check(Network network, Dataset batch, int maxPerTensor, long seed) {
        if (maxPerTensor < 1) {
            throw new IllegalArgumentException("maxPerTensor must be at least 1, got " + maxPerTensor);
        }
        return network.exclusively(() -> run(network, batch, maxPerTensor, seed));
    }

    private static Result run(Network network, Dataset batch, int maxPerTensor, long seed) {
        network.checkData(batch, "gradient-check");
        ModelState state = network.state();
        int rows = batch.size();
        if (state.hasBatchNorm() && rows < 2) {
            throw new IllegalArgumentException("the network has batch norm, whose training statistics need at least"
                    + " 2 rows; the batch has " + rows);
        }
        Plan plan = network.plan();
        Workspace ws = plan.newWorkspace(rows, true, false);
        new BatchLoader(network, true).load(ws, batch, null, 0, rows);
        float[] input = java.util.Arrays.copyOf(ws.input(), rows * network.inputCount());
        long key = Seeds.mix(seed, 0x6772_6164L);
        // the training forward leaves the running statistics alone, so nothing needs putting back
        TrainingStep.gradients(plan, ws, rows, key);

        Reference ref = new Reference(state, input, rows, batch, key);
        List<Tensor> params = state.parameters();
        SplittableRandom pick = new SplittableRandom(seed);
        double worst = -1;
        String worstName = "";
        int worstIndex = -1;
        double worstA = 0;
        double worstN = 0;
        int checked = 0;
        int[][] chosen = new int[params.size()][];
        double[][] numeric = new double[params.size()][];
        double[] tensorScale = new double[params.size()];
        double globalScale = 0;
        for (int t = 0; t < params.size(); t++) {
            double[] values = ref.values.get(params.get(t).name());
            int[] indices = choose(params.get(t).size(), maxPerTensor, pick);
            chosen[t] = indices;
            numeric[t] = new double[indices.length];
            for (int j = 0; j < indices.length; j++) {
                int i = indices[j];
                double v = values[i];
                double h = STEP * Math.max(1, Math.abs(v));
                values[i] = v + h;
                double up = ref.loss();
                values[i] = v - h;
                double down = ref.loss();
                values[i] = v;
                numeric[t][j] = (up - down) / (2 * h);
                tensorScale[t] = Math.max(tensorScale[t], Math.abs(numeric[t][j]));
            }
            globalScale = Math.max(globalScale, tensorScale[t]);
        }
        for (int t = 0; t < params.size(); t++) {
            Tensor p = params.get(t);
            double floor = TENSOR_FLOOR * tensorScale[t] + GLOBAL_FLOOR * globalScale + ABSOLUTE_FLOOR;
            for (int j = 0; j < chosen[t].length; j++) {
                double a = p.grad()[chosen[t][j]];
                double d = numeric[t][j];
                double error = Math.abs(a - d) / (Math.abs(d) + floor);
                if (!(error <= worst)) {
                    worst = Double.isNaN(error) ? Double.POSITIVE_INFINITY : error;
                    worstName = p.name();
                    worstIndex = chosen[t][j];
                    worstA = a;
                    worstN = d;
                }
                checked++;
            }
        }
        ref.loss();
        return new Result(worst, worstName, worstIndex, worstA, worstN, checked, ref.nearestKink);
    }

    private static int[] choose(int size, int max, SplittableRandom random) {
        int[] order = new int[size];
        if (size <= max) {
            java.util.Arrays.setAll(order, i -> i);
            return order;
        }
        Dataset.shuffle(order, random);
        return java.util.Arrays.copyOf(order, max);
    }

    /**
     * The network's training-mode forward pass and loss in double precision: each layer's own reference forward
     * ({@link HiddenLayer#referenceForward}) over double copies of its tensors, found by name.
     */
    private static final class Reference {
        final ModelState state;
        final double[] input;
        final int rows;
        final int @Nullable [] labels;
        final double @Nullable [] targets;
        final long key;
        /** Double copies of every trainable tensor, by full name (the check perturbs them in place). */
        final java.util.Map<String, double[]> values = new java.util.HashMap<>();

        double nearestKink = Double.POSITIVE_INFINITY;

        Reference(ModelState state, float[] input, int rows, Dataset batch, long key) {
            this.state = state;
            this.input = toDouble(input);
            this.rows = rows;
            this.labels = batch.isClassification() ? batch.labels().clone() : null;
            this.targets = batch.isClassification() ? null : toDouble(batch.targets());
            this.key = key;
            for (Tensor t : state.parameters()) {
                values.put(t.name(), toDouble(t.value()));
            }
        }

        double loss() {
            Architecture a = state.architecture();
            double[] h = input;
            int last = a.layers().size() - 1;
            for (int l = 0; l < last; l++) {
                HiddenLayer layer = (HiddenLayer) a.layers().get(l);
                String prefix = layer.name() + ".";
                org.simdnn.dsl.Shape in = a.inputOf(l);
                long layerKey = Seeds.mix(key, l);
                h = layer.referenceForward(h, new HiddenLayer.ReferenceContext() {
                    @Override
                    public int rows() {
                        return rows;
                    }

                    @Override
                    public org.simdnn.dsl.Shape input() {
                        return in;
                    }

                    @Override
                    public double @Nullable [] tensor(String shortName) {
                        return values.get(prefix + shortName);
                    }

                    @Override
                    public long randomKey() {
                        return layerKey;
                    }

                    @Override
                    public void kink(double distance) {
                        nearestKink = Math.min(nearestKink, distance);
                    }
                });
            }
            return a.head().referenceLoss(h, state.outputCount(), rows, labels, targets);
        }

        private static double[] toDouble(float[] f) {
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
    }
}
