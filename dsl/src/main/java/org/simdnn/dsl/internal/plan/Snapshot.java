package org.simdnn.dsl.internal.plan;

import java.util.List;

/**
 * A preallocated copy of a model's parameters and running statistics. Training captures it after every step whose
 * loss was finite (before that step's update), so when a later loss turns NaN or infinite the model can be put back
 * to the last weights that produced a finite loss, even though the bad step's weights were already updated.
 */
public final class Snapshot {

    private final float[][] live;
    private final float[][] copy;

    /** @param state the model whose parameters and running statistics are copied */
    public Snapshot(ModelState state) {
        List<Parameter> params = state.parameters();
        List<float[]> stats = state.runningStatistics();
        live = new float[params.size() + stats.size()][];
        for (int i = 0; i < params.size(); i++) {
            live[i] = params.get(i).value();
        }
        for (int i = 0; i < stats.size(); i++) {
            live[params.size() + i] = stats.get(i);
        }
        copy = new float[live.length][];
        for (int i = 0; i < live.length; i++) {
            copy[i] = live[i].clone();
        }
    }

    /** Copies the live values into the snapshot. */
    public void capture() {
        for (int i = 0; i < live.length; i++) {
            System.arraycopy(live[i], 0, copy[i], 0, live[i].length);
        }
    }

    /** Copies the snapshot back into the live arrays. */
    public void restore() {
        for (int i = 0; i < live.length; i++) {
            System.arraycopy(copy[i], 0, live[i], 0, live[i].length);
        }
    }
}
