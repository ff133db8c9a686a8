package org.simdnn.dsl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.simdnn.core.Optimizers;
import org.simdnn.dsl.internal.plan.Tensor;

/**
 * An optimizer bound to one network: its per-tensor state (SGD velocity, or Adam's moments), keyed by tensor name,
 * and its step counter. {@code fit} runs one per fit; for data-parallel training create one with
 * {@link Network#optimizerState(Optimizer)}, {@link #apply} merged {@link Gradients}, and {@link #export} /
 * {@link #restore} / {@link Exported#merge} the state (model averaging, checkpoints). One fused core kernel call per
 * tensor; a step allocates nothing.
 */
public final class OptimizerState {

    /**
     * An optimizer state copied out: the step count and, per trainable tensor name, the first state array
     * ({@code name.first}: SGD velocity or Adam's first moment) and for Adam the second ({@code name.second}).
     *
     * @param steps  updates applied
     * @param arrays state arrays by {@code tensor.first} / {@code tensor.second}
     */
    public record Exported(long steps, Map<String, float[]> arrays) {

        /** Copies the map. */
        public Exported {
            Map<String, float[]> copy = new LinkedHashMap<>();
            arrays.forEach((k, v) -> copy.put(k, v.clone()));
            arrays = java.util.Collections.unmodifiableMap(copy);
        }

