package org.simdnn.dsl.internal.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.simdnn.dsl.Shape;

/**
 * Everything a trained network is besides its architecture: every layer's named tensors (parameters and running
 * statistics), allocated with their initial values. Plans (fused, unfused) are views over one state, so they always
 * agree.
 */
public final class ModelState {

    private final Architecture architecture;
    private final List<Map<String, Tensor>> byLayer;
    private final Map<String, Tensor> byName;

    /**
     * Allocates every layer's tensors with their initial values (PyTorch's: zero weights until initialized, gamma
     * 1, beta 0, running mean 0, running variance 1).
     *
     * @param architecture the validated layers
     */
    public ModelState(Architecture architecture) {
        this.architecture = architecture;
        List<Map<String, Tensor>> layers = new ArrayList<>();
        Map<String, Tensor> all = new LinkedHashMap<>();
        for (int i = 0; i < architecture.layers().size(); i++) {
            Layer l = architecture.layers().get(i);
            Map<String, Tensor> mine = new LinkedHashMap<>();
            for (TensorSpec spec : l.tensors(architecture.inputOf(i))) {
                Tensor t = new Tensor(l.name() + "." + spec.shortName(), spec.dims(), spec.role(), spec.initial());
                mine.put(spec.shortName(), t);
                all.put(t.name(), t);
            }
            layers.add(Collections.unmodifiableMap(mine));
        }
        this.byLayer = List.copyOf(layers);
        this.byName = Collections.unmodifiableMap(all);
    }

    /** @return the architecture */
    public Architecture architecture() {
        return architecture;
    }

    /** @return the layers */
    public List<Layer> layers() {
        return architecture.layers();
    }

    /** @return the input shape */
    public Shape inputShape() {
        return architecture.input();
    }

    /** @return values per input sample */
    public int inputCount() {
        return architecture.input().size();
    }

    /** @return the network's output width */
    public int outputCount() {
        List<Shape> out = architecture.outputs();
        return out.get(out.size() - 1).size();
    }

    /**
     * @param layer a layer index
     * @return its tensors by short name ({@code weight}, {@code running_var})
     */
    public Map<String, Tensor> tensorsOf(int layer) {
        return byLayer.get(layer);
    }

    /** @return every tensor by full name, in layer order */
    public Map<String, Tensor> tensors() {
        return byName;
    }

    /**
     * @param name a full name, e.g. {@code dense_1.weight}
     * @return the tensor, or null
     */
    public @Nullable Tensor tensor(String name) {
        return byName.get(name);
    }

    /** @return every trainable tensor in layer order */
    public List<Tensor> parameters() {
        return byName.values().stream().filter(Tensor::trainable).toList();
    }

    /** @return every non-trainable tensor (running statistics) in layer order */
    public List<Tensor> states() {
        return byName.values().stream().filter(t -> !t.trainable()).toList();
    }

    /**
     * @param layer a layer index
     * @return the number of trainable values of that layer
     */
    public long parameterCount(int layer) {
        long n = 0;
        for (Tensor t : byLayer.get(layer).values()) {
            if (t.trainable()) {
                n += t.size();
            }
        }
        return n;
    }

    /** @return whether any layer is a batch norm (training then needs batches of at least 2 rows) */
    public boolean hasBatchNorm() {
        return layers().stream().anyMatch(l -> l instanceof BatchNormLayer);
    }
}
