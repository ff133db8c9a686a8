package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Runs in its own surefire execution without {@code --add-modules jdk.incubator.vector} but with
 * {@code -Dsimdnn.backend=vector}: a deployment that requires the vector backend must fail loudly at the first
 * kernel call instead of running on the scalar twins.
 */
class RequiredVectorMissingTest {

    @Test
    void requiringTheVectorBackendFailsLoudlyWhenItIsMissing() {
        assertTrue("vector".equals(System.getProperty("simdnn.backend")), "belongs to the required-vector run");
        Throwable t = assertThrows(Throwable.class, () -> Reductions.sum(new float[] {1, 2}, 0, 2));
        // the facade's static initializer throws: the JVM wraps it in ExceptionInInitializerError
        Throwable cause = t instanceof ExceptionInInitializerError e ? e.getCause() : t;
        assertTrue(cause instanceof IllegalStateException, () -> "unexpected " + t);
        assertTrue(cause.getMessage().contains("--add-modules jdk.incubator.vector"), cause::getMessage);
        assertFalse(Simdnn.backend().vectorized());
    }
}
