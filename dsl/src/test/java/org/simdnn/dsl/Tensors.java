package org.simdnn.dsl;

import java.util.LinkedHashMap;
import java.util.Map;

/** Copies of a network's tensors through the public by-name API, for comparing networks in tests. */
final class Tensors {

    private Tensors() {}

    /** @return every tensor, by name, in layer order */
    static Map<String, float[]> all(Network net) {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (TensorInfo t : net.tensors()) {
            m.put(t.name(), net.tensor(t.name()));
        }
        return m;
    }

    /** @return the trainable tensors, by name */
    static Map<String, float[]> parameters(Network net) {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (TensorInfo t : net.tensors()) {
            if (t.trainable()) {
                m.put(t.name(), net.tensor(t.name()));
            }
        }
        return m;
    }

    /** @return the non-trainable tensors (running statistics), by name */
    static Map<String, float[]> states(Network net) {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (TensorInfo t : net.tensors()) {
            if (!t.trainable()) {
                m.put(t.name(), net.tensor(t.name()));
            }
        }
        return m;
    }

    /** Asserts two networks hold bit-identical tensors under the same names. */
    static void assertSame(Network expected, Network actual) {
        Map<String, float[]> a = all(expected);
        Map<String, float[]> b = all(actual);
        org.junit.jupiter.api.Assertions.assertEquals(a.keySet(), b.keySet());
        for (String name : a.keySet()) {
            // assertArrayEquals on floats compares bits (Float.floatToIntBits semantics)
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.get(name), b.get(name), name);
        }
    }
}
