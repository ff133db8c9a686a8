package org.simdnn.core.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The parallel-for of every kernel family: the shared daemon threads that multithreaded kernels run on, and the
 * parallelism settings behind {@link org.simdnn.core.Parallelism} (a process-wide default and a per-thread
 * override). Not {@code ForkJoinPool.commonPool()}: its parallelism is {@code cores - 1} (1 on a 2-core machine).
 *
 * <h2>Fixed chunks</h2>
 * A kernel cuts its work into chunks that depend only on the problem (never on the thread count), and each chunk's
 * result depends only on the chunk: {@link #forEachChunk} hands contiguous runs of chunks to the threads. Partial
 * results that must be combined (sums) are combined by the caller in chunk order afterwards. So a kernel gives the
 * same bits for 1, 2 or 64 threads and when the pool is busy and the caller runs every chunk itself.
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
public final class ParallelFor {
    /** System property: number of threads a kernel call may use (default: available processors). */
    public static final String THREADS_PROPERTY = "simdnn.threads";

    /** A run of chunks of a {@link #forEachChunk} job. */
    @FunctionalInterface
    public interface ChunkRange {
        /**
         * Runs chunks {@code [from, to)} of the job, in any order the job allows.
         *
         * @param from first chunk
         * @param to one past the last chunk
         */
        void run(int from, int to);
    }

    /** A range {@code [start, start + length)} of an elementwise job. */
    @FunctionalInterface
    public interface ElementRange {
        void run(int start, int length);
    }

    /**
     * Elements per chunk of an elementwise job: a multiple of every lane count and unroll, so each chunk starts on
     * the same lane boundary as the whole range (the same elements go through the vector loop and the same last
     * ones through the tail, whatever the thread count), and large enough (128 KiB of one array) that a share
     * outweighs the cost of waking a worker (a few microseconds).
     */
    public static final int ELEMENTS_PER_CHUNK = 1 << 15;

    /**
     * Whether an elementwise job of {@code len} elements would run on more than one thread; callers test this
     * first so the single-threaded path creates no closure.
     */
    public static boolean splits(int len) {
        return len > ELEMENTS_PER_CHUNK && parallelism() > 1;
    }

    /**
     * Runs {@code body} over {@code [0, len)} cut into {@link #ELEMENTS_PER_CHUNK} chunks (see {@link
     * #forEachChunk}).
     */
    public static void forEachElementRange(int len, ElementRange body) {
        int chunks = (int) (((long) len + ELEMENTS_PER_CHUNK - 1) / ELEMENTS_PER_CHUNK);
        forEachChunk(chunks, (from, to) -> {
            int start = from * ELEMENTS_PER_CHUNK;
            body.run(start, (int) Math.min(len, (long) to * ELEMENTS_PER_CHUNK) - start);
        });
    }

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

    private static volatile int defaultParallelism = initialParallelism();

    /** Per-thread override of the default; 0 = none. An int[] holder: no boxing on the read path of every call. */
    private static final ThreadLocal<int[]> OVERRIDE = ThreadLocal.withInitial(() -> new int[1]);

    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final AtomicInteger PENDING = new AtomicInteger();
    private static final AtomicReference<@Nullable Throwable> FAILURE = new AtomicReference<>();
    /** Guarded by LOCK. */
    private static Worker[] workers = new Worker[0];

    private static volatile @Nullable Thread caller;

    private ParallelFor() {}

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

    /** Threads a kernel call made on this thread may use, the caller included; at least 1. */
    public static int parallelism() {
        int o = OVERRIDE.get()[0];
        return o > 0 ? o : defaultParallelism;
    }

    /** The process-wide default of {@link #parallelism()}. */
    public static int defaultParallelism() {
        return defaultParallelism;
    }

    /** Sets the process-wide default; {@code p >= 1} (checked by the facade). */
    public static void setDefaultParallelism(int p) {
        defaultParallelism = p;
    }

    /**
     * Sets this thread's override (0 removes it) and returns the previous one, which the caller restores.
     *
     * @param p at least 0 (checked by the facade)
     */
    public static int setThreadParallelism(int p) {
        int[] holder = OVERRIDE.get();
        int previous = holder[0];
        holder[0] = p;
        return previous;
    }

    /**
     * Runs {@code body} over chunks {@code [0, chunks)}: with one thread allowed, when the pool is busy or with one
     * chunk, as one call {@code body.run(0, chunks)} on the caller; otherwise cut into contiguous runs, one per
     * thread (at most {@code chunks} threads), the first on the caller. Returns when all are done; an exception
     * of any run is rethrown. A parallel call allocates only its shares' closure (the single-threaded path nothing).
     *
     * @param chunks number of chunks, at least 0
     * @param body the job
     */
    public static void forEachChunk(int chunks, ChunkRange body) {
        int tasks = Math.min(chunks, parallelism());
        if (tasks <= 1 || !tryAcquire()) {
            if (chunks > 0) {
                body.run(0, chunks);
            }
            return;
        }
        try {
            runAcquired(tasks, t -> body.run(share(t, tasks, chunks), share(t + 1, tasks, chunks)));
        } finally {
            release();
        }
    }

    /** First chunk of share {@code t} of {@code tasks} over {@code chunks}: balanced, contiguous. */
    static int share(int t, int tasks, int chunks) {
        return (int) ((long) t * chunks / tasks);
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
                LockSupport.park(ParallelFor.class);
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
