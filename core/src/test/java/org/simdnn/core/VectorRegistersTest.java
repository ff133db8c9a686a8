package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.simdnn.core.internal.VectorRegisters;
import org.simdnn.core.internal.VectorRegisters.Budget;

/** The register-budget rule: override, then architecture, then HotSpot's UseAVX, then the species width. */
class VectorRegistersTest {

    @Test
    void theOverrideWinsWhenValidAndIsReportedWhenNot() {
        assertEquals(16, VectorRegisters.decide("16", "amd64", "3", 512).count());
        assertEquals(32, VectorRegisters.decide(" 32 ", "amd64", "2", 256).count());
        Budget bad = VectorRegisters.decide("24", "amd64", "2", 256);
        assertEquals(16, bad.count());
        assertTrue(bad.note().startsWith("ignored -Dsimdnn.vectorRegisters=24"), bad.note());
        assertEquals(32, VectorRegisters.decide("", "amd64", "3", 512).count(), "blank means not set");
    }

    @Test
    void x86FollowsUseAvx() {
        assertEquals(32, VectorRegisters.decide(null, "amd64", "3", 512).count());
        assertEquals(32, VectorRegisters.decide(null, "amd64", "3", 256).count(), "AVX-512VL: 256-bit code, 32 regs");
        assertEquals(32, VectorRegisters.decide(null, "x86_64", "3", 128).count());
        assertEquals(16, VectorRegisters.decide(null, "amd64", "2", 256).count(), "-XX:UseAVX=2 on any CPU");
        assertEquals(16, VectorRegisters.decide(null, "amd64", "1", 256).count());
        assertEquals(16, VectorRegisters.decide(null, "amd64", "0", 128).count());
        assertEquals("UseAVX=2", VectorRegisters.decide(null, "amd64", "2", 256).note());
    }

    @Test
    void anUnreadableFlagFallsBackOnTheWidth() {
        assertEquals(32, VectorRegisters.decide(null, "amd64", null, 512).count());
        assertEquals(16, VectorRegisters.decide(null, "amd64", null, 256).count());
        assertEquals(16, VectorRegisters.decide(null, "amd64", "x", 256).count());
        assertEquals(32, VectorRegisters.decide(null, "amd64", "x", 512).count());
    }

    @Test
    void armAndRiscVHave32AndUnknownArchitecturesGet16() {
        assertEquals(32, VectorRegisters.decide(null, "aarch64", null, 128).count());
        assertEquals(32, VectorRegisters.decide(null, "aarch64", "0", 128).count(), "UseAVX is x86 only");
        assertEquals(32, VectorRegisters.decide(null, "riscv64", null, 256).count());
        assertEquals(16, VectorRegisters.decide(null, "ppc64le", null, 128).count());
    }

    @Test
    void thisJvmReportsWhatTheRuleGives() {
        Backend b = Simdnn.backend();
        if (b.vectorized()) {
            Budget expected = VectorRegisters.detect(b.vectorBits());
            assertEquals(expected.count(), b.vectorRegisters(), b::toString);
            assertTrue(b.reason().contains(expected.note()), b::reason);
        }
    }
}
