package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.simdnn.core.internal.vector.VectorGemm;

/**
 * Each surefire execution declares which backend it means to test ({@code simdnn.test.expectBackend}); this test
 * fails the run when the JVM is on another one, so a misconfigured run cannot silently test the wrong path.
 */
class BackendSelectionTest {

    @Test
    void runsOnTheBackendThisExecutionDeclares() {
        String expected = System.getProperty("simdnn.test.expectBackend", "");
        Backend b = Simdnn.backend();
        System.out.println("[simdnn test run] expect=" + expected + " actual: " + b);
        if (b.vectorized()) {
            assertTrue(b.vectorRegisters() == 16 || b.vectorRegisters() == 32, b::toString);
        } else {
            assertEquals(0, b.vectorRegisters(), b::toString);
        }
        switch (expected) {
            case "vector" -> {
                assertTrue(b.vectorized(), b::toString);
                assertEquals(FloatVector.SPECIES_PREFERRED.vectorBitSize(), b.vectorBits(), b::toString);
                assertEquals(b.vectorBits() / 32, b.floatLanes());
            }
            case "vector-128" -> {
                assertTrue(b.vectorized(), b::toString);
                assertEquals(128, b.vectorBits(), b::toString);
                assertEquals(4, b.floatLanes());
                assertEquals("vector-128", b.name());
            }
            case "vector-256" -> {
                // 256 bits where the CPU has them; a CPU whose preferred shape is narrower keeps its own (and says so)
                int expectedBits = Math.min(256, FloatVector.SPECIES_PREFERRED.vectorBitSize());
                assertTrue(b.vectorized(), b::toString);
                assertEquals(expectedBits, b.vectorBits(), b::toString);
                assertEquals(expectedBits / 32, b.floatLanes());
            }
            case "avx2-on-avx512" -> {
                // -XX:UseAVX=2 on an AVX-512 CPU: 256-bit species, 16 registers, the 16-register SGEMM tile
                assertTrue(b.vectorized(), b::toString);
                assertEquals(256, b.vectorBits(), b::toString);
                assertEquals(16, b.vectorRegisters(), b::toString);
                assertEquals("5x2", VectorGemm.tile());
            }
            case "scalar" -> {
                assertFalse(b.vectorized(), b::toString);
                assertEquals(1, b.floatLanes());
                assertTrue(b.reason().contains("simdnn.backend=scalar"), b::reason);
            }
            case "any" -> {}
            default ->
                throw new AssertionError("unknown or missing -Dsimdnn.test.expectBackend='" + expected
                        + "'; the build must say which backend each test run covers");
        }
    }
}
