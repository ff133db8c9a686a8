package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The argument checks of the Reductions, Losses, Optimizers and Activations facades at their exact limits: an
 * array of exactly the needed length (or a range exactly adjacent to another in the same array) passes, one element
 * less (or one element of overlap) is refused with an IllegalArgumentException whose message names the argument.
 */
class ArgumentLimitsTest {
    private static float[] data(int len) {
        float[] a = new float[len];
        for (int i = 0; i < len; i++) {
            a[i] = (i * 5 % 9) - 4f;
        }
        return a;
    }

    private static void refused(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }

    // ------------------------------------------------------------------------------------------------ Reductions

    @Test
    void wholeArrayReductionsComputeAndRefuseNull() {
        assertEquals(10f, Reductions.sum(new float[] {1, 2, 3, 4}));
        assertEquals(0f, Reductions.sum(new float[0]));
        assertEquals(1 * 4 + 2 * 3 + 3 * 2 + 4 * 1, Reductions.dot(new float[] {1, 2, 3, 4}, new float[] {4, 3, 2, 1}));
        float[] mv = Reductions.meanVariance(new float[] {1, 3, 2, 2});
        assertEquals(2f, mv[0], 1e-6f);
        assertEquals(0.5f, mv[1], 1e-6f);
        refused(() -> Reductions.sum(null), "x is null");
        refused(() -> Reductions.dot(null, new float[1]), "x is null");
        refused(() -> Reductions.dot(new float[1], null), "y is null");
        refused(() -> Reductions.dot(new float[2], new float[3]), "length 2", "length 3");
        refused(() -> Reductions.meanVariance(null), "x is null");
    }

    @Test
    void rangeReductionsAcceptTheExactRangeAndRefuseOneMore() {
        float[] x = data(7);
        float[] y = data(9);
        // exactly up to the last element
        assertDoesNotThrow(() -> Reductions.dot(x, 2, y, 4, 5));
        assertDoesNotThrow(() -> Reductions.sumOfSquares(x, 2, 5));
        assertDoesNotThrow(() -> Reductions.l2Norm(x, 2, 5));
        assertDoesNotThrow(() -> Reductions.max(x, 2, 5));
        assertDoesNotThrow(() -> Reductions.argmax(x, 2, 5));
        refused(() -> Reductions.dot(x, 3, y, 0, 5), "x: needs 5 elements from offset 3 (up to index 7)", "length 7");
        refused(() -> Reductions.dot(x, 0, y, 5, 5), "y: needs 5 elements from offset 5 (up to index 9)");
        refused(() -> Reductions.sumOfSquares(x, 3, 5), "x: needs 5");
        refused(() -> Reductions.l2Norm(x, 3, 5), "x: needs 5");
        refused(() -> Reductions.max(x, 3, 5), "x: needs 5");
        refused(() -> Reductions.argmax(x, 3, 5), "x: needs 5");
        refused(() -> Reductions.max(x, 7, 0), "max", "empty");
    }

