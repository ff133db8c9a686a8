/**
 * The simdnn model-file container: a versioned, checksummed, little-endian list of typed key/value entries that
 * model files and training checkpoints are stored in ({@link org.simdnn.dsl.internal.io.ModelFileWriter},
 * {@link org.simdnn.dsl.internal.io.ModelFileReader}). The byte layout is specified in
 * {@link org.simdnn.dsl.internal.io.ModelFileFormat} and in {@code docs/MODEL-FORMAT.md}.
 *
 * <p>Internal: not part of the public API; the {@code Network} save/load code is its only intended user.
 */
@NullMarked
package org.simdnn.dsl.internal.io;

import org.jspecify.annotations.NullMarked;
