package org.simdnn.core.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The shared daemon threads that multithreaded kernels run on, and the process-wide parallelism setting.
 * Not {@code ForkJoinPool.commonPool()}: its parallelism is {@code cores - 1} (1 on a 2-core machine).
 *
 * <h2>Allocation-free dispatch</h2>
 * One parallel call runs at a time: a caller first takes the pool with {@link #tryAcquire()} (a lock, never
 * waited for), fills its own reusable task object, calls {@link #runAcquired} and {@link #release()}s. Workers
 * are persistent threads, each parked until its slot's epoch advances; the caller runs task 0 itself and parks
 * until a counter of pending tasks reaches 0. Nothing is allocated per call (no latch, lambda or queue node);
 * threads are created lazily, once, when a call first needs more of them. A caller that finds the pool busy
 * (another user thread's parallel call in flight) does the whole job on its own thread instead: kernels give
 * the same bits for any thread count, so this is invisible except in speed, and no caller ever waits for
 * another one's work. Workers never exit (daemons: they never keep the JVM alive); lowering the parallelism
 * leaves the extra ones parked.
 */
public final class GemmPool {
    /** System property: number of threads a kernel call may use (default: available processors). */
    public static final String THREADS_PROPERTY = "simdnn.threads";

    /** One share of a parallel job. */
    @FunctionalInterface
    public interface Task {
        /**
         * Runs share {@code index} of the job.
         *
         * @param index in [0, tasks)
         */
        void run(int index);
    }

    private static volatile int parallelism = initialParallelism();

    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final AtomicInteger PENDING = new AtomicInteger();
    private static final AtomicReference<@Nullable Throwable> FAILURE = new AtomicReference<>();
    /** Guarded by LOCK. */
    private static Worker[] workers = new Worker[0];

    private static volatile @Nullable Thread caller;

    private GemmPool() {}

    private static int initialParallelism() {
        int cores = Runtime.getRuntime().availableProcessors();
        String v = System.getProperty(THREADS_PROPERTY);
        if (v == null || v.isBlank()) {
            return cores;
        }
        try {
            int p = Integer.parseInt(v.trim());
            if (p >= 1) {
                return p;
            }
        } catch (NumberFormatException e) {
            // fall through: a bad property must not make the library unusable
        }
        System.getLogger("org.simdnn")
                .log(
                        System.Logger.Level.WARNING,
                        "ignored -D" + THREADS_PROPERTY + "=" + v + " (expected a positive integer); using " + cores);
        return cores;
    }

    /** Threads a kernel call may use, the caller included; at least 1. */
    public static int parallelism() {
        return parallelism;
    }

    /** Sets {@link #parallelism()}; {@code p >= 1} (checked by the facade). */
    public static void setParallelism(int p) {
        parallelism = p;
    }

    /**
     * Takes the pool for one parallel call if no other call holds it; never blocks.
     *
     * @return whether the caller now holds the pool and must {@link #release()} it
     */
    public static boolean tryAcquire() {
        return LOCK.tryLock();
    }

    /** Releases the pool taken by {@link #tryAcquire()}. */
    public static void release() {
        LOCK.unlock();
    }

    /**
     * Runs {@code body.run(t)} for every t in [0, tasks), task 0 on the calling thread and the others on the
     * workers, and returns when all are done; the caller must hold the pool. An exception of any task is rethrown
     * (the first one).
     *
     * @param tasks number of shares, at least 1
     * @param body the job
     */
    public static void runAcquired(int tasks, Task body) {
        if (!LOCK.isHeldByCurrentThread()) {
            throw new IllegalStateException("runAcquired without tryAcquire");
        }
        if (tasks <= 1) {
            body.run(0);
            return;
        }
        Worker[] w = workers(tasks - 1);
        caller = Thread.currentThread();
        FAILURE.set(null);
        PENDING.set(tasks - 1);
        for (int t = 1; t < tasks; t++) {
            w[t - 1].assign(body, t);
        }
        try {
            body.run(0);
        } catch (Throwable x) {
            FAILURE.compareAndSet(null, x);
        }
        // The tasks write into the caller's arrays: returning before they finish would be a data race, so an
        // interrupt is remembered and restored, not acted on.
        boolean interrupted = false;
        for (int spins = 0; PENDING.get() != 0; spins++) {
            if (spins < 2_000) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(GemmPool.class);
                interrupted |= Thread.interrupted();
            }
        }
        caller = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable x = FAILURE.getAndSet(null);
        if (x instanceof RuntimeException r) {
            throw r;
        }
        if (x instanceof Error r) {
            throw r;
        }
        if (x != null) {
            throw new IllegalStateException(x);
        }
    }

    private static Worker[] workers(int n) {
        Worker[] w = workers;
        if (w.length < n) {
            Worker[] grown = java.util.Arrays.copyOf(w, n);
            for (int i = w.length; i < n; i++) {
                grown[i] = new Worker(i + 1);
                grown[i].start();
            }
            workers = grown;
            w = grown;
        }
        return w;
    }

    /** A persistent worker with one task slot. */
    private static final class Worker extends Thread {
        /** Advanced by the caller for each job this worker must run; the slot below is written before it. */
        private volatile long epoch;

        private long done;
        private @Nullable Task body;
        private int index;

        Worker(int id) {
            super("simdnn-worker-" + id);
            setDaemon(true);
        }

        void assign(Task b, int i) {
            body = b;
            index = i;
            epoch = epoch + 1;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (true) {
                long e;
                while ((e = epoch) == done) {
                    LockSupport.park(this);
                }
                done = e;
                Task b = body;
                body = null;
                try {
                    if (b != null) {
                        b.run(index);
                    }
                } catch (Throwable x) {
                    FAILURE.compareAndSet(null, x);
                } finally {
                    if (PENDING.decrementAndGet() == 0) {
                        Thread c = caller;
                        if (c != null) {
                            LockSupport.unpark(c);
                        }
                    }
                }
            }
        }
    }
}
