/**
 * The execution engine behind {@code org.simdnn.dsl.Network}: layer specifications, the compiled plan of fused
 * kernel steps, workspaces, parameters, loss heads, optimizer state and the training loop. Not a public API: it may
 * change in any release.
 */
@NullMarked
package org.simdnn.dsl.internal.plan;

import org.jspecify.annotations.NullMarked;
