package org.simdnn.dsl.internal.plan;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The layer kinds the model-file reader knows, by file type: a new kind adds its reader here. */
public final class LayerKinds {

    private static final Map<String, Layer.Reader> READERS = Map.of(
            DenseLayer.TYPE, DenseLayer.READER,
            BatchNormLayer.TYPE, BatchNormLayer.READER,
            ActivationLayer.TYPE, ActivationLayer.READER,
            DropoutLayer.TYPE, DropoutLayer.READER,
            OutputLayer.TYPE, OutputLayer.READER);

    private LayerKinds() {}

    /**
     * @param type a file type, e.g. {@code dense}
     * @return its reader, or null for an unknown type
     */
    public static Layer.@Nullable Reader reader(String type) {
        return READERS.get(type);
    }

    /** @return the known types, sorted, for messages */
    public static String types() {
        return String.join(", ", new java.util.TreeSet<>(READERS.keySet()));
    }
}
