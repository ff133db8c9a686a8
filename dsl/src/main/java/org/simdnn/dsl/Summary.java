package org.simdnn.dsl;

import java.util.List;
import java.util.Locale;
import org.simdnn.dsl.internal.plan.Architecture;
import org.simdnn.dsl.internal.plan.Layer;
import org.simdnn.dsl.internal.plan.ModelState;
import org.simdnn.dsl.internal.plan.Plan;
import org.simdnn.dsl.internal.plan.Step;
import org.simdnn.dsl.internal.plan.Tensor;

/** The text of {@link Network#summary()}: a Keras-like layer table, then the compiled plan's passes. */
final class Summary {

    private Summary() {}

    static String of(Network net) {
        // Locale.ROOT and '\n' throughout: the same text on every machine (no localized digits, no mixed line ends)
        ModelState state = net.state();
        Architecture a = state.architecture();
        List<Layer> layers = a.layers();
        StringBuilder s = new StringBuilder();
        String rule = "-".repeat(72) + "\n";
        s.append(row("Layer", "Type", "Output shape", "Params"));
        s.append(rule);
        s.append(row("input", "input", a.input().toString(), "0"));
        long total = 0;
        for (int i = 0; i < layers.size(); i++) {
            long params = state.parameterCount(i);
            total += params;
            s.append(row(
                    layers.get(i).name(),
                    layers.get(i).kind(),
                    a.outputs().get(i).toString(),
                    Long.toString(params)));
        }
        s.append(rule);
        s.append("Trainable parameters: ").append(total).append('\n');
        long running = state.states().stream().mapToLong(Tensor::size).sum();
        if (running > 0) {
            s.append("Non-trainable values (batch-norm running mean and variance): ")
                    .append(running)
                    .append('\n');
        }
        if (net.standardizes()) {
            s.append("Input standardization: ")
                    .append(net.standardizer() == null ? "fitted by the first fit()" : "fitted")
                    .append('\n');
        }
        Plan plan = net.plan();
        s.append(plan.fused() ? "Fused plan" : "Unfused plan")
                .append(" (")
                .append(plan.steps().length + 1)
                .append(" passes):\n");
        int n = 1;
        for (Step step : plan.steps()) {
            StringBuilder names = new StringBuilder();
            for (int i = step.firstLayer(); i <= step.lastLayer(); i++) {
                names.append(i > step.firstLayer() ? " + " : "")
                        .append(layers.get(i).name());
            }
            s.append(String.format(Locale.ROOT, "  %2d. %-36s %s\n", n++, names, step.describe()));
        }
        s.append(String.format(
                Locale.ROOT, "  %2d. %-36s %s\n", n, a.head().name(), a.head().describe()));
        return s.toString();
    }

    private static String row(String name, String type, String shape, String params) {
        return String.format(Locale.ROOT, "%-24s %-14s %-18s %12s\n", name, type, shape, params);
    }
}
