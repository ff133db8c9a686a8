package org.simdnn.core.internal.vector;

import static org.simdnn.core.internal.vector.Lanes.F;

import jdk.incubator.vector.FloatVector;
import org.jspecify.annotations.Nullable;

/**
 * The register-blocked micro-kernels of the tiled path: {@code tile = Apanel(MR x kc) * Bpanel(kc x NR)} with the
 * whole {@code MR x NR} tile of C in vector registers across the K loop. The tile shape is chosen here, once, from
 * the register budget ({@link Lanes#REGISTERS}, not the lane count); every other part of the GEMM reads
 * {@link #MR}, {@link #NV} and {@link #NR} from here.
 *
 * <h2>Register budget</h2>
 * A micro-kernel keeps {@code MR * NV} accumulators, {@code NV} vectors of B and one broadcast of A live across
 * its K loop; if they exceed the architectural vector registers C2 spills accumulators to the stack on every K
 * step (an AVX2 probe: 4 x 3 vectors = 12 accumulators ran at 29 GFLOP/s, 3 x 3 = 9 at 51.5). With 32 registers
 * (AVX-512, NEON/SVE) the tile is {@code 12 x 2} vectors (24 accumulators + 2 B + 1 broadcast = 27). With 16
 * (SSE/AVX/AVX2) it is {@link #SIXTEEN_REGISTER_TILE}; the shapes measured for it and the generated code are in
 * {@code docs/gemm-register-tiles.md}. {@code -Dsimdnn.gemm.tile=12x2|6x2|4x3|3x3} forces a shape (a measurement
 * knob). All are {@code static final}, so C2 folds the choice and compiles one kernel. {@code NR = NV * lanes}.
 * Every shape sums each element of C over K in the same order, so the result bits do not depend on the shape.
 *
 * <p>The kernels write the tile to an {@code MR x NR} array (row stride NR) and never touch C: merging into C is
 * {@link GemmTileStore}'s job. They take and return no vectors, so nothing is boxed when they are not inlined (at
 * about 1000 bytecodes they never are).
 */
final class GemmMicroKernels {
    private static final int L = F.length();
    /** The tile for 16 vector registers, as {@code "MRxNV"}. */
    static final String SIXTEEN_REGISTER_TILE = "5x2";
    /** The tile shape in use, {@code "MRxNV"}. */
    static final String TILE = tile(System.getProperty("simdnn.gemm.tile"), Lanes.REGISTERS);
    /** Rows of the register tile. */
    static final int MR = Integer.parseInt(TILE.substring(0, TILE.indexOf('x')));
    /** Vectors per row of the register tile. */
    static final int NV = Integer.parseInt(TILE.substring(TILE.indexOf('x') + 1));
    /** Columns of the register tile. */
    static final int NR = NV * L;

    private GemmMicroKernels() {}

    /** The forced shape when it is one of the kernels here, else the one for the register budget. */
    static String tile(@Nullable String forced, int registers) {
        if (forced != null) {
            switch (forced.trim()) {
                case "12x2", "6x2", "5x2", "4x3", "4x2", "3x3" -> {
                    return forced.trim();
                }
                default -> {}
            }
        }
        return registers >= 32 ? "12x2" : SIXTEEN_REGISTER_TILE;
    }

    /**
     * {@code t = Apanel * Bpanel} for one tile: A is an MR-row panel packed by {@link GemmPacking#packLeft} from
     * {@code ap[pa]}, B has {@code kc} rows of NR values {@code bs} apart from {@code bp[pb]} (NR when packed, ldb
     * when read in place).
     */
    static void kernel(float[] ap, int pa, float[] bp, int pb, int bs, int kc, float[] t) {
        if (MR == 12) {
            kernel12x2(ap, pa, bp, pb, bs, kc, t);
        } else if (MR == 6) {
            kernel6x2(ap, pa, bp, pb, bs, kc, t);
        } else if (MR == 5) {
            kernel5x2(ap, pa, bp, pb, bs, kc, t);
        } else if (MR == 4 && NV == 3) {
            kernel4x3(ap, pa, bp, pb, bs, kc, t);
        } else if (MR == 4) {
            kernel4x2(ap, pa, bp, pb, bs, kc, t);
        } else {
            kernel3x3(ap, pa, bp, pb, bs, kc, t);
        }
    }

