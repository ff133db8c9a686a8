package org.simdnn.cli;

import java.util.List;
import java.util.Locale;
import org.simdnn.core.Backend;

/** The text outputs of the bn-sigmoid experiment: the curves as CSV and a markdown summary. */
final class ExperimentReport {

    private ExperimentReport() {
    }

    /** One line per arm and measurement: arm,step,test_accuracy,p15,p50,p85. */
    static String csv(List<BnSigmoidExperiment.ArmResult> arms) {
        StringBuilder s = new StringBuilder("arm,step,test_accuracy,p15,p50,p85\n");
        for (BnSigmoidExperiment.ArmResult a : arms) {
            for (int i = 0; i < a.steps().length; i++) {
                s.append(String.format(Locale.ROOT, "\"%s\",%d,%.6f,%.6f,%.6f,%.6f%n", a.name(), (long) a.steps()[i],
                    a.testAccuracy()[i], a.percentiles()[0][i], a.percentiles()[1][i], a.percentiles()[2][i]));
            }
        }
        return s.toString();
    }

    static String markdown(List<BnSigmoidExperiment.ArmResult> arms, DataSources.Loaded data,
                           BnSigmoidExperiment.Settings s, Backend backend, String figure) {
        int stepsPerEpoch = (data.train().size() + s.batch() - 1) / s.batch();
        StringBuilder md = new StringBuilder();
        md.append("# Batch normalization in a sigmoid network (Ioffe & Szegedy 2015, section 4.1, Figure 1)\n\n");
        md.append(String.format(Locale.ROOT, """
            - **Data**: %s.
            - **Inputs**: every arm gets the same inputs: features standardized with the scalar mean and standard \
            deviation of all training values (as the PyTorch reference does).
            - **Network**: %d-(100 sigmoid) x 3-%d, softmax and cross-entropy; the BN arm puts batch normalization \
            before every sigmoid (its dense layers drop their bias, which BN cancels). The LeCun arm has no batch \
            normalization: inputs standardized per feature, then 3 x (100, LeCun tanh `1.7159 tanh(2x/3)`).
            - **Training**: plain SGD (no momentum), learning rate %s for every arm (the paper gives none; this is \
            the PyTorch reference's), batch %d, %d steps per arm (%.1f epochs of %d steps), seed %d for weights \
            and shuffling in every arm.
            - **Measurements**: every %d steps, accuracy on the %d test samples (inference mode, running BN \
            statistics) and the 15th/50th/85th percentiles of the input of unit %d of the last hidden layer \
            (a sigmoid; a LeCun tanh in the LeCun arm) over the first %d test samples \
            (`Network.probe(..., Probe.PRE_ACTIVATION, ...)`, inference mode).
            - **Backend**: %s.

            """, data.description(), data.train().featureCount(), data.train().classCount(), s.learningRate(),
            s.batch(), s.steps(), (double) s.steps() / stepsPerEpoch, stepsPerEpoch, s.seed(), s.evalEvery(),
            data.test().size(), s.probeUnit(), Math.min(s.probeSamples(), data.test().size()),
            backend));
        int early = arms.getFirst().firstIndexAtOrAfter(Math.min(s.steps(), stepsPerEpoch));
        md.append(String.format(Locale.ROOT, "| arm | test accuracy after about 1 epoch (step %d) | final test accuracy "
            + "(step %d) | probed input p15 / p50 / p85, first measurement | last measurement | seconds |%n",
            (long) arms.getFirst().steps()[early], s.steps()));
        md.append("|---|---:|---:|---|---|---:|\n");
        for (BnSigmoidExperiment.ArmResult a : arms) {
            int last = a.steps().length - 1;
            md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %s | %s | %.1f |%n", a.name(),
                a.testAccuracy()[early], a.finalAccuracy(), triple(a, 0), triple(a, last), a.seconds()));
        }
        md.append("\n![test accuracy and sigmoid input percentiles](").append(figure).append(")\n\n");
        md.append("""
            **Reading it.** Figure 1(a) of the paper: the batch-normalized network reaches a higher test accuracy \
            sooner. Figures 1(b, c): without batch normalization the distribution of a sigmoid's input drifts \
            during training (its percentiles move); with it the distribution stays put. The LeCun arm shows what \
            normalizing the inputs alone (no normalization inside the network) achieves.

            **Reference** (PyTorch on this machine, `../shared/peers/RESULTS.md`, Fashion-MNIST, same networks, \
            plain SGD lr 0.1, batch 60, 1000 steps per epoch): test accuracy after epoch 1 is 0.486 without BN and \
            0.828 with BN (0.817 and 0.857 after 5 epochs).

            Timings are indicative only: the machine was shared with other builds.
            """);
        return md.toString();
    }

    private static String triple(BnSigmoidExperiment.ArmResult a, int i) {
        return String.format(Locale.ROOT, "%.3f / %.3f / %.3f (step %d)", a.percentiles()[0][i],
            a.percentiles()[1][i], a.percentiles()[2][i], (long) a.steps()[i]);
    }
}
