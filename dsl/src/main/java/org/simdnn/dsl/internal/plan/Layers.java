package org.simdnn.dsl.internal.plan;

/** The rules every layer kind shares. */
public final class Layers {

    /** The longest layer name, in characters. */
    public static final int MAX_NAME_LENGTH = 256;
    /** The most values one tensor may have (the largest safe Java array). */
    public static final long MAX_TENSOR = Integer.MAX_VALUE - 8;

    private Layers() {}

    /**
     * @param name a layer name
     * @throws IllegalArgumentException when blank or too long
     */
    static void checkName(String name) {
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(
                    "a layer name must not be blank or longer than " + MAX_NAME_LENGTH + " characters");
        }
    }

    /**
     * @param layer the layer
     * @param input its input shape
     * @return the number of trainable values it has
     */
    public static long parameterCount(Layer layer, org.simdnn.dsl.Shape input) {
        long n = 0;
        for (TensorSpec t : layer.tensors(input)) {
            if (t.role() != Tensor.Role.STATE) {
                n += t.size();
            }
        }
        return n;
    }
}
