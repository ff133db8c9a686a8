package org.simdnn.dsl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.simdnn.dsl.internal.plan.ModelState;
import org.simdnn.dsl.internal.plan.Tensor;

/**
 * The result of {@link Network#gradients}: the gradient of the batch's mean loss with respect to every trainable
 * tensor, by name, plus the loss, the row count and each batch norm's {@link BatchStatistics}. Gradients of
 * disjoint batches {@link #merge} into the gradient of their union (row-weighted), which an
 * {@link OptimizerState} applies. Immutable: {@link #get} returns copies.
 */
public final class Gradients {

    private final float loss;
    private final int rows;
    private final Map<String, float[]> byName;
    private final List<BatchStatistics> statistics;

    /**
     * @param loss       the batch's mean loss, finite
     * @param rows       the rows it was measured on, at least 1
     * @param byName     gradient per trainable tensor name (copied)
     * @param statistics batch statistics per batch-norm layer (copied)
     */
    public Gradients(float loss, int rows, Map<String, float[]> byName, List<BatchStatistics> statistics) {
        if (rows < 1) {
            throw new IllegalArgumentException("gradients need at least 1 row, got " + rows);
        }
        this.loss = loss;
        this.rows = rows;
        Map<String, float[]> copy = new LinkedHashMap<>();
        byName.forEach((k, v) -> copy.put(k, v.clone()));
        this.byName = Collections.unmodifiableMap(copy);
        this.statistics = List.copyOf(statistics);
    }

    static Gradients of(ModelState state, float loss, int rows, List<BatchStatistics> statistics) {
        Map<String, float[]> g = new LinkedHashMap<>();
        for (Tensor t : state.parameters()) {
            g.put(t.name(), t.grad());
        }
        return new Gradients(loss, rows, g, statistics);
    }

    /** @return the mean loss over the rows */
    public float loss() {
        return loss;
    }

    /** @return the rows measured */
    public int rows() {
        return rows;
    }

    /** @return the tensor names, in layer order */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /**
     * @param name a trainable tensor's name, e.g. {@code dense_1.weight}
     * @return a copy of its gradient
     * @throws IllegalArgumentException for an unknown name
     */
    public float[] get(String name) {
        float[] g = byName.get(name);
        if (g == null) {
            throw new IllegalArgumentException("no gradient named \"" + name + "\"; the names are " + byName.keySet());
        }
        return g.clone();
    }

    /** @return the batch statistics of every batch-norm layer, in layer order */
    public List<BatchStatistics> statistics() {
        return statistics;
    }

    /**
     * The gradient over the union of the parts' rows: each tensor's gradients averaged with weights
     * {@code rows_i / total} (each part is a mean over its own rows), the losses likewise, batch statistics merged
     * exactly.
     *
     * @param parts gradients of the same network over disjoint batches, at least one
     * @return the merged gradients
     */
    public static Gradients merge(List<Gradients> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("merge needs at least one Gradients");
        }
        Gradients first = parts.get(0);
        long total = 0;
        for (Gradients p : parts) {
            if (!p.byName.keySet().equals(first.byName.keySet())) {
                throw new IllegalArgumentException(
                        "cannot merge gradients of different networks: " + p.names() + " vs " + first.names());
            }
            total += p.rows;
        }
        Map<String, float[]> merged = new LinkedHashMap<>();
        for (String name : first.byName.keySet()) {
            double[] acc = new double[first.byName.get(name).length];
            for (Gradients p : parts) {
                float[] g = p.byName.get(name);
                if (g.length != acc.length) {
                    throw new IllegalArgumentException(
                            name + " has " + g.length + " values in one part and " + acc.length + " in another");
                }
                double w = (double) p.rows / total;
                for (int i = 0; i < acc.length; i++) {
                    acc[i] += w * g[i];
                }
            }
            float[] out = new float[acc.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) acc[i];
            }
            merged.put(name, out);
        }
        double loss = 0;
        for (Gradients p : parts) {
            loss += (double) p.loss * p.rows / total;
        }
        List<BatchStatistics> stats = new ArrayList<>(first.statistics);
        for (int k = 1; k < parts.size(); k++) {
            List<BatchStatistics> other = parts.get(k).statistics;
            if (other.size() != stats.size()) {
                throw new IllegalArgumentException("cannot merge gradients with " + other.size() + " and "
                        + stats.size() + " batch-norm statistics");
            }
            for (int j = 0; j < stats.size(); j++) {
                stats.set(j, stats.get(j).merge(other.get(j)));
            }
        }
        return new Gradients((float) loss, Math.toIntExact(total), merged, stats);
    }

    /** Writes the gradients into the live gradient buffers of a network's tensors. */
    void copyInto(ModelState state) {
        for (Tensor t : state.parameters()) {
            float[] g = byName.get(t.name());
            if (g == null || g.length != t.size()) {
                throw new IllegalArgumentException("the gradients do not fit this network: " + t.name() + " "
                        + (g == null ? "is missing" : "has " + g.length + " values, the tensor " + t.size()));
            }
            System.arraycopy(g, 0, t.grad(), 0, g.length);
        }
        if (byName.size() != state.parameters().size()) {
            throw new IllegalArgumentException("the gradients name " + byName.keySet() + ", this network's tensors"
                    + " are " + state.parameters().stream().map(Tensor::name).toList());
        }
    }
}
