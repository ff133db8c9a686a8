package org.simdnn.bench.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.simdnn.bench.DenseBench;
import org.simdnn.bench.GemmBench;

/**
 * What the report knows about each benchmark method: the logical bytes it moves and the nominal flops it does per
 * element, whether it is memory- or compute-bound, and whether it is a kernel or a reference loop.
 *
 * <p><b>Byte counting (the project's one rule):</b> logical bytes only, every array element read or written once
 * counts 4 B. A forward pass reads x and writes y (8 B/element); a backward pass reads x (or y) and dy and writes
 * dx (12 B/element); a reduction reads its inputs; SGD with momentum reads p, g, v and writes p, v (20 B); AdamW
 * reads p, g, m, v and writes p, m, v (28 B).
 *
 * <p><b>Flop counting</b> (for the roofline chart only): nominal floating-point operations per element of the
 * vector kernel's main loop, an FMA counting 2, comparisons and blends not counted; e.g. tanh = 1 mul + 9 FMA +
 * 1 mul + 1 div = 21. GEMM-like kernels count {@code 2 m n k} per call.
 */
public final class KernelCatalog {
    private KernelCatalog() {}

    /** How a kernel is bounded on a modern core: decides which targets apply to it. */
    public enum Bound {
        /** Streams memory; at DRAM sizes it should approach copy bandwidth. */
        MEMORY,
        /** Arithmetic dominates; the SIMD kernel must beat its twin at every size. */
        COMPUTE,
        /** Not a kernel of the library: a reference loop, an unfused baseline, a ceiling or a whole-network figure. */
        REFERENCE
    }

    /**
     * One benchmark method.
     *
     * @param bytesPerElement logical bytes per element (0 when not bandwidth-reported)
     * @param flopsPerElement nominal flops per element (0 when not counted)
     * @param bound memory, compute or reference
     * @param allocates true when allocating is the method's job (e.g. fitting a new Standardizer)
     */
    public record Kernel(int bytesPerElement, double flopsPerElement, Bound bound, boolean allocates) {}

    private static final Map<String, Kernel> KERNELS = new LinkedHashMap<>();
    private static final Kernel GEMM = new Kernel(0, 0, Bound.COMPUTE, false);

    static {
        mem("ReductionBench", "sum", 4, 1);
        mem("ReductionBench", "dot", 8, 2);
        mem("ReductionBench", "sumOfSquares", 4, 2);
        mem("ReductionBench", "max", 4, 1);
        mem("ReductionBench", "argmax", 4, 1);
        mem("ReductionBench", "l2Norm", 4, 2);
        mem("ReductionBench", "meanVariance", 4, 3);
        mem("ColumnStatsBench", "columnMeanVariance", 4, 3);
        mem("ColumnStatsBench", "columnMinMax", 4, 2);
        mem("ColumnStatsBench", "columnSums", 4, 1);
        put("ColumnStatsBench", "fit", new Kernel(4, 3, Bound.MEMORY, true));
        mem("ColumnStatsBench", "standardize", 8, 2);
        mem("ColumnStatsBench", "standardizeInPlace", 8, 2);
        mem("ActivationBench", "identity", 8, 0);
        mem("ActivationBench", "relu", 8, 1);
        mem("ActivationBench", "reluInPlace", 8, 1);
        mem("ActivationBench", "leakyRelu", 8, 2);
        compute("ActivationBench", "tanh", 8, 21);
        compute("ActivationBench", "sigmoid", 8, 24);
        compute("ActivationBench", "lecunTanh", 8, 23);
        mem("ActivationBench", "reluBackward", 12, 1);
        mem("ActivationBench", "reluBackwardInPlace", 12, 1);
        mem("ActivationBench", "leakyReluBackward", 12, 2);
        mem("ActivationBench", "tanhBackward", 12, 3);
        mem("ActivationBench", "sigmoidBackward", 12, 3);
        mem("ActivationBench", "lecunTanhBackward", 12, 4);
        ref("ActivationBench", "mathTanhLoop", 8);
        ref("ActivationBench", "mathSigmoidLoop", 8);
        mem("BatchNormBench", "forwardTrainingRelu", 8, 6);
        mem("BatchNormBench", "forwardInferenceRelu", 8, 3);
        mem("BatchNormBench", "backwardTrainingRelu", 12, 8);
        mem("BatchNormBench", "backwardInferenceRelu", 12, 5);
        ref("BatchNormBench", "forwardTrainingReluUnfused", 8);
        ref("BatchNormBench", "forwardInferenceReluUnfused", 8);
        ref("BatchNormBench", "backwardTrainingReluUnfused", 12);
        mem("OptimizerBench", "sgdMomentum", 20, 6);
        mem("OptimizerBench", "adamW", 28, 15);
        compute("LossBench", "softmaxCrossEntropy", 8, 26);
        compute("LossBench", "softmax", 8, 24);
        mem("LossBench", "meanSquaredError", 8, 3);
        mem("LossBench", "meanSquaredErrorWithGradient", 8, 5);
        put("GemmBench", "gemm", GEMM);
        put("DenseBench", "denseRelu", GEMM);
        put("DenseBench", "denseReluUnfused", new Kernel(0, 0, Bound.REFERENCE, false));
    }

