/**
 * simdnn core: SIMD kernels for batch-normalized neural networks on the JDK Vector API, each with a scalar twin.
 *
 * <p>The Vector API is an optional, static dependency: when {@code jdk.incubator.vector} is not resolved
 * (start the JVM with {@code --add-modules jdk.incubator.vector}), every kernel runs on its scalar twin and
 * {@link org.simdnn.core.Simdnn#backend()} says why.
 */
module org.simdnn.core {
    requires static jdk.incubator.vector;
    requires static org.jspecify;
    requires static java.management;
    requires static jdk.management;

    exports org.simdnn.core;
}
