package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.simdnn.core.internal.ParallelFor;

/**
 * The three levels of {@link Parallelism} (process default, per-thread scope, per call), the chunked parallel-for,
 * and the promise that matters: the elementwise families give the same bits for every thread count, with the pool
 * free or busy.
 */
class ParallelismTest {
    private int savedDefault;

    @BeforeEach
    void save() {
        savedDefault = Parallelism.defaultThreads();
    }

    @AfterEach
    void restore() {
        Parallelism.setDefault(savedDefault);
    }

    @Test
    void scopesNestRestoreAndBelongToTheirThread() throws Exception {
        Parallelism.setDefault(3);
        assertEquals(3, Parallelism.current());
        try (Parallelism.Scope outer = Parallelism.limit(1)) {
            assertEquals(1, Parallelism.current());
            assertEquals(1, Gemm.parallelism(), "GEMM reads the same setting");
            try (Parallelism.Scope inner = Parallelism.limit(5)) {
                assertEquals(5, Parallelism.current());
                AtomicReference<Integer> seen = new AtomicReference<>();
                Thread other = new Thread(() -> seen.set(Parallelism.current()));
                other.start();
                other.join();
                assertEquals(3, seen.get(), "another thread sees the default, not this thread's scope");
                Parallelism.setDefault(4);
                assertEquals(5, Parallelism.current(), "a scope outranks the default");
            }
            assertEquals(1, Parallelism.current(), "closing the inner scope restores the outer one");
        }
        assertEquals(4, Parallelism.current(), "closing the outer scope restores the default");
        Gemm.setParallelism(3);
        assertEquals(3, Gemm.parallelism(), "Gemm.setParallelism sets the process-wide default");
        assertEquals(3, Parallelism.defaultThreads());
        Parallelism.setDefault(4);
        assertEquals(2, Parallelism.call(2, Parallelism::current));
        assertEquals(4, Parallelism.current());
    }

    @Test
    void aScopeClosedTwiceRestoresOnceAndOnlyItsOwnerMayCloseIt() throws Exception {
        Parallelism.Scope a = Parallelism.limit(2);
        Parallelism.Scope b = Parallelism.limit(7);
        b.close();
        b.close();
        assertEquals(2, Parallelism.current());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                a.close();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        other.start();
        other.join();
        assertTrue(failure.get() instanceof IllegalStateException, String.valueOf(failure.get()));
        a.close();
        assertEquals(Parallelism.defaultThreads(), Parallelism.current());
    }

    @Test
    void badCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Parallelism.setDefault(0));
        assertThrows(IllegalArgumentException.class, () -> Parallelism.limit(0));
        assertThrows(IllegalArgumentException.class, () -> Parallelism.run(-1, () -> {}));
    }

    @Test
    void everyChunkRunsOnceInContiguousSharesOnWorkers() {
        for (int threads : new int[] {1, 2, 3, 8}) {
            for (int chunks : new int[] {0, 1, 2, 5, 17}) {
                AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(1, chunks));
                Set<Thread> used = ConcurrentHashMap.newKeySet();
                int[] calls = new int[1];
                Parallelism.run(
                        threads,
                        () -> ParallelFor.forEachChunk(chunks, (from, to) -> {
                            assertTrue(from < to, "a share is never empty");
                            synchronized (calls) {
                                calls[0]++;
                            }
                            used.add(Thread.currentThread());
                            for (int i = from; i < to; i++) {
                                runs.incrementAndGet(i);
                            }
                        }));
                for (int i = 0; i < chunks; i++) {
                    assertEquals(1, runs.get(i), "chunk " + i + " of " + chunks + " with " + threads + " threads");
                }
                int expected = Math.min(threads, chunks);
                assertEquals(expected, calls[0], "one contiguous share per thread");
                assertEquals(Math.max(expected, chunks == 0 ? 0 : 1), used.size(), "each share on its own thread");
            }
        }
    }

    @Test
    void elementwiseFamiliesGiveTheSameBitsForEveryThreadCountAndWhenThePoolIsBusy() throws Exception {
        int len = 3 * ParallelFor.ELEMENTS_PER_CHUNK + 37; // four chunks, the last one ragged
        Random r = new Random(42);
        float[] x = new float[len + 5];
        float[] g = new float[len + 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * 3);
            g[i] = (float) r.nextGaussian();
        }
        float[][] reference = run(x, g, len, 1);
        for (int threads : new int[] {2, 3, 7}) {
            float[][] got = run(x, g, len, threads);
            for (int k = 0; k < reference.length; k++) {
                assertArrayEquals(reference[k], got[k], "output " + k + " with " + threads + " threads");
            }
        }
        // Another thread holds the pool: the call runs all chunks on the caller, still the same bits.
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            ParallelFor.tryAcquire();
            try {
                holding.countDown();
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                ParallelFor.release();
            }
        });
        holder.start();
        holding.await();
        try {
            float[][] busy = run(x, g, len, 2);
            for (int k = 0; k < reference.length; k++) {
                assertArrayEquals(reference[k], busy[k], "output " + k + " with the pool busy");
            }
        } finally {
            done.countDown();
            holder.join();
        }
    }

    /** tanh forward and backward, leaky ReLU, SGD with Nesterov and AdamW over len elements at offset 3. */
    private static float[][] run(float[] x, float[] g, int len, int threads) {
        return Parallelism.call(threads, () -> {
            float[] t = new float[x.length];
            Activations.forward(Activation.TANH, 0f, x, 3, t, 2, len);
            float[] dt = new float[x.length];
            Activations.backward(Activation.TANH, 0f, t, 2, g, 1, dt, 4, len);
            float[] lr = Arrays.copyOf(x, x.length);
            Activations.forwardInPlace(Activation.LEAKY_RELU, 0.1f, lr, 3, len);
            float[] p = Arrays.copyOf(x, x.length);
            float[] v = new float[x.length];
            Optimizers.Sgd sgd = new Optimizers.Sgd(0.1f, 0.9f, 1e-4f, true);
            Optimizers.sgd(sgd, p, 3, g, 0, v, 5, len);
            Optimizers.sgd(sgd, p, 3, g, 0, v, 5, len);
            float[] q = Arrays.copyOf(x, x.length);
            float[] m1 = new float[x.length];
            float[] m2 = new float[x.length];
            Optimizers.Adam adam = Optimizers.Adam.adamW(1e-3f, 0.01f);
            Optimizers.adam(adam, 1, q, 3, g, 0, m1, 1, m2, 2, len);
            Optimizers.adam(adam, 2, q, 3, g, 0, m1, 1, m2, 2, len);
            return new float[][] {t, dt, lr, p, v, q, m1, m2};
        });
    }
}
