package org.simdnn.core;

/**
 * Which implementation of the kernels this JVM runs, and why.
 *
 * <p>Obtain it with {@link Simdnn#backend()}. Applications and CI pipelines can assert on it so they never run
 * silently on the scalar fallback, for example {@code if (!Simdnn.backend().vectorized()) throw ...}.
 *
 * @param vectorized  true when the Vector API kernels are active, false when the scalar twins run
 * @param vectorBits  width of the float species in bits (0 on the scalar backend)
 * @param floatLanes  float lanes per vector (1 on the scalar backend)
 * @param vectorRegisters architectural vector registers the kernels are sized for, 16 or 32 (0 on the scalar
 *                    backend); see {@code -Dsimdnn.vectorRegisters} in the README
 * @param fma         whether HotSpot reports hardware fused multiply-add ({@code -XX:+UseFMA}); the vector
 *                    backend is only chosen when it does, because an emulated vector FMA is slower than scalar code
 * @param reason      one sentence on why this backend was chosen (for the fallback: what to change)
 */
public record Backend(
        boolean vectorized, int vectorBits, int floatLanes, int vectorRegisters, boolean fma, String reason) {

    /** Short name used in test assertions and logs: {@code "vector-256"}, {@code "vector-128"} or {@code "scalar"}. */
    public String name() {
        return vectorized ? "vector-" + vectorBits : "scalar";
    }

    @Override
    public String toString() {
        if (vectorized) {
            return "simdnn backend: vector, " + vectorBits + "-bit species (" + floatLanes + " float lanes, "
                    + vectorRegisters + " vector registers), FMA=" + fma
                    + " (" + reason + ")";
        }
        return "simdnn backend: SCALAR FALLBACK, FMA=" + fma + " (" + reason + ")";
    }
}