    /** Outputs of column statistics: in x's array they may end exactly where x begins or begin where it ends. */
    @Test
    void columnOutputsMayTouchButNotOverlapEachOtherOrTheBatch() {
        // x: 3 x 4 with ld 6 from offset 10: elements [10, 10 + 2 * 6 + 4) = [10, 26)
        int rows = 3;
        int cols = 4;
        int ld = 6;
        float[] a = data(40);
        // a before x, b after x
        assertDoesNotThrow(() -> Reductions.columnMinMax(a, 10, rows, cols, ld, a, 6, a, 26));
        refused(
                () -> Reductions.columnMinMax(a, 10, rows, cols, ld, a, 7, a, 26),
                "min [7, 11) overlaps the batch x",
                "[10, 26)");
        refused(
                () -> Reductions.columnMinMax(a, 10, rows, cols, ld, a, 6, a, 25),
                "max [25, 29) overlaps the batch x",
                "[10, 26)");
        assertDoesNotThrow(() -> Reductions.columnMinMax(a, 10, rows, cols, ld, a, 26, a, 6));
        refused(() -> Reductions.columnMinMax(a, 10, rows, cols, ld, a, 25, a, 6), "min [25, 29) overlaps");
        refused(() -> Reductions.columnMinMax(a, 10, rows, cols, ld, a, 26, a, 7), "max [7, 11) overlaps");
        // the two outputs adjacent in another array
        float[] o = new float[2 * cols];
        assertDoesNotThrow(() -> Reductions.columnMeanVariance(a, 10, rows, cols, ld, o, 0, o, cols));
        assertDoesNotThrow(() -> Reductions.columnMeanVariance(a, 10, rows, cols, ld, o, cols, o, 0));
        refused(
                () -> Reductions.columnMeanVariance(a, 10, rows, cols, ld, o, 1, o, cols),
                "mean [1, 5) and var [4, 8)");
        refused(
                () -> Reductions.columnMeanVariance(a, 10, rows, cols, ld, o, cols, o, 1),
                "mean [4, 8) and var [1, 5)");
        refused(() -> Reductions.columnMeanVariance(a, 10, rows, cols, ld, new float[cols - 1], 0, o, cols), "mean");
        refused(() -> Reductions.columnMeanVariance(a, 10, rows, cols, ld, o, 0, new float[cols - 1], 0), "var");
        // zero columns: empty outputs never overlap
        assertDoesNotThrow(() -> Reductions.columnMeanVariance(a, 10, rows, 0, ld, a, 10, a, 10));
        // the outputs are right after all checks passed
        float[] m = new float[cols];
        float[] v = new float[cols];
        Reductions.columnMeanVariance(a, 10, rows, cols, ld, m, 0, v, 0);
        for (int c = 0; c < cols; c++) {
            double s = 0;
            for (int r = 0; r < rows; r++) {
                s += a[10 + r * ld + c];
            }
            assertEquals(s / rows, m[c], 1e-5);
        }
    }

    // ---------------------------------------------------------------------------------------------------- Losses

    @Test
    void lossMatricesOfExactSizePassAndShorterAreRefused() {
        int n = 3;
        int k = 4;
        int[] labels = {9, 9, 0, 3, 1};
        assertDoesNotThrow(
                () -> Losses.softmaxCrossEntropy(data(n * k), 0, n, k, k, labels, 2, new float[n * k], 0, k));
        refused(
                () -> Losses.softmaxCrossEntropy(data(n * k - 1), 0, n, k, k, labels, 2, new float[n * k], 0, k),
                "logits");
        refused(
                () -> Losses.softmaxCrossEntropy(
                        data(n * k), 0, n, k, k, new int[] {9, 9, 0, 4, 1}, 2, new float[n * k], 0, k),
                "labels[3] = 4 (row 1 of 3)",
                "[0, 4)");
        assertDoesNotThrow(() -> Losses.softmax(data(n * k), 0, n, k, k, new float[n * k], 0, k));
        refused(() -> Losses.softmax(data(n * k - 1), 0, n, k, k, new float[n * k], 0, k), "x");
        refused(() -> Losses.softmax(data(n * k), 0, n, k, k, new float[n * k - 1], 0, k), "out");
        refused(
                () -> Losses.softmaxCrossEntropy(data(n * k), 0, n, k, k, labels, 2, new float[n * k - 1], 0, k),
                "grad");
        assertDoesNotThrow(() -> Losses.meanSquaredError(data(n * k), 0, n, k, k, data(n * k), 0, k));
        refused(() -> Losses.meanSquaredError(data(n * k - 1), 0, n, k, k, data(n * k), 0, k), "pred");
        assertDoesNotThrow(() -> Losses.meanSquaredErrorWithGradient(
                data(n * k), 0, n, k, k, data(n * k), 0, k, new float[n * k], 0, k));
        refused(
                () -> Losses.meanSquaredErrorWithGradient(
                        data(n * k - 1), 0, n, k, k, data(n * k), 0, k, new float[n * k], 0, k),
                "pred");
        refused(
                () -> Losses.meanSquaredErrorWithGradient(
                        data(n * k), 0, n, k, k, data(n * k - 1), 0, k, new float[n * k], 0, k),
                "target");
        refused(
                () -> Losses.meanSquaredErrorWithGradient(
                        data(n * k), 0, n, k, k, data(n * k), 0, k, new float[n * k - 1], 0, k),
                "grad");
        refused(
                () -> Losses.meanSquaredErrorWithGradient(data(0), 0, 0, k, k, data(0), 0, k, new float[0], 0, k),
                "n >= 1");
    }

