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
}
