package org.simdnn.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.simdnn.dsl.Dataset;
import org.simdnn.dsl.FitOptions;
import org.simdnn.dsl.Network;
import org.simdnn.dsl.Optimizer;
import org.simdnn.dsl.Probe;
import org.simdnn.dsl.TrainingListener;

/**
 * The experiment of Ioffe and Szegedy (2015), section 4.1 and Figure 1: a network of 3 fully connected hidden
 * layers of 100 sigmoid units, trained with and without batch normalization (before each sigmoid) by the same
 * optimizer, learning rate, batches and seed; plus a LeCun arm (no batch normalization, inputs standardized per
 * feature and LeCun's tanh). After the first step and every {@code evalEvery} steps it records each arm's test
 * accuracy and the 15th, 50th and 85th percentiles of the input of one sigmoid of the last hidden layer over a fixed
 * set of test samples (the dsl's layer probe, in inference mode).
 *
 * <p>All arms see the same inputs: pixels scaled to 0..1 and then standardized with the scalar mean and standard
 * deviation of all training pixels (as the project's PyTorch reference run does), so the
 * LeCun arm's per-feature standardization is the only difference in input normalization.
 */
final class BnSigmoidExperiment {

    /**
     * The knobs of one run.
     *
     * @param steps        optimizer steps per arm
     * @param batch        samples per step (60 in the paper)
     * @param learningRate plain SGD learning rate, the same for every arm
     * @param evalEvery    steps between two measurements
     * @param seed         weights and shuffling seed, the same for every arm
     * @param probeUnit    which of the 100 last-hidden-layer sigmoids is followed
     * @param probeSamples how many test samples the percentiles are taken over
     */
    record Settings(
            int steps, int batch, float learningRate, int evalEvery, long seed, int probeUnit, int probeSamples) {
        Settings {
            if (steps < 1
                    || batch < 2
                    || evalEvery < 1
                    || probeSamples < 1
                    || probeUnit < 0
                    || probeUnit >= 100
                    || !(learningRate > 0)) {
                throw new IllegalArgumentException(
                        "experiment settings out of range: steps " + steps + " (>= 1), batch "
                                + batch + " (>= 2), eval every " + evalEvery + " (>= 1), probe unit " + probeUnit
                                + " (0..99), probe samples " + probeSamples + " (>= 1), learning rate " + learningRate
                                + " (> 0)");
            }
        }
    }

    /** One arm of the experiment. */
    enum Arm {
        NO_BN("sigmoid, no BN", "no BN", "sigmoid", Presets.SIGMOID),
        BN("sigmoid + BN", "BN", "sigmoid", Presets.SIGMOID_BN),
        LECUN("LeCun: standardized inputs + LeCun tanh", "LeCun", "LeCun tanh", Presets.LECUN);

        final String label;
        final String shortLabel;
        final String activation;
        final Presets preset;

        Arm(String label, String shortLabel, String activation, Presets preset) {
            this.label = label;
            this.shortLabel = shortLabel;
            this.activation = activation;
            this.preset = preset;
        }
    }

    /**
     * The measurements of one arm.
     *
     * @param name         the arm's label
     * @param shortName    the arm's label in panel titles
     * @param probedUnit   what the percentiles follow, e.g. "sigmoid 7 of the last hidden layer"
     * @param steps        the training steps at which measurements were taken
     * @param testAccuracy test accuracy at those steps
     * @param percentiles  [3][points]: the 15th, 50th and 85th percentiles of the probed input
     * @param seconds      wall-clock seconds of the arm (training and measurements)
     */
    record ArmResult(
            String name,
            String shortName,
            String probedUnit,
            double[] steps,
            double[] testAccuracy,
            double[][] percentiles,
            double seconds) {
        double finalAccuracy() {
            return testAccuracy[testAccuracy.length - 1];
        }

        /** Test accuracy at the last measurement at or before {@code step}, or NaN when there is none. */
        int firstIndexAtOrAfter(int step) {
            for (int i = 0; i < steps.length; i++) {
                if (steps[i] >= step) {
                    return i;
                }
            }
            return steps.length - 1;
        }
    }

    private BnSigmoidExperiment() {}

    /** Measurements a run gets when {@code --eval-every} is not given: about this many, whatever the steps. */
    static final int DEFAULT_POINTS = 50;

    /**
     * The interval between measurements for a run of {@code steps}: steps / 50 rounded to 1, 2 or 5 times a power of
     * ten, so a short run is still a curve and the steps measured are round numbers (5000 steps: every 100).
     */
    static int defaultEvalEvery(int steps) {
        double raw = Math.max(1.0, (double) steps / DEFAULT_POINTS);
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double best = power;
        for (double m : new double[] {1, 2, 5, 10}) {
            if (Math.abs(Math.log(m * power / raw)) < Math.abs(Math.log(best / raw))) {
                best = m * power;
            }
        }
        return (int) Math.max(1, Math.round(best));
    }

