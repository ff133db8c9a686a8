package org.simdnn.bench;

/**
 * JVM arguments of benchmark forks. Every benchmark family is an abstract class with two concrete subclasses that
 * differ only in their {@code @Fork}: {@code Vector} (the Vector API backend) and {@code Scalar} (the same public
 * methods on the scalar twins, forced with {@code -Dsimdnn.backend=scalar}), Lucene's way of comparing both
 * through the very same code path in one JMH invocation.
 *
 * <p>Note: {@code -jvmArgsAppend} on the JMH command line <em>replaces</em> these values; repeat
 * {@code --add-modules jdk.incubator.vector} there if you use it.
 */
public final class Forks {
    private Forks() {}

    /** Arguments of a vector-backend fork. */
    public static final String ADD_VECTOR = "--add-modules=jdk.incubator.vector";
    /** Silences the JDK 24+ warning about JMH's use of sun.misc.Unsafe. */
    public static final String UNSAFE_OK = "--sun-misc-unsafe-memory-access=allow";
    /** Requires the vector backend: a fork that would fall back fails instead of measuring the wrong thing. */
    public static final String REQUIRE_VECTOR = "-Dsimdnn.backend=vector";
    /** Forces the scalar twins. */
    public static final String FORCE_SCALAR = "-Dsimdnn.backend=scalar";
}
