package org.simdnn.dsl.internal.plan;

import java.util.Collection;

/**
 * A preallocated copy of every tensor of a model (parameters and running statistics), captured before each update
 * so that a model whose update produced unusable weights can be put back to the last good ones.
 */
public final class Snapshot {

    private final float[][] live;
    private final float[][] copy;

    /** @param state the model whose tensors are copied */
    public Snapshot(ModelState state) {
        Collection<Tensor> all = state.tensors().values();
        live = new float[all.size()][];
        int i = 0;
        for (Tensor t : all) {
            live[i++] = t.value();
        }
        copy = new float[live.length][];
        for (int j = 0; j < live.length; j++) {
            copy[j] = live[j].clone();
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
