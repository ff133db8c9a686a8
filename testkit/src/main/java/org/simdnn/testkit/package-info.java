/**
 * Test helpers shared by more than one module's tests, one copy each: {@link org.simdnn.testkit.Qt} (the
 * QuickTheories budget and seed of every property test, core and dsl) and {@link org.simdnn.testkit.IdxFiles}
 * (IDX and gzip test files, dsl and cli). Core, dsl and cli take this module with {@code <scope>test</scope>}.
 *
 * <p><b>No dependency on any simdnn module.</b> Core's tests use this module, so it cannot depend on core (the
 * reactor would have the cycle core -&gt; testkit -&gt; core); it holds only helpers written in terms of the JDK
 * and QuickTheories. That decides what stays where:
 *
 * <ul>
 *   <li>The double-precision oracles ({@code ActivationOracle}, {@code BatchNormOracle}, {@code GemmOracle}) stay
 *       in core's test tree. Only core's tests use them (no other module has a copy or a near-copy), and they are
 *       written in core's terms: switches over {@code Activation} that javac checks for exhaustiveness, the
 *       non-exported {@code internal.ActivationMath.TANH_SATURATION}, a case runner that calls {@code Gemm}. A new
 *       kernel (a convolution, a layer norm) is a core kernel and its tests live next to them. Moving them here
 *       would trade the enum for strings for no second user. When a second module needs one, move its
 *       pure-double part here (activation by name) rather than publish a core test-jar: the oracles live in
 *       package {@code org.simdnn.core}, a package of the named module {@code org.simdnn.core}, and the dsl's
 *       tests compile patched into the named module {@code org.simdnn.dsl} with core on the module path, where a
 *       second, class-path copy of that package is a split package.
 *   <li>{@code ModelFileBytes} (model-file surgery for the hostile-input tests) stays in the dsl's test tree: it
 *       is built on the dsl's internal model-file reader and writer, and only the dsl's tests use it (cli's tests
 *       write model files through the command, never by hand).
 * </ul>
 */
package org.simdnn.testkit;