    /** grad in pred's (or target's, logits') array: x (3 x 4, ld 6) at 0 spans [0, 16). */
    @Test
    void lossGradientMayTouchButNotOverlapItsInputs() {
        int n = 3;
        int k = 4;
        float[] a = data(16 + 3 * 5);
        float[] t = data(12);
        // grad (ld 5) right after pred, and right before it
        assertDoesNotThrow(() -> Losses.meanSquaredErrorWithGradient(a, 0, n, k, 6, t, 0, k, a, 16, 5));
        refused(() -> Losses.meanSquaredErrorWithGradient(a, 0, n, k, 6, t, 0, k, a, 15, 5), "grad", "overlaps pred");
        assertDoesNotThrow(() -> Losses.meanSquaredErrorWithGradient(a, 14, n, k, 6, t, 0, k, a, 0, 5));
        refused(() -> Losses.meanSquaredErrorWithGradient(a, 13, n, k, 6, t, 0, k, a, 0, 5), "overlaps pred");
        assertDoesNotThrow(() -> Losses.meanSquaredErrorWithGradient(t, 0, n, k, k, a, 0, 6, a, 16, 5));
        refused(() -> Losses.meanSquaredErrorWithGradient(t, 0, n, k, k, a, 0, 6, a, 15, 5), "overlaps target");
        int[] labels = {0, 1, 2};
        assertDoesNotThrow(() -> Losses.softmaxCrossEntropy(a, 0, n, k, 6, labels, 0, a, 16, 5));
        refused(() -> Losses.softmaxCrossEntropy(a, 0, n, k, 6, labels, 0, a, 15, 5), "overlaps logits");
        // identical layout is allowed (in place)
        float[] p = data(12);
        float loss = Losses.meanSquaredErrorWithGradient(p, 0, n, k, k, new float[12], 0, k, p, 0, k);
        assertTrue(loss > 0f);
    }

    // ------------------------------------------------------------------------------------------------ Optimizers

    @Test
    void adamRangesOfExactLengthPassAndShorterAreRefused() {
        Optimizers.Adam h = Optimizers.Adam.adam(1e-3f);
        int len = 6;
        assertDoesNotThrow(() ->
                Optimizers.adam(h, 1, new float[len + 1], 1, data(len), 0, new float[len], 0, new float[len], 0, len));
        refused(
                () -> Optimizers.adam(h, 1, new float[len], 1, data(len), 0, new float[len], 0, new float[len], 0, len),
                "param");
        refused(
                () -> Optimizers.adam(h, 1, new float[len], 0, data(len), 1, new float[len], 0, new float[len], 0, len),
                "grad");
        refused(
                () -> Optimizers.adam(h, 1, new float[len], 0, data(len), 0, new float[len], 1, new float[len], 0, len),
                "m");
        refused(
                () -> Optimizers.adam(h, 1, new float[len], 0, data(len), 0, new float[len], 0, new float[len], 1, len),
                "v");
    }