    private static void mem(String family, String method, int bytes, double flops) {
        put(family, method, new Kernel(bytes, flops, Bound.MEMORY, false));
    }

    private static void compute(String family, String method, int bytes, double flops) {
        put(family, method, new Kernel(bytes, flops, Bound.COMPUTE, false));
    }

    private static void ref(String family, String method, int bytes) {
        put(family, method, new Kernel(bytes, 0, Bound.REFERENCE, false));
    }

    private static void put(String family, String method, Kernel k) {
        KERNELS.put(family + "." + method, k);
    }

    /** The entry of a benchmark method, or null when the catalog does not know it (it is then shown untyped). */
    public static @Nullable Kernel lookup(String family, String method) {
        return KERNELS.get(family + "." + method);
    }

    /** Every family.method the catalog knows. */
    public static Iterable<String> known() {
        return KERNELS.keySet();
    }

    private static final Pattern DIMS = Pattern.compile("(\\d+)x(\\d+)");

    /**
     * Elements one call processes, from the row's parameters: {@code n}, or the product of an {@code RxC} shape
     * parameter; null when the row has no such parameter.
     */
    public static @Nullable Long elements(JmhRow row) {
        String n = row.param("n");
        if (n != null) {
            return Long.parseLong(n);
        }
        for (String v : row.params().values()) {
            Matcher m = DIMS.matcher(v);
            if (m.matches()) {
                return Long.parseLong(m.group(1)) * Long.parseLong(m.group(2));
            }
        }
        return null;
    }

    /** Flops of one call of a GEMM-like row ({@code 2 m n k}), or null for other rows. */
    public static @Nullable Double gemmFlops(JmhRow row) {
        if (row.family().equals("GemmBench") && row.param("shape") != null && row.param("op") != null) {
            return GemmBench.flops(row.param("shape"), row.param("op"));
        }
        if (row.family().equals("DenseBench") && row.param("layer") != null) {
            return DenseBench.flops(row.param("layer"));
        }
        return null;
    }

    /** Logical bytes of one GEMM-like call: A, B read and C written once ({@code 4 (mk + kn + mn)}). */
    public static @Nullable Double gemmBytes(JmhRow row) {
        int[] d = gemmDims(row);
        return d == null ? null : 4.0 * ((double) d[0] * d[2] + (double) d[2] * d[1] + (double) d[0] * d[1]);
    }

    /** {@code (m, n, k)} of a GEMM-like row, or null. */
    public static int @Nullable [] gemmDims(JmhRow row) {
        if (row.family().equals("GemmBench") && row.param("shape") != null && row.param("op") != null) {
            return GemmBench.dims(row.param("shape"), row.param("op"));
        }
        if (row.family().equals("DenseBench") && row.param("layer") != null) {
            String[] p = row.param("layer").split(":");
            return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[2]), Integer.parseInt(p[1])};
        }
        return null;
    }

    /** Bytes of one call (logical rule), or null when the catalog or the shape does not say. */
    public static @Nullable Double bytes(JmhRow row) {
        Kernel k = lookup(row.family(), row.method());
        Long n = elements(row);
        if (k == null || n == null || k.bytesPerElement() == 0) {
            return gemmBytes(row);
        }
        return (double) k.bytesPerElement() * n;
    }

    /** Nominal flops of one call, or null when not counted. */
    public static @Nullable Double flops(JmhRow row) {
        Double g = gemmFlops(row);
        if (g != null) {
            return g;
        }
        Kernel k = lookup(row.family(), row.method());
        Long n = elements(row);
        return k == null || n == null || k.flopsPerElement() == 0 ? null : k.flopsPerElement() * n;
    }
}
