package org.simdnn.dsl;

import java.util.List;
import org.simdnn.dsl.internal.plan.Layer;
import org.simdnn.dsl.internal.plan.ModelState;

/** Resolves a probe (layer name + before/after the activation) to a value of the unfused plan. */
final class ProbePoint {

    private ProbePoint() {}

    /**
     * @param state     the model
     * @param layerName a layer name
     * @param which     before or after the activation
     * @return the value index in an unfused plan: 0 = the input, {@code i + 1} = the output of layer i (the
     *     layer count = the network's output)
     * @throws IllegalArgumentException for an unknown name, listing the names
     */
    static int valueIndex(ModelState state, String layerName, Probe which) {
        List<Layer> layers = state.layers();
        int named = -1;
        for (int i = 0; i < layers.size() && named < 0; i++) {
            if (layers.get(i).name().equals(layerName)) {
                named = i;
            }
        }
        if (named < 0) {
            throw new IllegalArgumentException("no layer named \"" + layerName + "\"; the layers are "
                    + layers.stream().map(Layer::name).toList());
        }
        int activation = -1;
        int blockEnd = named;
        for (int i = named; i < layers.size(); i++) {
            Layer.ProbeRole role = layers.get(i).probeRole();
            if (i > named && role == Layer.ProbeRole.BLOCK_START) {
                break;
            }
            blockEnd = i;
            if (role == Layer.ProbeRole.ACTIVATION) {
                activation = i;
                break;
            }
        }
        if (activation < 0) {
            return blockEnd + 1;
        }
        return which == Probe.PRE_ACTIVATION ? activation : activation + 1;
    }
}
