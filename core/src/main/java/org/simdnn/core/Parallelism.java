package org.simdnn.core;

import java.util.function.Supplier;
import org.simdnn.core.internal.Checks;
import org.simdnn.core.internal.ParallelFor;

/**
 * How many threads a kernel call may use, the calling thread included. Every kernel family that runs in parallel
 * (GEMM, the optimizers, the elementwise activations) runs on one shared pool of daemon threads and splits its work
 * into chunks fixed by the problem alone, so <b>results are bit-identical for every setting</b>; the setting only
 * changes speed.
 *
 * <p>Three levels, the innermost winning:
 * <ul>
 *   <li>process-wide default: {@link #setDefault(int)}, or {@code -Dsimdnn.threads=N} at start-up (default: the
 *       available processors);
 *   <li>per thread, for a region of code: {@code try (var s = Parallelism.limit(1)) { ... }} — what a server
 *       request handler or a Spark task that shares its JVM with others uses, so they do not contend for the
 *       pool;
 *   <li>per call: {@link #call(int, Supplier)} / {@link #run(int, Runnable)} around one call.
 * </ul>
 * One parallel call holds the pool at a time; a call made on another thread meanwhile runs on its own thread and
 * never waits for the pool.
 */
public final class Parallelism {
    /** System property read once at start-up: the process-wide default number of threads. */
    public static final String THREADS_PROPERTY = ParallelFor.THREADS_PROPERTY;

    private Parallelism() {}

    /** Threads a kernel call made on the current thread may use: its {@link #limit} if set, else the default. */
    public static int current() {
        return ParallelFor.parallelism();
    }

    /** The process-wide default (at least 1). */
    public static int defaultThreads() {
        return ParallelFor.defaultParallelism();
    }

    /**
     * Sets the process-wide default; threads with their own {@link #limit} keep it. More threads than cores is
     * allowed (they time-share).
     *
     * @param threads at least 1
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static void setDefault(int threads) {
        Checks.positive("threads", threads);
        ParallelFor.setDefaultParallelism(threads);
    }

    /**
     * Sets the number of threads kernel calls made on the current thread may use, until the returned scope is
     * closed (which restores the previous setting; scopes nest). Use it with try-with-resources.
     *
     * @param threads at least 1
     * @return the scope to close
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static Scope limit(int threads) {
        Checks.positive("threads", threads);
        return new Scope(Thread.currentThread(), ParallelFor.setThreadParallelism(threads));
    }

    /**
     * Runs {@code body} with kernel calls on this thread limited to {@code threads} threads.
     *
     * @param threads at least 1
     * @param body the work
     * @return what {@code body} returns
     */
    public static <T> T call(int threads, Supplier<T> body) {
        try (Scope s = limit(threads)) {
            return body.get();
        }
    }

    /**
     * Runs {@code body} with kernel calls on this thread limited to {@code threads} threads.
     *
     * @param threads at least 1
     * @param body the work
     */
    public static void run(int threads, Runnable body) {
        try (Scope s = limit(threads)) {
            body.run();
        }
    }

    /** A per-thread setting made by {@link #limit(int)}; closing it restores the previous one. */
    public static final class Scope implements AutoCloseable {
        private final Thread owner;
        private final int previous;
        private boolean closed;

        private Scope(Thread owner, int previous) {
            this.owner = owner;
            this.previous = previous;
        }

        /**
         * Restores the setting that was in force when this scope was opened. Idempotent.
         *
         * @throws IllegalStateException if called from another thread than the one that opened it (the setting
         *     belongs to that thread)
         */
        @Override
        public void close() {
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException(
                        "a Parallelism scope opened on " + owner.getName() + " must be closed on that thread, not on "
                                + Thread.currentThread().getName());
            }
            if (!closed) {
                closed = true;
                ParallelFor.setThreadParallelism(previous);
            }
        }
    }
}
