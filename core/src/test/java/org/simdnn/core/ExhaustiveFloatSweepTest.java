package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * All 2^32 floats through tanh, sigmoid and LeCun's tanh of the active backend against the double oracle (the
 * bounds of {@link ActivationOracle}). Opt-in, skipped unless {@code simdnn.test.exhaustive=true}:
 * {@code ./mvnw -pl core -Pexhaustive test -Dtest=ExhaustiveFloatSweepTest} (runs once per surefire execution:
 * vector at the preferred width, vector at 128 bits, scalar). Chunks of 2^20 floats run in parallel on the common
 * pool; each chunk goes through the public facade, so vector lanes and scalar tails are both covered. Prints the
 * largest absolute and relative errors seen.
 */
class ExhaustiveFloatSweepTest {
    private static final int CHUNK_BITS = 20;

    @Test
    void allFloatsMeetTheBound() {
        Assumptions.assumeTrue(
                Boolean.getBoolean("simdnn.test.exhaustive"),
                "opt-in: run with -Pexhaustive (sets simdnn.test.exhaustive=true)");
        for (Activation act : new Activation[] {Activation.TANH, Activation.SIGMOID, Activation.LECUN_TANH}) {
            sweep(act);
        }
    }

    private static void sweep(Activation act) {
        AtomicLong failures = new AtomicLong();
        AtomicReference<String> first = new AtomicReference<>();
        // doubles as raw long bits so the maxima can be updated atomically (non-negative doubles order as longs)
        AtomicLong maxAbs = new AtomicLong();
        AtomicLong maxRel = new AtomicLong();
        long t0 = System.nanoTime();
        IntStream.range(0, 1 << (32 - CHUNK_BITS)).parallel().forEach(c -> {
            int n = 1 << CHUNK_BITS;
            float[] x = new float[n];
            float[] y = new float[n];
            int base = c << CHUNK_BITS;
            for (int i = 0; i < n; i++) {
                x[i] = Float.intBitsToFloat(base + i);
            }
            Activations.forward(act, 0f, x, 0, y, 0, n);
            double abs = 0;
            double rel = 0;
            for (int i = 0; i < n; i++) {
                String bad = ActivationOracle.violation(act, 0f, x[i], y[i]);
                if (bad != null) {
                    failures.incrementAndGet();
                    first.compareAndSet(null, bad);
                }
                if (!Float.isNaN(x[i])) {
                    double want = ActivationOracle.f(act, 0f, x[i]);
                    double e = Math.abs(y[i] - want);
                    abs = Math.max(abs, e);
                    if (Math.abs(want) >= ActivationOracle.relFloor(act)) {
                        rel = Math.max(rel, e / Math.abs(want));
                    }
                }
            }
            maxAbs.accumulateAndGet(Double.doubleToRawLongBits(abs), Math::max);
            maxRel.accumulateAndGet(Double.doubleToRawLongBits(rel), Math::max);
        });
        System.out.printf(
                "[exhaustive] %s on %s: max abs error %.3g, max rel error %.3g (|f| >= %.3g), %d failures,"
                        + " %.1f s%n",
                act,
                Simdnn.backend(),
                Double.longBitsToDouble(maxAbs.get()),
                Double.longBitsToDouble(maxRel.get()),
                ActivationOracle.relFloor(act),
                failures.get(),
                (System.nanoTime() - t0) / 1e9);
        assertEquals(
                0, failures.get(), () -> act + ": " + failures.get() + " floats out of bound, first: " + first.get());
    }
}
