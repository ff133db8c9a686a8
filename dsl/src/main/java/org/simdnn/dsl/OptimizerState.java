package org.simdnn.dsl;

import java.util.List;
import org.simdnn.core.Optimizers;
import org.simdnn.dsl.internal.plan.Parameter;

/**
 * The optimizer's per-parameter state (SGD velocity, or Adam's moments) and step counter for one fit, plus the
 * hyper-parameter records of the current epoch's learning rate, made once per epoch so a step allocates nothing.
 * One fused core kernel call per parameter tensor.
 */
final class OptimizerState {

    private final Optimizer optimizer;
    private final List<Parameter> parameters;
    private final float[][] first;
    private final float[][] second;
    private final boolean[] decayed;
    private long step;
    private Optimizers.Sgd sgdDecayed;
    private Optimizers.Sgd sgdPlain;
    private Optimizers.Adam adamDecayed;
    private Optimizers.Adam adamPlain;

    OptimizerState(Optimizer optimizer, List<Parameter> parameters) {
        this.optimizer = optimizer;
        this.parameters = parameters;
        int n = parameters.size();
        first = new float[n][];
        second = new float[n][];
        decayed = new boolean[n];
        for (int i = 0; i < n; i++) {
            Parameter p = parameters.get(i);
            first[i] = new float[p.size()];
            second[i] = optimizer.kind == Optimizer.Kind.ADAM ? new float[p.size()] : new float[0];
            decayed[i] = optimizer.decayAll || p.decayedByDefault();
        }
        setLearningRate(optimizer.lr);
    }

    /**
     * Sets the learning rate of the following steps (once per epoch).
     *
     * @param lr the rate
     */
    void setLearningRate(float lr) {
        if (optimizer.kind == Optimizer.Kind.SGD) {
            sgdDecayed = optimizer.sgdRecord(lr, optimizer.weightDecay);
            sgdPlain = optimizer.sgdRecord(lr, 0f);
        } else {
            adamDecayed = optimizer.adamRecord(lr, optimizer.weightDecay);
            adamPlain = optimizer.adamRecord(lr, 0f);
        }
    }

    /** Applies one update to every parameter from its gradient. */
    void step() {
        step++;
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (optimizer.kind == Optimizer.Kind.SGD) {
                Optimizers.sgd(decayed[i] ? sgdDecayed : sgdPlain, p.value(), 0, p.grad(), 0, first[i], 0, p.size());
            } else {
                Optimizers.adam(decayed[i] ? adamDecayed : adamPlain, step, p.value(), 0, p.grad(), 0, first[i], 0,
                    second[i], 0, p.size());
            }
        }
    }

    /** @return the number of updates applied */
    long steps() {
        return step;
    }

    /** @return the optimizer this state belongs to */
    Optimizer optimizer() {
        return optimizer;
    }

    /**
     * @param i parameter index
     * @return its first state array (SGD velocity or Adam's first moment), live
     */
    float[] first(int i) {
        return first[i];
    }

    /**
     * @param i parameter index
     * @return its second state array (Adam's second moment; empty for SGD), live
     */
    float[] second(int i) {
        return second[i];
    }

    /**
     * Puts back a saved state (a resumed checkpoint).
     *
     * @param steps  updates applied so far
     * @param firsts first state arrays, one per parameter, lengths already checked
     * @param seconds second state arrays
     */
    void restore(long steps, float[][] firsts, float[][] seconds) {
        this.step = steps;
        for (int i = 0; i < first.length; i++) {
            System.arraycopy(firsts[i], 0, first[i], 0, first[i].length);
            System.arraycopy(seconds[i], 0, second[i], 0, second[i].length);
        }
    }
}
