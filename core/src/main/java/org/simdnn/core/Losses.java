package org.simdnn.core;

import org.simdnn.core.internal.BackendSelector;
import org.simdnn.core.internal.Checks;
import org.simdnn.core.internal.LossKernels;

/**
 * Classification and regression losses over a batch: a row-major {@code n x k} matrix (one row per example, one
 * column per class or output) at an offset with a leading dimension {@code ld >= k}.
 *
 * <p>Argument order, as in {@link BatchNorm} and {@link Standardizer}: the first matrix is given as array, offset,
 * rows {@code n}, columns {@code k}, leading dimension; every further matrix has the same {@code n x k} shape and
 * is given as array, offset, leading dimension.
 *
 * <p>Conventions shared by every method:
 * <ul>
 *   <li>{@code n >= 1} and {@code k >= 1}; an empty batch has no mean and is refused.</li>
 *   <li>An output matrix (gradient or probabilities) may be the input matrix itself (same array, offset and
 *       leading dimension: computed in place) or lie in a part of memory disjoint from every input matrix;
 *       anything in between is refused, since the result would depend on the order of the loop.</li>
 *   <li>No allocation; every method makes one to three passes over each row, with rows vectorized across
 *       columns (a row shorter than the vector is handled by one masked vector, so {@code k = 10} is fast).</li>
 *   <li>Bad shapes, short arrays, null arrays and out-of-range labels are {@link IllegalArgumentException}s
 *       naming the offending matrix, row or label. Non-finite values are never an exception: they propagate as
 *       documented per method.</li>
 * </ul>
 *
 * <p>Error bounds below use {@code u = 2^-24} (half an ulp of 1f) and compare against the exact real-number
 * result of the same formula on the same float inputs.
 */
public final class Losses {
    private static final LossKernels K = BackendSelector.provider().losses();

    private Losses() {}

    /**
     * Fused, numerically stable softmax cross-entropy: returns the mean loss
     * {@code L = (1/n) sum_i [log(sum_j exp(x_ij)) - x_i,label_i]} and writes its gradient with respect to the
     * logits, {@code grad_ij = (softmax(x_i)_j - [j == label_i]) / n}, to {@code grad}.
     *
     * <p>Stability: each row is shifted by its maximum {@code m_i} before exponentiation (log-sum-exp), so logits
     * of any finite magnitude (for example {@code +-1e4}) give a finite gradient. The per-row loss
     * {@code log(s_i) + (m_i - x_i,label_i)}, with {@code s_i = sum_j exp(x_ij - m_i)} summed in float, is
     * evaluated in double, and so is the mean over rows, rounded once to float: the loss is finite whenever the
     * exact mean loss (within the bound below) is at most {@link Float#MAX_VALUE}, and {@code +Infinity}, never
     * NaN, beyond it (logits {@code +-3e38} with the labels on the smaller one: a loss of {@code 6e38} per row).
     *
     * <p>Error bound: {@code |L - L*| <= (2k + 4) u + u |L*|}. Gradient:
     * {@code |grad_ij - grad*_ij| <= ((k + 6 + |x_ij - m_i|) p*_ij + 2 [j == label_i]) u / n + 2^-126 / n},
     * where {@code p*} is the exact softmax (the {@code |x_ij - m_i|} term is the rounding of the shift, which only
     * matters for probabilities already below {@code e^-|x_ij - m_i|}).
     *
     * <p>Non-finite logits: a row containing NaN or {@code +Infinity}, or only {@code -Infinity}, makes that row's
     * gradient NaN and the loss NaN. A {@code -Infinity} logit next to a finite maximum has probability 0; if it is
     * the label's logit the loss is {@code +Infinity}.
     *
     * @param logits the {@code n x k} logits
     * @param logitsOff offset of row 0 in {@code logits}
     * @param n rows (examples), {@code >= 1}
     * @param k columns (classes), {@code >= 1}
     * @param logitsLd leading dimension of {@code logits}, {@code >= k}
     * @param labels class index of each row, each in {@code [0, k)}
     * @param labelsOff offset of row 0's label in {@code labels}
     * @param grad the {@code n x k} gradient, written; may be {@code logits} itself (same offset and leading
     *     dimension)
     * @param gradOff offset of row 0 in {@code grad}
     * @param gradLd leading dimension of {@code grad}, {@code >= k}
     * @return the mean loss over the {@code n} rows, {@code >= 0} (or NaN / {@code +Infinity} as above)
     * @throws IllegalArgumentException on bad shapes, short or null arrays, a label outside {@code [0, k)} (the
     *     message names the row and {@code k}), or a gradient partially overlapping the logits
     */
    public static float softmaxCrossEntropy(
            float[] logits,
            int logitsOff,
            int n,
            int k,
            int logitsLd,
            int[] labels,
            int labelsOff,
            float[] grad,
            int gradOff,
            int gradLd) {
        batch(n, k);
        Checks.matrix("logits", logits, logitsOff, n, k, logitsLd);
        Checks.matrix("grad", grad, gradOff, n, k, gradLd);
        Checks.range("labels", labels, labelsOff, n);
        for (int r = 0; r < n; r++) {
            int label = labels[labelsOff + r];
            if (label < 0 || label >= k) {
                throw new IllegalArgumentException("labels[" + (labelsOff + r) + "] = " + label + " (row " + r + " of "
                        + n + ") is not a class index in [0, " + k + ") for k = " + k + " classes");
            }
        }
        sameOrDisjoint("grad", grad, gradOff, gradLd, "logits", logits, logitsOff, logitsLd, n, k);
        return K.softmaxCrossEntropy(logits, logitsOff, n, k, logitsLd, labels, labelsOff, grad, gradOff, gradLd);
    }

