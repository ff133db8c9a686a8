package org.simdnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.simdnn.dsl.Dataset;
import org.simdnn.dsl.Evaluation;
import org.simdnn.dsl.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code simdnn evaluate MODEL DATA}: loss, accuracy and confusion matrix of a saved model. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
            "Evaluates a saved model: loss, accuracy and the confusion matrix.",
            "DATA is read as train --data reads it; by default its held-out test part is used."
        })
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    ModelAndData input = new ModelAndData();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        BackendBanner.print(out, spec.commandLine().getErr());
        Network net = input.network();
        Dataset samples = input.samples(net);
        Evaluation e = net.evaluate(samples);
        out.printf(
                Locale.ROOT, "%s on %s (%s part, %d samples)%n", input.model, input.data, input.part, samples.size());
        out.printf(Locale.ROOT, "loss     %.6f%n", e.loss());
        out.printf(
                Locale.ROOT,
                "accuracy %.6f (%d of %d)%n",
                e.accuracy(),
                Math.round(e.accuracy() * samples.size()),
                samples.size());
        out.print(confusionTable(e.confusionMatrix()));
        out.flush();
        return 0;
    }

    /** Rows: true class; columns: predicted class. */
    static String confusionTable(int[][] matrix) {
        int k = matrix.length;
        int width = 5;
        for (int[] row : matrix) {
            for (int v : row) {
                width = Math.max(width, Integer.toString(v).length() + 1);
            }
        }
        StringBuilder s = new StringBuilder("confusion matrix (rows: true class, columns: predicted class)\n");
        s.append(String.format("%6s", "")).append(' ');
        for (int c = 0; c < k; c++) {
            s.append(String.format("%" + width + "d", c));
        }
        s.append('\n');
        for (int r = 0; r < k; r++) {
            s.append(String.format("%6d", r)).append(' ');
            for (int c = 0; c < k; c++) {
                s.append(String.format("%" + width + "d", matrix[r][c]));
            }
            s.append('\n');
        }
        return s.toString();
    }
}
