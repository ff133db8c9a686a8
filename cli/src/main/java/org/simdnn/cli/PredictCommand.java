package org.simdnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.simdnn.dsl.Dataset;
import org.simdnn.dsl.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simdnn predict MODEL DATA}: one CSV line per sample with the predicted class and its probability. */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = {
            "Predicts with a saved model and prints CSV to standard output:",
            "index,predicted,probability,label (the label as given in DATA).",
            "DATA is read as train --data reads it; by default its held-out test part is used."
        })
final class PredictCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--limit", paramLabel = "N", description = "only the first N samples")
    int limit = Integer.MAX_VALUE;

    @Mixin
    ModelAndData input = new ModelAndData();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        // the banner goes to standard error: standard output is the CSV
        BackendBanner.print(spec.commandLine().getErr(), spec.commandLine().getErr());
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
        }
        Network net = input.network();
        Dataset samples = input.samples(net);
        int rows = Math.min(limit, samples.size());
        float[] p = net.predict(java.util.Arrays.copyOf(samples.features(), rows * samples.featureCount()), rows);
        int k = net.outputCount();
        out.println("index,predicted,probability,label");
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (p[r * k + c] > p[r * k + best]) {
                    best = c;
                }
            }
            out.printf(Locale.ROOT, "%d,%d,%.6f,%d%n", r, best, p[r * k + best], samples.labels()[r]);
        }
        out.flush();
        return 0;
    }
}
