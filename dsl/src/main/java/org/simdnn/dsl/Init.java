package org.simdnn.dsl;

import java.util.SplittableRandom;

/**
 * How a dense layer's weights start. The defaults follow the activation that comes after the layer: {@link #he()}
 * for the ReLU family, {@link #lecun()} for LeCun's tanh, {@link #glorot()} otherwise (tanh, sigmoid, identity and
 * the output layer). Biases start at zero. A custom initializer is a lambda:
 * {@code (weights, fanIn, fanOut, random) -> java.util.Arrays.fill(weights, 0.01f)}.
 */
@FunctionalInterface
public interface Init {

    /**
     * Fills a dense layer's weight matrix.
     *
     * @param weights the {@code fanOut x fanIn} weights (row-major, one row per output unit), to overwrite
     * @param fanIn   the layer's input width
     * @param fanOut  the layer's output width
     * @param random  the layer's generator, derived from the network seed and the layer index
     */
    void initialize(float[] weights, int fanIn, int fanOut, SplittableRandom random);

    /**
     * He (Kaiming) normal: {@code N(0, 2 / fanIn)}, for ReLU-family activations.
     *
     * @return the initializer
     */
    static Init he() {
        return named("he", (w, fanIn, fanOut, r) -> normal(w, Math.sqrt(2.0 / fanIn), r));
    }

    /**
     * Glorot (Xavier) uniform: {@code U(-l, l)} with {@code l = sqrt(6 / (fanIn + fanOut))}, for tanh, sigmoid and
     * linear outputs (Keras' default).
     *
     * @return the initializer
     */
    static Init glorot() {
        return named("glorot", (w, fanIn, fanOut, r) -> {
            double limit = Math.sqrt(6.0 / (fanIn + fanOut));
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) ((2 * r.nextDouble() - 1) * limit);
            }
        });
    }

    /**
     * LeCun normal: {@code N(0, 1 / fanIn)}, for LeCun's tanh.
     *
     * @return the initializer
     */
    static Init lecun() {
        return named("lecun", (w, fanIn, fanOut, r) -> normal(w, Math.sqrt(1.0 / fanIn), r));
    }

    private static void normal(float[] w, double std, SplittableRandom r) {
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (r.nextGaussian() * std);
        }
    }

    private static Init named(String name, Init init) {
        return new Init() {
            @Override
            public void initialize(float[] weights, int fanIn, int fanOut, SplittableRandom random) {
                init.initialize(weights, fanIn, fanOut, random);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