    /**
     * A 16-register micro-kernel: {@code t = Apanel(6 x kc) * Bpanel(kc x 2 vectors)} in 12 accumulators; with the
     * two B vectors and the A broadcast 15 registers are live (the BLIS/OpenBLAS Haswell shape, 6 x 16 at 8 lanes).
     */
    private static void kernel6x2(float[] ap, int pa, float[] bp, int pb, int bs, int kc, float[] t) {
        FloatVector c0_0 = FloatVector.zero(F), c0_1 = FloatVector.zero(F);
        FloatVector c1_0 = FloatVector.zero(F), c1_1 = FloatVector.zero(F);
        FloatVector c2_0 = FloatVector.zero(F), c2_1 = FloatVector.zero(F);
        FloatVector c3_0 = FloatVector.zero(F), c3_1 = FloatVector.zero(F);
        FloatVector c4_0 = FloatVector.zero(F), c4_1 = FloatVector.zero(F);
        FloatVector c5_0 = FloatVector.zero(F), c5_1 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++, pa += MR, pb += bs) {
            FloatVector b0 = FloatVector.fromArray(F, bp, pb);
            FloatVector b1 = FloatVector.fromArray(F, bp, pb + L);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[pa + 0]);
            c0_0 = a.fma(b0, c0_0);
            c0_1 = a.fma(b1, c0_1);
            a = FloatVector.broadcast(F, ap[pa + 1]);
            c1_0 = a.fma(b0, c1_0);
            c1_1 = a.fma(b1, c1_1);
            a = FloatVector.broadcast(F, ap[pa + 2]);
            c2_0 = a.fma(b0, c2_0);
            c2_1 = a.fma(b1, c2_1);
            a = FloatVector.broadcast(F, ap[pa + 3]);
            c3_0 = a.fma(b0, c3_0);
            c3_1 = a.fma(b1, c3_1);
            a = FloatVector.broadcast(F, ap[pa + 4]);
            c4_0 = a.fma(b0, c4_0);
            c4_1 = a.fma(b1, c4_1);
            a = FloatVector.broadcast(F, ap[pa + 5]);
            c5_0 = a.fma(b0, c5_0);
            c5_1 = a.fma(b1, c5_1);
        }
        c0_0.intoArray(t, 0);
        c0_1.intoArray(t, L);
        c1_0.intoArray(t, NR);
        c1_1.intoArray(t, NR + L);
        c2_0.intoArray(t, 2 * NR);
        c2_1.intoArray(t, 2 * NR + L);
        c3_0.intoArray(t, 3 * NR);
        c3_1.intoArray(t, 3 * NR + L);
        c4_0.intoArray(t, 4 * NR);
        c4_1.intoArray(t, 4 * NR + L);
        c5_0.intoArray(t, 5 * NR);
        c5_1.intoArray(t, 5 * NR + L);
    }

    /**
     * A 16-register micro-kernel: {@code t = Apanel(4 x kc) * Bpanel(kc x 3 vectors)} in 12 accumulators; with the
     * three B vectors and the A broadcast all 16 registers are live, so any temporary C2 needs spills.
     */
    private static void kernel4x3(float[] ap, int pa, float[] bp, int pb, int bs, int kc, float[] t) {
        FloatVector c0_0 = FloatVector.zero(F), c0_1 = FloatVector.zero(F), c0_2 = FloatVector.zero(F);
        FloatVector c1_0 = FloatVector.zero(F), c1_1 = FloatVector.zero(F), c1_2 = FloatVector.zero(F);
        FloatVector c2_0 = FloatVector.zero(F), c2_1 = FloatVector.zero(F), c2_2 = FloatVector.zero(F);
        FloatVector c3_0 = FloatVector.zero(F), c3_1 = FloatVector.zero(F), c3_2 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++, pa += MR, pb += bs) {
            FloatVector b0 = FloatVector.fromArray(F, bp, pb);
            FloatVector b1 = FloatVector.fromArray(F, bp, pb + L);
            FloatVector b2 = FloatVector.fromArray(F, bp, pb + 2 * L);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[pa + 0]);
            c0_0 = a.fma(b0, c0_0);
            c0_1 = a.fma(b1, c0_1);
            c0_2 = a.fma(b2, c0_2);
            a = FloatVector.broadcast(F, ap[pa + 1]);
            c1_0 = a.fma(b0, c1_0);
            c1_1 = a.fma(b1, c1_1);
            c1_2 = a.fma(b2, c1_2);
            a = FloatVector.broadcast(F, ap[pa + 2]);
            c2_0 = a.fma(b0, c2_0);
            c2_1 = a.fma(b1, c2_1);
            c2_2 = a.fma(b2, c2_2);
            a = FloatVector.broadcast(F, ap[pa + 3]);
            c3_0 = a.fma(b0, c3_0);
            c3_1 = a.fma(b1, c3_1);
            c3_2 = a.fma(b2, c3_2);
        }
        c0_0.intoArray(t, 0);
        c0_1.intoArray(t, L);
        c0_2.intoArray(t, 2 * L);
        c1_0.intoArray(t, NR);
        c1_1.intoArray(t, NR + L);
        c1_2.intoArray(t, NR + 2 * L);
        c2_0.intoArray(t, 2 * NR);
        c2_1.intoArray(t, 2 * NR + L);
        c2_2.intoArray(t, 2 * NR + 2 * L);
        c3_0.intoArray(t, 3 * NR);
        c3_1.intoArray(t, 3 * NR + L);
        c3_2.intoArray(t, 3 * NR + 2 * L);
    }

    /**
     * A 16-register micro-kernel: {@code t = Apanel(5 x kc) * Bpanel(kc x 2 vectors)} in 10 accumulators, which
     * leaves room for the two B vectors and the up to three A broadcasts C2 schedules ahead of their FMAs.
     */
    private static void kernel5x2(float[] ap, int pa, float[] bp, int pb, int bs, int kc, float[] t) {
        FloatVector c0_0 = FloatVector.zero(F), c0_1 = FloatVector.zero(F);
        FloatVector c1_0 = FloatVector.zero(F), c1_1 = FloatVector.zero(F);
        FloatVector c2_0 = FloatVector.zero(F), c2_1 = FloatVector.zero(F);
        FloatVector c3_0 = FloatVector.zero(F), c3_1 = FloatVector.zero(F);
        FloatVector c4_0 = FloatVector.zero(F), c4_1 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++, pa += MR, pb += bs) {
            FloatVector b0 = FloatVector.fromArray(F, bp, pb);
            FloatVector b1 = FloatVector.fromArray(F, bp, pb + L);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[pa + 0]);
            c0_0 = a.fma(b0, c0_0);
            c0_1 = a.fma(b1, c0_1);
            a = FloatVector.broadcast(F, ap[pa + 1]);
            c1_0 = a.fma(b0, c1_0);
            c1_1 = a.fma(b1, c1_1);
            a = FloatVector.broadcast(F, ap[pa + 2]);
            c2_0 = a.fma(b0, c2_0);
            c2_1 = a.fma(b1, c2_1);
            a = FloatVector.broadcast(F, ap[pa + 3]);
            c3_0 = a.fma(b0, c3_0);
            c3_1 = a.fma(b1, c3_1);
            a = FloatVector.broadcast(F, ap[pa + 4]);
            c4_0 = a.fma(b0, c4_0);
            c4_1 = a.fma(b1, c4_1);
        }
        c0_0.intoArray(t, 0);
        c0_1.intoArray(t, L);
        c1_0.intoArray(t, NR);
        c1_1.intoArray(t, NR + L);
        c2_0.intoArray(t, 2 * NR);
        c2_1.intoArray(t, 2 * NR + L);
        c3_0.intoArray(t, 3 * NR);
        c3_1.intoArray(t, 3 * NR + L);
        c4_0.intoArray(t, 4 * NR);
        c4_1.intoArray(t, 4 * NR + L);
    }

    /**
     * A 16-register micro-kernel: {@code t = Apanel(4 x kc) * Bpanel(kc x 2 vectors)} in 8 accumulators.
     */
    private static void kernel4x2(float[] ap, int pa, float[] bp, int pb, int bs, int kc, float[] t) {
        FloatVector c0_0 = FloatVector.zero(F), c0_1 = FloatVector.zero(F);
        FloatVector c1_0 = FloatVector.zero(F), c1_1 = FloatVector.zero(F);
        FloatVector c2_0 = FloatVector.zero(F), c2_1 = FloatVector.zero(F);
        FloatVector c3_0 = FloatVector.zero(F), c3_1 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++, pa += MR, pb += bs) {
            FloatVector b0 = FloatVector.fromArray(F, bp, pb);
            FloatVector b1 = FloatVector.fromArray(F, bp, pb + L);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[pa + 0]);
            c0_0 = a.fma(b0, c0_0);
            c0_1 = a.fma(b1, c0_1);
            a = FloatVector.broadcast(F, ap[pa + 1]);
            c1_0 = a.fma(b0, c1_0);
            c1_1 = a.fma(b1, c1_1);
            a = FloatVector.broadcast(F, ap[pa + 2]);
            c2_0 = a.fma(b0, c2_0);
            c2_1 = a.fma(b1, c2_1);
            a = FloatVector.broadcast(F, ap[pa + 3]);
            c3_0 = a.fma(b0, c3_0);
            c3_1 = a.fma(b1, c3_1);
        }
        c0_0.intoArray(t, 0);
        c0_1.intoArray(t, L);
        c1_0.intoArray(t, NR);
        c1_1.intoArray(t, NR + L);
        c2_0.intoArray(t, 2 * NR);
        c2_1.intoArray(t, 2 * NR + L);
        c3_0.intoArray(t, 3 * NR);
        c3_1.intoArray(t, 3 * NR + L);
    }

    /**
     * The smallest 16-register micro-kernel: {@code t = Apanel(3 x kc) * Bpanel(kc x 3 vectors)} in 9
     * accumulators (13 live vectors in all), same form as {@link #kernel12x2}.
     */
    private static void kernel3x3(float[] ap, int pa, float[] bp, int pb, int bs, int kc, float[] t) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F), c02 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F), c12 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F), c22 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++, pa += MR, pb += bs) {
            FloatVector b0 = FloatVector.fromArray(F, bp, pb);
            FloatVector b1 = FloatVector.fromArray(F, bp, pb + L);
            FloatVector b2 = FloatVector.fromArray(F, bp, pb + 2 * L);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[pa + 0]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            c02 = a.fma(b2, c02);
            a = FloatVector.broadcast(F, ap[pa + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            c12 = a.fma(b2, c12);
            a = FloatVector.broadcast(F, ap[pa + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            c22 = a.fma(b2, c22);
        }
        c00.intoArray(t, 0);
        c01.intoArray(t, L);
        c02.intoArray(t, 2 * L);
        c10.intoArray(t, NR);
        c11.intoArray(t, NR + L);
        c12.intoArray(t, NR + 2 * L);
        c20.intoArray(t, 2 * NR);
        c21.intoArray(t, 2 * NR + L);
        c22.intoArray(t, 2 * NR + 2 * L);
    }

    /**
     * The 32-register micro-kernel: {@code t = Apanel(12 x kc) * Bpanel(kc x 2 vectors)} in 24 vector
     * accumulators, each updated in the {@code acc = a.fma(b, acc)} form (the reverse makes C2 copy a register
     * before every vfmadd). B rows are {@code bs} apart (NR when packed, ldb when read in place). The tile goes to
     * {@code t} (L1) once per kc steps; C is updated from there. (Storing straight into C from here, with the
     * alpha/beta variants, made the method big enough that C2 did not compile it within JMH's warm-up for K = 10:
     * it ran in C1 code with boxed vectors, 40x slower.)
     */
    private static void kernel12x2(float[] ap, int pa, float[] bp, int pb, int bs, int kc, float[] t) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F), c41 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F), c51 = FloatVector.zero(F);
        FloatVector c60 = FloatVector.zero(F), c61 = FloatVector.zero(F);
        FloatVector c70 = FloatVector.zero(F), c71 = FloatVector.zero(F);
        FloatVector c80 = FloatVector.zero(F), c81 = FloatVector.zero(F);
        FloatVector c90 = FloatVector.zero(F), c91 = FloatVector.zero(F);
        FloatVector c100 = FloatVector.zero(F), c101 = FloatVector.zero(F);
        FloatVector c110 = FloatVector.zero(F), c111 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++, pa += MR, pb += bs) {
            FloatVector b0 = FloatVector.fromArray(F, bp, pb);
            FloatVector b1 = FloatVector.fromArray(F, bp, pb + L);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[pa + 0]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(F, ap[pa + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(F, ap[pa + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(F, ap[pa + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(F, ap[pa + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(F, ap[pa + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(F, ap[pa + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(F, ap[pa + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
            a = FloatVector.broadcast(F, ap[pa + 8]);
            c80 = a.fma(b0, c80);
            c81 = a.fma(b1, c81);
            a = FloatVector.broadcast(F, ap[pa + 9]);
            c90 = a.fma(b0, c90);
            c91 = a.fma(b1, c91);
            a = FloatVector.broadcast(F, ap[pa + 10]);
            c100 = a.fma(b0, c100);
            c101 = a.fma(b1, c101);
            a = FloatVector.broadcast(F, ap[pa + 11]);
            c110 = a.fma(b0, c110);
            c111 = a.fma(b1, c111);
        }
        c00.intoArray(t, 0);
        c01.intoArray(t, L);
        c10.intoArray(t, NR);
        c11.intoArray(t, NR + L);
        c20.intoArray(t, 2 * NR);
        c21.intoArray(t, 2 * NR + L);
        c30.intoArray(t, 3 * NR);
        c31.intoArray(t, 3 * NR + L);
        c40.intoArray(t, 4 * NR);
        c41.intoArray(t, 4 * NR + L);
        c50.intoArray(t, 5 * NR);
        c51.intoArray(t, 5 * NR + L);
        c60.intoArray(t, 6 * NR);
        c61.intoArray(t, 6 * NR + L);
        c70.intoArray(t, 7 * NR);
        c71.intoArray(t, 7 * NR + L);
        c80.intoArray(t, 8 * NR);
        c81.intoArray(t, 8 * NR + L);
        c90.intoArray(t, 9 * NR);
        c91.intoArray(t, 9 * NR + L);
        c100.intoArray(t, 10 * NR);
        c101.intoArray(t, 10 * NR + L);
        c110.intoArray(t, 11 * NR);
        c111.intoArray(t, 11 * NR + L);
    }
}
