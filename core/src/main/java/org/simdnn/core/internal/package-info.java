/** Backend selection and scalar twins. Not exported: the public API lives in {@code org.simdnn.core}. */
@NullMarked
package org.simdnn.core.internal;

import org.jspecify.annotations.NullMarked;
