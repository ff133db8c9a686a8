package org.simdnn.core.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.simdnn.core.internal.VectorRegisters;

/**
 * The one float species every vector kernel uses, fixed once per JVM as a {@code static final} constant so C2
 * treats it as a compile-time constant (a species in a non-final field or parameter defeats intrinsification).
 * The width comes from {@code -Dsimdnn.vectorBits} (128/256/512) or the platform's preferred shape.
 */
public final class Lanes {
    /** The float species of all vector kernels. */
    public static final VectorSpecies<Float> F;
    /** Bits per vector of {@link #F}. Read reflectively by the backend selector. */
    public static final int BITS;
    /** Float lanes per vector of {@link #F}. Read reflectively by the backend selector. */
    public static final int FLOATS;
    /** Why this width was chosen. Read reflectively by the backend selector. */
    public static final String NOTE;
    /**
     * Architectural vector registers the kernels are sized for (16 or 32, {@link VectorRegisters}). Read
     * reflectively by the backend selector.
     */
    public static final int REGISTERS;
    /** Why that register count. Read reflectively by the backend selector. */
    public static final String REGISTERS_NOTE;

    static {
        int preferred = VectorShape.preferredShape().vectorBitSize();
        String requested = System.getProperty("simdnn.vectorBits");
        int bits = preferred;
        String note = "preferred shape of this CPU";
        if (requested != null && !requested.isBlank()) {
            int r;
            try {
                r = Integer.parseInt(requested.trim());
            } catch (NumberFormatException e) {
                r = -1;
            }
            if (r != 128 && r != 256 && r != 512) {
                note = "ignored -Dsimdnn.vectorBits=" + requested + " (expected 128, 256 or 512); preferred shape";
            } else if (r > preferred) {
                note = "ignored -Dsimdnn.vectorBits=" + r + ": wider than this CPU's " + preferred
                        + "-bit preferred shape, it would be emulated";
            } else {
                bits = r;
                note = "set by -Dsimdnn.vectorBits=" + r;
            }
        }
        F = FloatVector.SPECIES_PREFERRED.vectorBitSize() == bits
                ? FloatVector.SPECIES_PREFERRED
                : VectorSpecies.of(float.class, VectorShape.forBitSize(bits));
        BITS = F.vectorBitSize();
        FLOATS = F.length();
        NOTE = note;
        VectorRegisters.Budget budget = VectorRegisters.detect(BITS);
        REGISTERS = budget.count();
        REGISTERS_NOTE = budget.note();
    }

    private Lanes() {}
}
