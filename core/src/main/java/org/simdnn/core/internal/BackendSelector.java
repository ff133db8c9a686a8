package org.simdnn.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;
import org.simdnn.core.Backend;

/**
 * Chooses the backend once per JVM (Lucene's {@code VectorizationProvider} pattern): the Vector API
 * implementation when {@code jdk.incubator.vector} is in the boot layer, C2 and hardware FMA are present and no
 * property forbids it; the scalar twins otherwise. The facades take their kernels from {@link #provider()}; no class
 * that touches the incubator API is ever loaded on the fallback path.
 */
public final class BackendSelector {
    /** System property: {@code auto} | {@code vector} | {@code scalar}. */
    public static final String BACKEND_PROPERTY = "simdnn.backend";
    /** System property: float species width in bits (128, 256, 512). */
    public static final String BITS_PROPERTY = "simdnn.vectorBits";

    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String PROBE_CLASS = "org.simdnn.core.internal.vector.Lanes";
    private static final String VECTOR_PROVIDER = "org.simdnn.core.internal.vector.VectorProvider";

    private BackendSelector() {}

    /** The selected backend (selecting and logging it on first call). */
    public static Backend backend() {
        return Holder.BACKEND;
    }

    /**
     * The kernels of the selected backend: the same instance for every facade of this JVM.
     *
     * @throws IllegalStateException when {@code simdnn.backend=vector} was required but is unavailable
     */
    public static KernelProvider provider() {
        if (Holder.REQUIRED && !Holder.BACKEND.vectorized()) {
            throw new IllegalStateException("simdnn.backend=vector was required but the vector backend is unavailable: "
                    + Holder.BACKEND.reason());
        }
        return Holder.BACKEND.vectorized() ? VectorHolder.PROVIDER : ScalarHolder.PROVIDER;
    }

    /** The scalar twins, whatever backend was selected (for tests that compare the two providers in one JVM). */
    public static KernelProvider scalarProvider() {
        return ScalarHolder.PROVIDER;
    }

    /**
     * The vector kernels, whatever backend was selected, when the incubator module is in the boot layer (for tests
     * that compare the two providers in one JVM; under {@code -Dsimdnn.backend=scalar} too).
     *
     * @throws IllegalStateException when {@code jdk.incubator.vector} is not in the boot layer
     */
    public static KernelProvider vectorProvider() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            throw new IllegalStateException("simdnn: " + VECTOR_MODULE + " is not in the boot module layer");
        }
        return VectorHolder.PROVIDER;
    }

    private static final class ScalarHolder {
        static final KernelProvider PROVIDER = new ScalarProvider();
    }

    private static final class VectorHolder {
        static final KernelProvider PROVIDER = loadVector();

        private static KernelProvider loadVector() {
            try {
                Class<?> c = Class.forName(VECTOR_PROVIDER, true, BackendSelector.class.getClassLoader());
                return (KernelProvider) MethodHandles.lookup()
                        .findConstructor(c, MethodType.methodType(void.class))
                        .invoke();
            } catch (Throwable t) {
                // The provider failing to load after the probe succeeded is a packaging bug, not a user
                // configuration: fail loudly rather than silently mixing backends.
                throw new IllegalStateException(
                        "simdnn: vector backend selected but " + VECTOR_PROVIDER + " failed to load: " + t, t);
            }
        }
    }

    private static final class Holder {
        static final boolean REQUIRED;
        static final Backend BACKEND;

        static {
            String mode = System.getProperty(BACKEND_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
            REQUIRED = mode.equals("vector");
            BACKEND = select(mode);
            log(BACKEND);
        }
    }

    private static Backend select(String mode) {
        boolean fma = hotspotFlag("UseFMA");
        switch (mode) {
            case "auto", "vector" -> {}
            case "scalar" -> {
                return new Backend(false, 0, 1, 0, fma, "forced by -D" + BACKEND_PROPERTY + "=scalar");
            }
            default -> {
                return new Backend(
                        false,
                        0,
                        1,
                        0,
                        fma,
                        "unknown -D" + BACKEND_PROPERTY + "=" + mode
                                + " (expected auto, vector or scalar); using the scalar twins");
            }
        }
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return new Backend(
                    false,
                    0,
                    1,
                    0,
                    fma,
                    VECTOR_MODULE + " is not in the boot module layer: start the JVM with" + " --add-modules "
                            + VECTOR_MODULE);
        }
        String vmName = System.getProperty("java.vm.name", "");
        if (!vmName.contains("HotSpot") && !vmName.contains("OpenJDK")) {
            return new Backend(
                    false,
                    0,
                    1,
                    0,
                    fma,
                    "JVM '" + vmName + "' is not HotSpot: the Vector API would not be" + " intrinsified");
        }
        String vmInfo = System.getProperty("java.vm.info", "");
        if (vmInfo.contains("emulated-client")
                || "false".equals(HotSpotFlags.value("UseCompiler"))
                || "1".equals(HotSpotFlags.value("TieredStopAtLevel"))) {
            return new Backend(
                    false,
                    0,
                    1,
                    0,
                    fma,
                    "C2 is not available (client/interpreted VM): Vector API code would"
                            + " run unintrinsified, slower than scalar");
        }
        if (!fma) {
            return new Backend(
                    false,
                    0,
                    1,
                    0,
                    false,
                    "HotSpot reports no hardware FMA (UseFMA=false): vector fma would be" + " emulated");
        }
        try {
            Class<?> lanes = Class.forName(PROBE_CLASS, true, BackendSelector.class.getClassLoader());
            int bits = (int) lanes.getField("BITS").get(null);
            int count = (int) lanes.getField("FLOATS").get(null);
            String note = (String) lanes.getField("NOTE").get(null);
            int registers = (int) lanes.getField("REGISTERS").get(null);
            String registersNote = (String) lanes.getField("REGISTERS_NOTE").get(null);
            if (count < 4) {
                return new Backend(
                        false,
                        0,
                        1,
                        0,
                        fma,
                        "preferred float vector has only " + count + " lanes (" + bits
                                + " bits): too narrow to pay off");
            }
            return new Backend(true, bits, count, registers, fma, note + "; " + registersNote);
        } catch (Throwable t) {
            return new Backend(false, 0, 1, 0, fma, "the Vector API failed to initialize: " + t);
        }
    }

    /** True when the flag is on, or cannot be read (no jdk.management module): then we assume the common case. */
    private static boolean hotspotFlag(String name) {
        String v = HotSpotFlags.value(name);
        return v == null || "true".equals(v);
    }

    private static void log(Backend b) {
        System.Logger logger = System.getLogger("org.simdnn");
        if (b.vectorized()) {
            logger.log(System.Logger.Level.INFO, b.toString());
        } else {
            logger.log(System.Logger.Level.WARNING, b.toString());
        }
    }
}
