/**
 * Reading datasets into {@link org.simdnn.dsl.Dataset}: IDX files (the MNIST / Fashion-MNIST format, gzipped or
 * not) and CSV files. Every malformed-file case is an {@link java.io.IOException} whose one-line message names the
 * file (and, for CSV, {@code file:line:column}).
 */
@NullMarked
package org.simdnn.dsl.data;

import org.jspecify.annotations.NullMarked;
