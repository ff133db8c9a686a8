package org.simdnn.cli;

import java.util.List;
import java.util.Locale;
import org.simdnn.core.Backend;

/** The text outputs of the bn-sigmoid experiment: the curves as CSV and a markdown summary. */
final class ExperimentReport {

    /** A load average from which the timings are marked as taken on a busy machine. */
    private static final double BUSY_LOAD = 0.5;

    private ExperimentReport() {}

    /** Whether the run used the data and settings the PyTorch reference numbers were measured at. */
    private static boolean matchesReference(DataSources.Loaded data, BnSigmoidExperiment.Settings s) {
        return data.name().equals("fashion-mnist") && s.batch() == 60 && s.learningRate() == 0.1f;
    }

    /** One line per arm and measurement: arm,step,test_accuracy,p15,p50,p85. */
    static String csv(List<BnSigmoidExperiment.ArmResult> arms) {
        StringBuilder s = new StringBuilder("arm,step,test_accuracy,p15,p50,p85\n");
        for (BnSigmoidExperiment.ArmResult a : arms) {
            for (int i = 0; i < a.steps().length; i++) {
                s.append(String.format(
                        Locale.ROOT,
                        "\"%s\",%d,%.6f,%.6f,%.6f,%.6f%n",
                        a.name(),
                        (long) a.steps()[i],
                        a.testAccuracy()[i],
                        a.percentiles()[0][i],
                        a.percentiles()[1][i],
                        a.percentiles()[2][i]));
            }
        }
        return s.toString();
    }

    /**
     * The summary of one run: what was trained and measured, a table per arm, the figure, how to read it, the PyTorch
     * reference when the run used the settings it was measured at, and what the machine was doing.
     *
     * @param loadAverage the system load average over the last minute when the run started (negative if unknown)
     */
    static String markdown(
            List<BnSigmoidExperiment.ArmResult> arms,
            DataSources.Loaded data,
            BnSigmoidExperiment.Settings s,
            Backend backend,
            String figure,
            double loadAverage) {
        int stepsPerEpoch = (data.train().size() + s.batch() - 1) / s.batch();
        StringBuilder md = new StringBuilder();
        md.append("# Batch normalization in a sigmoid network (Ioffe & Szegedy 2015, section 4.1, Figure 1)\n\n");
        md.append(String.format(
                Locale.ROOT,
                """
            - **Data**: %s.
            - **Inputs**: every arm gets the same inputs: features standardized with the scalar mean and standard \
            deviation of all training values (as a PyTorch reference of the paper's experiment does).
            - **Network**: %d-(100 sigmoid) x 3-%d, softmax and cross-entropy; the BN arm puts batch normalization \
            before every sigmoid (its dense layers drop their bias, which BN cancels). The LeCun arm has no batch \
            normalization: inputs standardized per feature, then 3 x (100, LeCun tanh `1.7159 tanh(2x/3)`).
            - **Training**: plain SGD (no momentum), learning rate %s for every arm (the paper gives none), \
            batch %d, %d steps per arm (%.1f epochs of %d steps), seed %d for weights \
            and shuffling in every arm.
            - **Measurements**: after step 1 and every %d steps, accuracy on the %d test samples (inference mode, running BN \
            statistics) and the 15th/50th/85th percentiles of the input of unit %d of the last hidden layer \
            (a sigmoid; a LeCun tanh in the LeCun arm) over the first %d test samples \
            (`Network.probe(..., Probe.PRE_ACTIVATION, ...)`, inference mode).
            - **Backend**: %s.

            """,
                data.description(),
                data.train().featureCount(),
                data.train().classCount(),
                s.learningRate(),
                s.batch(),
                s.steps(),
                (double) s.steps() / stepsPerEpoch,
                stepsPerEpoch,
                s.seed(),
                s.evalEvery(),
                data.test().size(),
                s.probeUnit(),
                Math.min(s.probeSamples(), data.test().size()),
                backend));
        // the "after 1 epoch" column needs a run of at least an epoch (Fashion-MNIST: 1000 steps at batch 60)
        boolean oneEpoch = s.steps() >= stepsPerEpoch;
        int early = arms.getFirst().firstIndexAtOrAfter(stepsPerEpoch);
        long earlyStep = (long) arms.getFirst().steps()[early];
        String epochColumn = !oneEpoch
                ? ""
                : earlyStep == stepsPerEpoch
                        ? String.format(Locale.ROOT, " test accuracy after 1 epoch (step %d) |", earlyStep)
                        : String.format(
                                Locale.ROOT,
                                " test accuracy at step %d (%.1f epochs) |",
                                earlyStep,
                                (double) earlyStep / stepsPerEpoch);
        md.append(String.format(
                Locale.ROOT,
                "| arm |%s final test accuracy (step %d) | probed input p15 / p50 / p85, "
                        + "first measurement | last measurement | seconds |%n",
                epochColumn,
                s.steps()));
        md.append(oneEpoch ? "|---|---:|---:|---|---|---:|\n" : "|---|---:|---|---|---:|\n");
        for (BnSigmoidExperiment.ArmResult a : arms) {
            int last = a.steps().length - 1;
            String atEpoch = oneEpoch ? String.format(Locale.ROOT, " %.4f |", a.testAccuracy()[early]) : "";
            md.append(String.format(
                    Locale.ROOT,
                    "| %s |%s %.4f | %s | %s | %.1f |%n",
                    a.name(),
                    atEpoch,
                    a.finalAccuracy(),
                    triple(a, 0),
                    triple(a, last),
                    a.seconds()));
        }
        md.append("\n![test accuracy and sigmoid input percentiles](")
                .append(figure)
                .append(")\n\n");
        md.append("""
            **Reading it.** Figure 1(a) of the paper: the batch-normalized network reaches a higher test accuracy \
            sooner. Figures 1(b, c): without batch normalization the distribution of a sigmoid's input drifts \
            during training (its percentiles move); with it the distribution stays put. The LeCun arm shows what \
            normalizing the inputs alone (no normalization inside the network) achieves.

            """);
        if (matchesReference(data, s)) {
            md.append("""
                **Reference**: PyTorch with the same networks and settings on Fashion-MNIST (plain SGD lr 0.1, \
                batch 60, 1000 steps per epoch), measured for this project outside this command: test accuracy \
                after epoch 1 is 0.486 without BN and 0.828 with BN (0.817 and 0.857 after 5 epochs).

                """);
        }
        md.append(String.format(
                Locale.ROOT,
                "**Machine**: %s, %d cores%s%s.%n",
                Machine.cpu(),
                Machine.cores(),
                loadAverage >= 0
                        ? String.format(Locale.ROOT, "; load average %.2f over the minute before the run", loadAverage)
                        : "",
                loadAverage >= BUSY_LOAD ? ": other work was running, so the seconds are indicative only" : ""));
        return md.toString();
    }

    private static String triple(BnSigmoidExperiment.ArmResult a, int i) {
        return String.format(
                Locale.ROOT,
                "%.3f / %.3f / %.3f (step %d)",
                a.percentiles()[0][i],
                a.percentiles()[1][i],
                a.percentiles()[2][i],
                (long) a.steps()[i]);
    }
}