        /**
         * The element-wise mean of several states of the same network (model averaging); the step count is the
         * largest.
         *
         * @param parts states with the same keys and lengths, at least one
         * @return the mean state
         */
        public static Exported merge(List<Exported> parts) {
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("merge needs at least one state");
            }
            Map<String, float[]> mean = new LinkedHashMap<>();
            long steps = 0;
            for (Exported p : parts) {
                if (!p.arrays.keySet().equals(parts.get(0).arrays.keySet())) {
                    throw new IllegalArgumentException("cannot merge optimizer states with keys " + p.arrays.keySet()
                            + " and " + parts.get(0).arrays.keySet());
                }
                steps = Math.max(steps, p.steps);
            }
            for (String key : parts.get(0).arrays.keySet()) {
                double[] acc = new double[parts.get(0).arrays.get(key).length];
                for (Exported p : parts) {
                    float[] a = p.arrays.get(key);
                    if (a.length != acc.length) {
                        throw new IllegalArgumentException(
                                key + " has " + a.length + " values in one state and " + acc.length + " in another");
                    }
                    for (int i = 0; i < acc.length; i++) {
                        acc[i] += a[i];
                    }
                }
                float[] out = new float[acc.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) (acc[i] / parts.size());
                }
                mean.put(key, out);
            }
            return new Exported(steps, mean);
        }
    }

    private final Network network;
    private final Optimizer optimizer;
    private final List<Tensor> parameters;
    private final float[][] first;
    private final float[][] second;
    private final boolean[] decayed;
    private long step;
    private float learningRate;
    private Optimizers.Sgd sgdDecayed;
    private Optimizers.Sgd sgdPlain;
    private Optimizers.Adam adamDecayed;
    private Optimizers.Adam adamPlain;

    OptimizerState(Network network, Optimizer optimizer) {
        this.network = network;
        this.optimizer = optimizer;
        this.parameters = network.state().parameters();
        int n = parameters.size();
        first = new float[n][];
        second = new float[n][];
        decayed = new boolean[n];
        for (int i = 0; i < n; i++) {
            Tensor p = parameters.get(i);
            first[i] = new float[p.size()];
            second[i] = optimizer.kind == Optimizer.Kind.ADAM ? new float[p.size()] : new float[0];
            decayed[i] = optimizer.decayAll || p.decayedByDefault();
        }
        setLearningRate(optimizer.lr);
    }

    /**
     * Sets the learning rate of the following steps ({@code fit} does it once per epoch from its schedule).
     *
     * @param lr the rate, finite and {@code >= 0}
     */
    public void setLearningRate(float lr) {
        if (!(lr >= 0f) || Float.isInfinite(lr)) {
            throw new IllegalArgumentException("the learning rate must be finite and >= 0, got " + lr);
        }
        learningRate = lr;
        if (optimizer.kind == Optimizer.Kind.SGD) {
            sgdDecayed = optimizer.sgdRecord(lr, optimizer.weightDecay);
            sgdPlain = optimizer.sgdRecord(lr, 0f);
        } else {
            adamDecayed = optimizer.adamRecord(lr, optimizer.weightDecay);
            adamPlain = optimizer.adamRecord(lr, 0f);
        }
    }

    /**
     * One update of the network from gradients (its own, or merged over workers), then the batch statistics
     * applied to the running statistics: what {@code fit} does after each batch's gradients.
     *
     * @param gradients gradients of this network's trainable tensors
     * @throws IllegalArgumentException when the gradients belong to another network
     */
    public void apply(Gradients gradients) {
        network.exclusively(() -> {
            gradients.copyInto(network.state());
            step();
            network.applyStatistics(gradients.statistics());
            return null;
        });
    }

    /** Applies one update to every parameter from the gradient in its live buffer (fit's path). */
    void step() {
        step++;
        for (int i = 0; i < parameters.size(); i++) {
            Tensor p = parameters.get(i);
            if (optimizer.kind == Optimizer.Kind.SGD) {
                Optimizers.sgd(decayed[i] ? sgdDecayed : sgdPlain, p.value(), 0, p.grad(), 0, first[i], 0, p.size());
            } else {
                Optimizers.adam(
                        decayed[i] ? adamDecayed : adamPlain,
                        step,
                        p.value(),
                        0,
                        p.grad(),
                        0,
                        first[i],
                        0,
                        second[i],
                        0,
                        p.size());
            }
        }
    }

    /** @return the learning rate of the next update */
    public float currentLearningRate() {
        return learningRate;
    }

    /** @return the number of updates applied */
    public long steps() {
        return step;
    }

    /** @return the optimizer this state belongs to */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** @return a copy of the state, keyed by tensor name */
    public Exported export() {
        Map<String, float[]> arrays = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            arrays.put(parameters.get(i).name() + ".first", first[i]);
            if (second[i].length > 0) {
                arrays.put(parameters.get(i).name() + ".second", second[i]);
            }
        }
        return new Exported(step, arrays);
    }

    /**
     * Puts back an exported state (of this optimizer kind, for this network's tensors).
     *
     * @param state the state
     * @throws IllegalArgumentException naming the first key that is missing, extra or of the wrong length
     */
    public void restore(Exported state) {
        Map<String, float[]> a = state.arrays();
        int expected = 0;
        for (int i = 0; i < parameters.size(); i++) {
            expected += 1 + (second[i].length > 0 ? 1 : 0);
            check(a, parameters.get(i).name() + ".first", first[i].length);
            if (second[i].length > 0) {
                check(a, parameters.get(i).name() + ".second", second[i].length);
            }
        }
        if (a.size() != expected) {
            throw new IllegalArgumentException("the optimizer state has " + a.size() + " arrays, this " + optimizer
                    + " over " + parameters.size() + " tensors has " + expected);
        }
        this.step = state.steps();
        for (int i = 0; i < parameters.size(); i++) {
            System.arraycopy(a.get(parameters.get(i).name() + ".first"), 0, first[i], 0, first[i].length);
            if (second[i].length > 0) {
                System.arraycopy(a.get(parameters.get(i).name() + ".second"), 0, second[i], 0, second[i].length);
            }
        }
    }

    private static void check(Map<String, float[]> a, String key, int length) {
        float[] v = a.get(key);
        if (v == null) {
            throw new IllegalArgumentException("the optimizer state has no " + key);
        }
        if (v.length != length) {
            throw new IllegalArgumentException(key + " has " + v.length + " values, expected " + length);
        }
    }

    /** @return the names and lengths of the arrays {@link #export} writes, for readers that check before allocating */
    Map<String, Integer> layout() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            m.put(parameters.get(i).name() + ".first", first[i].length);
            if (second[i].length > 0) {
                m.put(parameters.get(i).name() + ".second", second[i].length);
            }
        }
        return m;
    }
}
