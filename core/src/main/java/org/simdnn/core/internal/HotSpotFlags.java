package org.simdnn.core.internal;

import java.lang.management.ManagementFactory;
import org.jspecify.annotations.Nullable;

/** Reads HotSpot VM options ({@code -XX:...}) through the diagnostic MXBean, where the JVM has one. */
public final class HotSpotFlags {
    private HotSpotFlags() {}

    /**
     * A HotSpot VM option's value as text ({@code "true"}, {@code "3"}, ...), or null where the option, the
     * {@code jdk.management} module (a static dependency of core) or the MXBean is unavailable.
     */
    public static @Nullable String value(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption(name)
                    .getValue();
        } catch (Throwable t) {
            // NoClassDefFoundError without jdk.management, IllegalArgumentException for an unknown option,
            // NullPointerException where the platform has no such bean: all mean "cannot tell".
            return null;
        }
    }
}
