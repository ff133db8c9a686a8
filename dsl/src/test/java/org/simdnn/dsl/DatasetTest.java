package org.simdnn.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DatasetTest {

    @Test
    void factoriesNameTheWrongShapeOrValue() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> Dataset.classification(new float[5], 2, 3, new int[] {0, 1}, 2));
        assertTrue(e.getMessage().contains("(2 x 3) needs 6 elements but the array has 5"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> Dataset.classification(new float[6], 2, 3, new int[] {0, 2}, 2));
        assertTrue(e.getMessage().contains("label 2 at row 1"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Dataset.classification(new float[] {0, 1, 2, 3, Float.NaN, 5}, 2, 3, new int[] {0, 1}, 2));
        assertTrue(e.getMessage().contains("NaN at row 1, column 1"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Dataset.classification(new float[][] {{1, 2}, {3}}, new int[] {0, 1}));
        assertTrue(e.getMessage().contains("rows[1] has 1 values but rows[0] has 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Dataset.regression(new float[4], 2, 2, new float[3], 2));
        assertTrue(e.getMessage().contains("targets (2 x 2) needs 4 elements but the array has 3"), e.getMessage());
        assertThrows(
                IllegalStateException.class,
                () -> Dataset.regression(new float[4], 2, 2, new float[2], 1).labels());
        assertThrows(
                IllegalStateException.class,
                () -> Dataset.classification(new float[4], 2, 2, new int[] {0, 1}, 2)
                        .targets());
    }

    @Test
    void splitIsADeterministicPartition() {
        int n = 101;
        float[] x = new float[n * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = i % 3;
        }
        Dataset d = Dataset.classification(x, n, 2, y, 3);
        Dataset.Split a = d.split(0.8, 7);
        Dataset.Split b = d.split(0.8, 7);
        assertEquals(81, a.train().size());
        assertEquals(20, a.test().size());
        assertArrayEquals(a.train().features(), b.train().features());
        float[] seen = new float[n];
        for (Dataset part : new Dataset[] {a.train(), a.test()}) {
            for (int i = 0; i < part.size(); i++) {
                int id = (int) part.features()[2 * i];
                assertEquals(-id, part.features()[2 * i + 1]);
                assertEquals(id % 3, part.labels()[i]);
                seen[id]++;
            }
        }
        float[] once = new float[n];
        Arrays.fill(once, 1f);
        assertArrayEquals(once, seen, "every row lands in exactly one part");
        assertTrue(!Arrays.equals(a.train().features(), d.split(0.8, 8).train().features()), "seed matters");
    }

    @Test
    void subsetAndScaledCopy() {
        Dataset d = Dataset.regression(new float[][] {{1, 2}, {3, 4}, {5, 6}}, new float[][] {{1}, {2}, {3}});
        Dataset s = d.subset(1, 3).scaled(0.5f);
        assertArrayEquals(new float[] {1.5f, 2, 2.5f, 3}, s.features());
        assertArrayEquals(new float[] {2, 3}, s.targets());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, d.features(), "the source is not modified");
    }
}
