package org.simdnn.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.function.Supplier;
import org.simdnn.core.Backend;

/**
 * Chooses the backend once per JVM (Lucene's {@code VectorizationProvider} pattern): the Vector API
 * implementation when {@code jdk.incubator.vector} is in the boot layer, C2 and hardware FMA are present and no
 * property forbids it; the scalar twins otherwise. Each kernel family asks {@link #load} for its implementation,
 * so no class that touches the incubator API is ever loaded on the fallback path.
 */
public final class BackendSelector {
    /** System property: {@code auto} | {@code vector} | {@code scalar}. */
    public static final String BACKEND_PROPERTY = "simdnn.backend";
    /** System property: float species width in bits (128, 256, 512). */
    public static final String BITS_PROPERTY = "simdnn.vectorBits";

    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String PROBE_CLASS = "org.simdnn.core.internal.vector.Lanes";

    private BackendSelector() {}

    /** The selected backend (selecting and logging it on first call). */
    public static Backend backend() {
        return Holder.BACKEND;
    }

    /**
     * Returns the implementation of one kernel family: an instance of {@code vectorClassName} (loaded reflectively,
     * public no-arg constructor) on the vector backend, {@code scalar.get()} otherwise.
     *
     * @throws IllegalStateException when {@code simdnn.backend=vector} was required but is unavailable
     */
    public static <T> T load(Class<T> family, String vectorClassName, Supplier<? extends T> scalar) {
        Backend b = Holder.BACKEND;
        if (!b.vectorized()) {
            if (Holder.REQUIRED) {
                throw new IllegalStateException(
                        "simdnn.backend=vector was required but the vector backend is unavailable: " + b.reason());
            }
            return scalar.get();
        }
        try {
            Class<?> c = Class.forName(vectorClassName, true, BackendSelector.class.getClassLoader());
            Object impl = MethodHandles.lookup()
                    .findConstructor(c, MethodType.methodType(void.class))
                    .invoke();
            return family.cast(impl);
        } catch (Throwable t) {
            // A family that cannot load after the probe succeeded is a packaging bug, not a user configuration: fail
            // loudly rather than silently mixing backends.
            throw new IllegalStateException(
                    "simdnn: vector backend selected but " + vectorClassName + " failed to load: " + t, t);
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
                return new Backend(false, 0, 1, fma, "forced by -D" + BACKEND_PROPERTY + "=scalar");
            }
            default -> {
                return new Backend(
                        false,
                        0,
                        1,
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
                    fma,
                    "JVM '" + vmName + "' is not HotSpot: the Vector API would not be" + " intrinsified");
        }
        String vmInfo = System.getProperty("java.vm.info", "");
        if (vmInfo.contains("emulated-client")
                || "false".equals(hotspotFlagValue("UseCompiler"))
                || "1".equals(hotspotFlagValue("TieredStopAtLevel"))) {
            return new Backend(
                    false,
                    0,
                    1,
                    fma,
                    "C2 is not available (client/interpreted VM): Vector API code would"
                            + " run unintrinsified, slower than scalar");
        }
        if (!fma) {
            return new Backend(
                    false,
                    0,
                    1,
                    false,
                    "HotSpot reports no hardware FMA (UseFMA=false): vector fma would be" + " emulated");
        }
        try {
            Class<?> lanes = Class.forName(PROBE_CLASS, true, BackendSelector.class.getClassLoader());
            int bits = (int) lanes.getField("BITS").get(null);
            int count = (int) lanes.getField("FLOATS").get(null);
            String note = (String) lanes.getField("NOTE").get(null);
            if (count < 4) {
                return new Backend(
                        false,
                        0,
                        1,
                        fma,
                        "preferred float vector has only " + count + " lanes (" + bits
                                + " bits): too narrow to pay off");
            }
            return new Backend(true, bits, count, fma, note);
        } catch (Throwable t) {
            return new Backend(false, 0, 1, fma, "the Vector API failed to initialize: " + t);
        }
    }

    /** True when the flag is on, or cannot be read (no jdk.management module): then we assume the common case. */
    private static boolean hotspotFlag(String name) {
        String v = hotspotFlagValue(name);
        return v == null || "true".equals(v);
    }

    /** A HotSpot VM option's value, or null where the management module or the flag is unavailable. */
    private static String hotspotFlagValue(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption(name)
                    .getValue();
        } catch (Throwable t) {
            return null;
        }
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
