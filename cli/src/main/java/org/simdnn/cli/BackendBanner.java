package org.simdnn.cli;

import java.io.PrintWriter;
import org.simdnn.core.Backend;
import org.simdnn.core.Simdnn;

/** The first thing every command prints: which kernels run. A scalar fallback is made impossible to miss. */
final class BackendBanner {

    private BackendBanner() {}

    /**
     * Prints the backend line to {@code out}; on the scalar fallback a framed warning instead, to {@code out} and,
     * unless both are the same terminal, also to {@code err}, so it shows even when standard output goes to a
     * file.
     *
     * @return the backend
     */
    static Backend print(PrintWriter out, PrintWriter err) {
        Backend backend = Simdnn.backend();
        if (backend.vectorized()) {
            out.println(backend);
        } else {
            String warning = warning(backend);
            out.print(warning);
            java.io.Console console = System.console();
            if (console == null || !console.isTerminal()) {
                err.print(warning);
                err.flush();
            }
        }
        out.flush();
        return backend;
    }

    static String warning(Backend backend) {
        String bar = "!".repeat(100);
        return bar + "\n"
                + "!! " + backend + "\n"
                + "!! The Vector API is NOT in use: every kernel runs on its scalar twin, many times slower.\n"
                + "!! Start the JVM with --add-modules jdk.incubator.vector (./simdnn does), and do not set\n"
                + "!! -Dsimdnn.backend=scalar. Timings from this run do not describe simdnn's SIMD kernels.\n"
                + bar + "\n";
    }
}