    /**
     * Row-wise softmax (class probabilities, for inference): {@code out_ij = exp(x_ij - m_i) / s_i} with
     * {@code m_i} the row maximum and {@code s_i = sum_j exp(x_ij - m_i)}. Stable for logits of any finite
     * magnitude; each row sums to 1 within {@code (2k + 5) u}.
     *
     * <p>Error bound: {@code |out_ij - p*_ij| <= (k + 5 + |x_ij - m_i|) u p*_ij + 2^-126}. A row containing NaN or
     * {@code +Infinity}, or only {@code -Infinity}, becomes NaN.
     *
     * @param x the {@code n x k} logits
     * @param xOff offset of row 0 in {@code x}
     * @param n rows, {@code >= 1}
     * @param k columns, {@code >= 1}
     * @param xLd leading dimension of {@code x}, {@code >= k}
     * @param out the {@code n x k} probabilities, written; may be {@code x} itself (same offset and leading
     *     dimension)
     * @param outOff offset of row 0 in {@code out}
     * @param outLd leading dimension of {@code out}, {@code >= k}
     * @throws IllegalArgumentException on bad shapes, short or null arrays, or {@code out} partially overlapping
     *     {@code x}
     */
    public static void softmax(float[] x, int xOff, int n, int k, int xLd, float[] out, int outOff, int outLd) {
        batch(n, k);
        Checks.matrix("x", x, xOff, n, k, xLd);
        Checks.matrix("out", out, outOff, n, k, outLd);
        sameOrDisjoint("out", out, outOff, outLd, "x", x, xOff, xLd, n, k);
        K.softmax(x, xOff, n, k, xLd, out, outOff, outLd);
    }

    /**
     * Mean squared error over all {@code n * k} elements (PyTorch {@code MSELoss(reduction='mean')}):
     * {@code L = (1/(n k)) sum_ij (p_ij - t_ij)^2}. Each row is summed in float, rows in double.
     *
     * <p>Error bound: {@code |L - L*| <= (k + 4) u L*}. NaN in either input gives NaN; an infinite difference
     * gives {@code +Infinity}.
     *
     * @param pred the {@code n x k} predictions
     * @param predOff offset of row 0 in {@code pred}
     * @param n rows, {@code >= 1}
     * @param k columns, {@code >= 1}
     * @param predLd leading dimension of {@code pred}, {@code >= k}
     * @param target the {@code n x k} targets
     * @param targetOff offset of row 0 in {@code target}
     * @param targetLd leading dimension of {@code target}, {@code >= k}
     * @return the mean squared error, {@code >= 0}
     * @throws IllegalArgumentException on bad shapes or short or null arrays
     */
    public static float meanSquaredError(
            float[] pred, int predOff, int n, int k, int predLd, float[] target, int targetOff, int targetLd) {
        batch(n, k);
        Checks.matrix("pred", pred, predOff, n, k, predLd);
        Checks.matrix("target", target, targetOff, n, k, targetLd);
        return K.meanSquaredError(pred, predOff, n, k, predLd, target, targetOff, targetLd);
    }

