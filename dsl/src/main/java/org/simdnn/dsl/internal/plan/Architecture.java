package org.simdnn.dsl.internal.plan;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.simdnn.dsl.Shape;

/**
 * A validated stack of layers over an input shape, with every layer's output shape: the whole-stack rules, shared
 * by the builder and the model-file reader (each layer's own rules live in its constructor and
 * {@link Layer#outputShape}).
 *
 * @param input   the shape of one input sample
 * @param layers  the layers, the last one an {@link OutputLayer}
 * @param outputs the output shape of each layer
 */
public record Architecture(Shape input, List<Layer> layers, List<Shape> outputs) {

    /** Copies the lists. */
    public Architecture {
        layers = List.copyOf(layers);
        outputs = List.copyOf(outputs);
    }

    /**
     * @param input  the input shape
     * @param layers the layers
     * @return the validated architecture
     * @throws IllegalArgumentException naming the layer index and the fix
     */
    public static Architecture of(Shape input, List<? extends Layer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException(
                    "the network has no layers: add at least dense(units) and an output," + " softmax() or mse()");
        }
        int lastIndex = layers.size() - 1;
        Map<String, Integer> names = new HashMap<>();
        boolean trainable = false;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            Integer before = names.putIfAbsent(l.name(), i);
            if (before != null) {
                throw new IllegalArgumentException("layers " + before + " and " + i + " are both named \"" + l.name()
                        + "\": layer names must be unique; rename one with name(...)");
            }
            if (l instanceof OutputLayer && i != lastIndex) {
                throw new IllegalArgumentException("layer " + i + " (" + l.kind() + "()) is an output layer but "
                        + (lastIndex - i) + " layer(s) follow it, starting with "
                        + layers.get(i + 1).kind()
                        + " at layer " + (i + 1) + ": softmax() or mse() must be the last layer");
            }
        }
        Layer last = layers.get(lastIndex);
        if (!(last instanceof OutputLayer)) {
            throw new IllegalArgumentException(
                    "layer " + lastIndex + " (" + last.kind() + ") is the last"
                            + " layer but not an output: end the network with softmax() (classification) or mse() (regression)");
        }
        Shape[] shapes = new Shape[layers.size()];
        Shape shape = input;
        for (int i = 0; i < layers.size(); i++) {
            Shape in = shape;
            try {
                shape = layers.get(i).outputShape(shape);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "layer " + i + " (" + layers.get(i).kind() + "): " + e.getMessage(), e);
            }
            shapes[i] = shape;
            trainable |= Layers.parameterCount(layers.get(i), in) > 0;
        }
        if (!trainable) {
            throw new IllegalArgumentException("the network has no dense layer (nor any other trainable parameter),"
                    + " so nothing to train: add dense(units) before " + last.kind() + "() (layer " + lastIndex + ")");
        }
        return new Architecture(input, List.copyOf(layers), List.of(shapes));
    }

    /**
     * @param layer a layer index
     * @return the shape going into it
     */
    public Shape inputOf(int layer) {
        return layer == 0 ? input : outputs.get(layer - 1);
    }

    /** @return the output layer */
    public OutputLayer head() {
        return (OutputLayer) layers.get(layers.size() - 1);
    }

    /**
     * The first difference from another architecture, for messages such as a checkpoint written by another
     * network.
     *
     * @param other the other architecture
     * @return a description of the first difference, or null when they are equal
     */
    public @org.jspecify.annotations.Nullable String firstDifference(Architecture other) {
        if (!input.equals(other.input)) {
            return "input " + other.input + " vs " + input;
        }
        int n = Math.min(layers.size(), other.layers.size());
        for (int i = 0; i < n; i++) {
            Layer a = other.layers.get(i);
            Layer b = layers.get(i);
            if (!a.equals(b)) {
                return "layer " + i + ": " + a + " " + other.outputs.get(i) + " vs " + b + " " + outputs.get(i);
            }
        }
        if (layers.size() != other.layers.size()) {
            return other.layers.size() + " layers vs " + layers.size();
        }
        return null;
    }
}
