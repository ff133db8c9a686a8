package org.simdnn.core;

import org.simdnn.core.internal.BackendSelector;

/**
 * Entry point for what is global to simdnn: the active backend.
 *
 * <p>The backend is chosen once, at first use of any kernel, and logged once through {@link System.Logger}
 * (logger name {@code org.simdnn}; INFO for the vector backend, WARNING for the fallback). It is controlled by
 * two system properties, read at that moment:
 * <ul>
 *   <li>{@code simdnn.backend} = {@code auto} (default: vector when available), {@code vector} (require it: the
 *       first kernel call throws {@link IllegalStateException} with the reason when it is unavailable) or
 *       {@code scalar} (force the scalar twins);</li>
 *   <li>{@code simdnn.vectorBits} = {@code 128}, {@code 256} or {@code 512}: the float species width
 *       (default: the platform's preferred shape). A width above the preferred one is refused, with the reason in
 *       the report, because it would be emulated.</li>
 * </ul>
 */
public final class Simdnn {
    private Simdnn() {}

    /** The backend this JVM runs; never null. Calling it selects (and logs) the backend if no kernel has yet. */
    public static Backend backend() {
        return BackendSelector.backend();
    }
}