    /** Runs every arm in turn and returns their measurements, printing a line per arm to {@code log}. */
    static List<ArmResult> run(Dataset train, Dataset test, Settings settings, PrintWriter log) {
        float[] scale = globalMeanStd(train);
        Dataset trainInputs = standardizeGlobally(train, scale);
        Dataset testInputs = standardizeGlobally(test, scale);
        int probeRows = Math.min(settings.probeSamples(), testInputs.size());
        float[] probeX = Arrays.copyOf(testInputs.features(), probeRows * testInputs.featureCount());
        List<ArmResult> results = new ArrayList<>();
        for (Arm arm : Arm.values()) {
            ArmResult r = runArm(arm, trainInputs, testInputs, probeX, probeRows, settings);
            log.printf(
                    Locale.ROOT,
                    "%-42s test accuracy %.4f after %d steps (%.1f s)%n",
                    r.name(),
                    r.finalAccuracy(),
                    settings.steps(),
                    r.seconds());
            log.flush();
            results.add(r);
        }
        return results;
    }

    private static ArmResult runArm(Arm arm, Dataset train, Dataset test, float[] probeX, int probeRows, Settings s) {
        Network net = arm.preset.build(train.featureCount(), train.classCount(), s.seed());
        // step 1, every evalEvery steps, and the last step
        int points = s.steps() / s.evalEvery() + 2;
        double[] steps = new double[points];
        double[] accuracy = new double[points];
        double[][] percentiles = new double[3][points];
        int[] recorded = {0};
        int stepsPerEpoch = (train.size() + s.batch() - 1) / s.batch();
        // an epoch may skip a last batch of one row (batch norm needs two), so allow for one step less per epoch
        int epochs = s.steps() / Math.max(1, stepsPerEpoch - 1) + 1;
        float[] column = new float[probeRows];
        TrainingListener measure = TrainingListener.onStep(event -> {
            long step = event.globalStep();
            // step 1 too: the curves start where training starts, and since it breaks the equal spacing XChart
            // places the axis ticks at round steps instead of at every k-th measurement (100, 500, 900, ...)
            if (step == 1 || step % s.evalEvery() == 0 || step == s.steps()) {
                int i = recorded[0]++;
                steps[i] = step;
                accuracy[i] = event.network().evaluate(test).accuracy();
                float[] inputs =
                        event.network().probe(Presets.LAST_HIDDEN_ACTIVATION, Probe.PRE_ACTIVATION, probeX, probeRows);
                int units = inputs.length / probeRows;
                for (int r = 0; r < probeRows; r++) {
                    column[r] = inputs[r * units + s.probeUnit()];
                }
                Arrays.sort(column);
                percentiles[0][i] = percentile(column, 0.15);
                percentiles[1][i] = percentile(column, 0.50);
                percentiles[2][i] = percentile(column, 0.85);
            }
            if (step >= s.steps()) {
                event.stopTraining();
            }
        });
        long t0 = System.nanoTime();
        net.fit(
                train,
                new FitOptions()
                        .epochs(epochs)
                        .batchSize(s.batch())
                        .shuffle(true)
                        .seed(s.seed())
                        .optimizer(Optimizer.sgd(s.learningRate()))
                        .listener(measure));
        double seconds = (System.nanoTime() - t0) / 1e9;
        int n = recorded[0];
        return new ArmResult(
                arm.label,
                arm.shortLabel,
                arm.activation + " " + s.probeUnit() + " of the last hidden layer",
                Arrays.copyOf(steps, n),
                Arrays.copyOf(accuracy, n),
                new double[][] {
                    Arrays.copyOf(percentiles[0], n), Arrays.copyOf(percentiles[1], n), Arrays.copyOf(percentiles[2], n)
                },
                seconds);
    }

    /** The q-quantile of sorted values, linear between order statistics (numpy's default). */
    static double percentile(float[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Mean and standard deviation of every feature value of the training set, accumulated in double. */
    static float[] globalMeanStd(Dataset train) {
        double sum = 0;
        for (float v : train.features()) {
            sum += v;
        }
        double mean = sum / train.features().length;
        double squares = 0;
        for (float v : train.features()) {
            squares += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(squares / train.features().length);
        return new float[] {(float) mean, (float) (std > 0 ? std : 1)};
    }

    static Dataset standardizeGlobally(Dataset d, float[] meanStd) {
        float[] x = d.features().clone();
        for (int i = 0; i < x.length; i++) {
            x[i] = (x[i] - meanStd[0]) / meanStd[1];
        }
        return Dataset.classification(x, d.size(), d.featureCount(), d.labels(), d.classCount());
    }
}
