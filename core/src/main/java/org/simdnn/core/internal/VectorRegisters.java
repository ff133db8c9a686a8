package org.simdnn.core.internal;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How many architectural vector registers the JIT can give one kernel: 16 (SSE, AVX, AVX2) or 32 (AVX-512, which
 * also gives 256- and 128-bit code 32 registers; NEON and SVE; RISC-V V). The SGEMM micro-kernel is sized from
 * this, not from the lane count: a tile whose accumulators, B vectors and A broadcast do not fit makes C2 spill
 * accumulators on every K step (an AVX2 probe: 29 GFLOP/s instead of 51).
 *
 * <p>Decided once per JVM: {@code -Dsimdnn.vectorRegisters=16|32} when given; else 32 on aarch64 and riscv64; on
 * x86 32 when HotSpot runs with {@code UseAVX >= 3} (AVX-512: {@code -XX:UseAVX=2} on such a CPU gives 16), 16 for
 * lower levels; when {@code UseAVX} cannot be read, 32 for 512-bit species and 16 otherwise. Unknown architectures
 * get 16: a small tile on a big register file loses a little, a big tile on a small one loses half.
 */
public final class VectorRegisters {
    /** System property that overrides the detected count: {@code 16} or {@code 32}. */
    public static final String PROPERTY = "simdnn.vectorRegisters";

    /**
     * The decision and why.
     *
     * @param count 16 or 32
     * @param note one phrase for the backend report
     */
    public record Budget(int count, String note) {}

    private VectorRegisters() {}

    /** The budget of this JVM for a species of {@code bits} bits. */
    public static Budget detect(int bits) {
        return decide(
                System.getProperty(PROPERTY), System.getProperty("os.arch", ""), HotSpotFlags.value("UseAVX"), bits);
    }

    /**
     * The rule of the class documentation, as a pure function of its inputs.
     *
     * @param override the property's value, or null
     * @param arch {@code os.arch}
     * @param useAvx HotSpot's {@code UseAVX} value, or null when it cannot be read
     * @param bits the float species width
     */
    public static Budget decide(@Nullable String override, String arch, @Nullable String useAvx, int bits) {
        String ignored = "";
        if (override != null && !override.isBlank()) {
            String o = override.trim();
            if (o.equals("16") || o.equals("32")) {
                return new Budget(Integer.parseInt(o), "set by -D" + PROPERTY + "=" + o);
            }
            ignored = "ignored -D" + PROPERTY + "=" + override + " (expected 16 or 32); ";
        }
        String a = arch.toLowerCase(Locale.ROOT);
        if (a.equals("aarch64") || a.equals("arm64") || a.startsWith("riscv")) {
            return new Budget(32, ignored + a + " has 32 vector registers");
        }
        boolean x86 = a.equals("amd64") || a.equals("x86_64") || a.equals("x86") || a.equals("i386");
        if (x86 && useAvx != null) {
            int level;
            try {
                level = Integer.parseInt(useAvx.trim());
            } catch (NumberFormatException e) {
                level = -1;
            }
            if (level >= 3) {
                return new Budget(32, ignored + "UseAVX=" + level + " (AVX-512)");
            }
            if (level >= 0) {
                return new Budget(16, ignored + "UseAVX=" + level);
            }
        }
        if (x86) {
            return bits >= 512
                    ? new Budget(32, ignored + "UseAVX unreadable; 512-bit species implies AVX-512")
                    : new Budget(16, ignored + "UseAVX unreadable; assuming AVX2");
        }
        return new Budget(16, ignored + "unknown architecture " + a + "; assuming 16");
    }
}
