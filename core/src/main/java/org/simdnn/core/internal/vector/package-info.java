/**
 * Vector API implementations. Every class here is loaded reflectively, and only after the backend selector has
 * checked that {@code jdk.incubator.vector} is present: nothing outside this package may reference these classes
 * directly. Species are {@code static final} constants (see {@link org.simdnn.core.internal.vector.Lanes}) so C2
 * can intrinsify every operation.
 */
@NullMarked
package org.simdnn.core.internal.vector;

import org.jspecify.annotations.NullMarked;
