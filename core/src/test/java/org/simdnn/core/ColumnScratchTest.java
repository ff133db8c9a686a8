package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Column statistics keep a per-thread scratch that grows on demand. On a fresh thread the first call allocates it
 * and later, wider calls grow it: both must give the right statistics (other tests mostly see an already-grown
 * scratch of the test thread).
 */
class ColumnScratchTest {
    private static void check(int rows, int cols) {
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 7 % 13) - 6f;
        }
        float[] mean = new float[cols];
        float[] var = new float[cols];
        Reductions.columnMeanVariance(x, 0, rows, cols, cols, mean, 0, var, 0);
        for (int c = 0; c < cols; c++) {
            double s = 0;
            double ss = 0;
            for (int r = 0; r < rows; r++) {
                s += x[r * cols + c];
            }
            double m = s / rows;
            for (int r = 0; r < rows; r++) {
                double d = x[r * cols + c] - m;
                ss += d * d;
            }
            assertEquals(m, mean[c], 1e-5, "mean column " + c + " of " + cols);
            assertEquals(ss / rows, var[c], 1e-4, "variance column " + c + " of " + cols);
        }
    }

    @Test
    void freshThreadAllocatesAndGrowsItsScratch() throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                check(3, 5);
                check(4, 2);
                check(3, 11);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        if (failure.get() != null) {
            throw new AssertionError("on a fresh thread: " + failure.get(), failure.get());
        }
    }
}
