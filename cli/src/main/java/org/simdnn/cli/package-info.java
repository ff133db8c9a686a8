/**
 * The {@code ./simdnn} command line: {@code train}, {@code evaluate}, {@code predict}, {@code experiment
 * bn-sigmoid} and {@code info}, over the simdnn dsl. {@link org.simdnn.cli.SimdnnCli} is the entry point; the rest
 * of the package is the application's own.
 */
@NullMarked
package org.simdnn.cli;

import org.jspecify.annotations.NullMarked;