    /** Four ranges of length 3 in one array: each pair may be adjacent, but not overlap by one element. */
    @Test
    void adamAndSgdRangesMayBeAdjacentButNotOverlap() {
        Optimizers.Adam h = Optimizers.Adam.adam(1e-3f);
        float[] a = new float[12];
        // param 0, grad 3, m 6, v 9: all adjacent
        assertDoesNotThrow(() -> Optimizers.adam(h, 1, a, 0, a, 3, a, 6, a, 9, 3));
        assertDoesNotThrow(() -> Optimizers.adam(h, 1, a, 9, a, 6, a, 3, a, 0, 3));
        refused(() -> Optimizers.adam(h, 1, a, 0, a, 2, a, 6, a, 9, 3), "grad [2, 5) and param [0, 3)");
        refused(() -> Optimizers.adam(h, 1, a, 0, a, 3, a, 2, a, 9, 3), "m [2, 5) and param [0, 3)");
        refused(() -> Optimizers.adam(h, 1, a, 0, a, 3, a, 5, a, 9, 3), "m [5, 8) and grad [3, 6)");
        refused(() -> Optimizers.adam(h, 1, a, 0, a, 6, a, 9, a, 2, 3), "v [2, 5) and param [0, 3)");
        refused(() -> Optimizers.adam(h, 1, a, 0, a, 3, a, 9, a, 5, 3), "v [5, 8) and grad [3, 6)");
        refused(() -> Optimizers.adam(h, 1, a, 0, a, 3, a, 6, a, 8, 3), "v [8, 11) and m [6, 9)");
        Optimizers.Sgd s = Optimizers.Sgd.of(0.1f, 0.9f);
        float[] b = new float[9];
        assertDoesNotThrow(() -> Optimizers.sgd(s, b, 0, b, 3, b, 6, 3));
        refused(() -> Optimizers.sgd(s, b, 0, b, 2, b, 6, 3), "grad [2, 5) and param [0, 3)");
        refused(() -> Optimizers.sgd(s, b, 0, b, 6, b, 2, 3), "velocity [2, 5) and param [0, 3)");
        refused(() -> Optimizers.sgd(s, b, 0, b, 3, b, 5, 3), "velocity [5, 8) and grad [3, 6)");
    }

    // ----------------------------------------------------------------------------------------------- Activations

    @Test
    void identityCopiesBetweenDistinctArraysAtTheSameOffset() {
        float[] x = data(5);
        float[] y = new float[5];
        Activations.forward(Activation.IDENTITY, 0f, x, 0, y, 0, 5);
        assertArrayEquals(x, y);
        float[] dy = data(5);
        float[] dx = new float[5];
        Activations.backward(Activation.IDENTITY, 0f, data(5), 0, dy, 0, dx, 0, 5);
        assertArrayEquals(dy, dx);
        // and within one array between adjacent ranges
        float[] a = data(8);
        Activations.forward(Activation.IDENTITY, 0f, a, 0, a, 4, 4);
        for (int i = 0; i < 4; i++) {
            assertEquals(a[i], a[4 + i]);
        }
        float[] b = data(8);
        Activations.backward(Activation.IDENTITY, 0f, new float[4], 0, b, 4, b, 0, 4);
        for (int i = 0; i < 4; i++) {
            assertEquals(b[4 + i], b[i]);
        }
    }

    @Test
    void leakyReluAcceptsSlopeZeroAndRefusesNegative() {
        float[] y = new float[3];
        Activations.forward(Activation.LEAKY_RELU, 0f, new float[] {-2f, 0f, 3f}, 0, y, 0, 3);
        // slope 0: negatives give (-)0, compared with a zero tolerance so that -0 == 0
        assertEquals(0f, y[0], 0f);
        assertEquals(0f, y[1], 0f);
        assertEquals(3f, y[2], 0f);
        refused(() -> Activations.forward(Activation.LEAKY_RELU, -0.01f, new float[3], 0, y, 0, 3), "slope");
    }

    @Test
    void activationRangesInOneArrayMayBeAdjacentButNotOverlap() {
        float[] a = data(8);
        assertDoesNotThrow(() -> Activations.forward(Activation.RELU, 0f, a, 0, a, 4, 4));
        assertDoesNotThrow(() -> Activations.forward(Activation.RELU, 0f, a, 4, a, 0, 4));
        refused(() -> Activations.forward(Activation.RELU, 0f, a, 0, a, 3, 4), "x [0, 4) and y [3, 7)");
        refused(() -> Activations.forward(Activation.RELU, 0f, a, 3, a, 0, 4), "x [3, 7) and y [0, 4)");
    }
}
