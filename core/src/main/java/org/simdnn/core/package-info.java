/**
 * Public kernels of simdnn: plain static methods over {@code float[]} arrays with offsets and lengths, or over
 * row-major {@code rows x cols} matrices. Shapes and bounds are checked once, at this boundary, and a violation
 * is an {@link java.lang.IllegalArgumentException} whose message names the shapes involved.
 *
 * <p>Which implementation runs (Vector API or scalar twin) is decided once per JVM; see {@link org.simdnn.core.Simdnn}.
 */
@NullMarked
package org.simdnn.core;

import org.jspecify.annotations.NullMarked;
