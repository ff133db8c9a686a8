package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.simdnn.core.internal.ParallelFor;

/**
 * The pool itself: a parallel job really runs its shares on other (daemon) threads, every share exactly once, and
 * a failing share is rethrown to the caller. (GEMM's results are the same on one thread, so the GEMM tests alone
 * cannot tell a pool that silently never uses its workers.)
 */
class ParallelForTest {

    @Test
    void sharesRunOnceEachOnDaemonWorkersAndTheCaller() {
        int saved = ParallelFor.parallelism();
        try {
            ParallelFor.setDefaultParallelism(3);
            assertTrue(ParallelFor.tryAcquire(), "the pool is free in this test");
            AtomicIntegerArray runs = new AtomicIntegerArray(3);
            ConcurrentHashMap<Integer, Thread> threads = new ConcurrentHashMap<>();
            try {
                ParallelFor.runAcquired(3, i -> {
                    runs.incrementAndGet(i);
                    threads.put(i, Thread.currentThread());
                });
            } finally {
                ParallelFor.release();
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(1, runs.get(i), "share " + i + " ran once");
            }
            assertEquals(Thread.currentThread(), threads.get(0), "share 0 runs on the caller");
            for (int i = 1; i < 3; i++) {
                Thread t = threads.get(i);
                assertNotEquals(Thread.currentThread(), t, "share " + i + " ran on a worker");
                assertTrue(t.isDaemon(), t + " must be a daemon: the pool must never keep a JVM alive");
                assertTrue(t.getName().startsWith("simdnn-worker-"), t.getName());
            }
            assertNotEquals(threads.get(1), threads.get(2), "two workers for two shares");
        } finally {
            ParallelFor.setDefaultParallelism(saved);
        }
    }

    @Test
    void aFailingShareIsRethrownToTheCaller() {
        int saved = ParallelFor.parallelism();
        try {
            ParallelFor.setDefaultParallelism(2);
            assertTrue(ParallelFor.tryAcquire());
            try {
                IllegalStateException e = assertThrows(
                        IllegalStateException.class,
                        () -> ParallelFor.runAcquired(2, i -> {
                            if (i == 1) {
                                throw new IllegalStateException("share 1 failed");
                            }
                        }));
                assertEquals("share 1 failed", e.getMessage());
            } finally {
                ParallelFor.release();
            }
            // the pool stays usable after a failure
            assertTrue(ParallelFor.tryAcquire());
            ParallelFor.release();
        } finally {
            ParallelFor.setDefaultParallelism(saved);
        }
    }

    /**
     * A parallel call gives the pool back: the lock is reentrant, so the calling thread itself would never notice a
     * missing release; another thread would find the pool taken forever and silently run every product alone.
     */
    @Test
    void aParallelCallReleasesThePoolForOtherThreads() throws Exception {
        int saved = ParallelFor.parallelism();
        try {
            ParallelFor.setDefaultParallelism(2);
            ParallelFor.forEachChunk(4, (from, to) -> {});
            assertTrue(poolFreeForAnotherThread(), "after forEachChunk");
            int m = 300, n = 300, k = 300; // above the single-thread threshold, so the product takes the pool
            float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
            java.util.Arrays.fill(a, 1f);
            java.util.Arrays.fill(b, 1f);
            Gemm.gemm(Transpose.NONE, Transpose.NONE, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
            assertEquals(k, c[m * n - 1]);
            assertTrue(poolFreeForAnotherThread(), "after a parallel GEMM");
        } finally {
            ParallelFor.setDefaultParallelism(saved);
        }
    }

    private static boolean poolFreeForAnotherThread() throws InterruptedException {
        boolean[] free = new boolean[1];
        Thread other = new Thread(() -> {
            free[0] = ParallelFor.tryAcquire();
            if (free[0]) {
                ParallelFor.release();
            }
        });
        other.start();
        other.join();
        return free[0];
    }
}