    /**
     * {@link #meanSquaredError} and, in the same pass, its gradient with respect to the predictions:
     * {@code grad_ij = 2 (p_ij - t_ij) / (n k)}.
     *
     * <p>Error bound: the loss as in {@link #meanSquaredError}; {@code |grad_ij - grad*_ij| <= 3 u |grad*_ij|}
     * (plus {@code 2^-149} where the result is subnormal).
     *
     * @param pred the {@code n x k} predictions
     * @param predOff offset of row 0 in {@code pred}
     * @param n rows, {@code >= 1}
     * @param k columns, {@code >= 1}
     * @param predLd leading dimension of {@code pred}, {@code >= k}
     * @param target the {@code n x k} targets
     * @param targetOff offset of row 0 in {@code target}
     * @param targetLd leading dimension of {@code target}, {@code >= k}
     * @param grad the {@code n x k} gradient, written; may be {@code pred} or {@code target} itself (same offset and
     *     leading dimension)
     * @param gradOff offset of row 0 in {@code grad}
     * @param gradLd leading dimension of {@code grad}, {@code >= k}
     * @return the mean squared error, {@code >= 0}
     * @throws IllegalArgumentException on bad shapes, short or null arrays, or {@code grad} partially overlapping
     *     an input
     */
    public static float meanSquaredErrorWithGradient(
            float[] pred,
            int predOff,
            int n,
            int k,
            int predLd,
            float[] target,
            int targetOff,
            int targetLd,
            float[] grad,
            int gradOff,
            int gradLd) {
        batch(n, k);
        Checks.matrix("pred", pred, predOff, n, k, predLd);
        Checks.matrix("target", target, targetOff, n, k, targetLd);
        Checks.matrix("grad", grad, gradOff, n, k, gradLd);
        sameOrDisjoint("grad", grad, gradOff, gradLd, "pred", pred, predOff, predLd, n, k);
        sameOrDisjoint("grad", grad, gradOff, gradLd, "target", target, targetOff, targetLd, n, k);
        return K.meanSquaredErrorWithGradient(
                pred, predOff, n, k, predLd, target, targetOff, targetLd, grad, gradOff, gradLd);
    }

    private static void batch(int n, int k) {
        if (n < 1 || k < 1) {
            throw new IllegalArgumentException(
                    "a loss needs a batch of n >= 1 rows and k >= 1 columns, got n = " + n + ", k = " + k);
        }
    }

    /**
     * Output and input matrices are the same matrix, or their memory spans do not intersect. Conservative: two
     * interleaved matrices in one array (for example alternate rows) are refused too.
     */
    private static void sameOrDisjoint(
            String outName,
            float[] out,
            int outOff,
            int outLd,
            String inName,
            float[] in,
            int inOff,
            int inLd,
            int n,
            int k) {
        if (out != in || (outOff == inOff && outLd == inLd)) {
            return;
        }
        long outEnd = outOff + (long) (n - 1) * outLd + k;
        long inEnd = inOff + (long) (n - 1) * inLd + k;
        if (outOff < inEnd && inOff < outEnd) {
            throw new IllegalArgumentException(outName + " (" + n + " x " + k + ", offset " + outOff
                    + ", leading dimension " + outLd + ") overlaps " + inName + " (offset " + inOff
                    + ", leading dimension "
                    + inLd + ") in the same array; pass the identical matrix or a disjoint one");
        }
    }
}
