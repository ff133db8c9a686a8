package org.simdnn.core;

import org.jspecify.annotations.Nullable;
import org.simdnn.core.internal.BackendSelector;
import org.simdnn.core.internal.BatchNormKernels;
import org.simdnn.core.internal.Checks;

/**
 * Fused batch normalization with activation, training and inference, forward and backward, over a row-major
 * {@code n x c} batch: rows are samples, columns are features, each matrix has its own offset and leading
 * dimension ({@code ld >= c}). Per-feature arrays ({@code gamma}, {@code beta}, means, variances, gradients) are
 * read from index 0 and need at least {@code c} elements. Nothing is allocated: the caller passes every buffer.
 *
 * <h2>Definitions</h2>
 * For feature column j with batch mean {@code mu} and biased variance {@code var}:
 * {@code invstd = 1/sqrt(var + eps)}, {@code xhat = (x - mu) * invstd}, {@code z = gamma*xhat + beta},
 * {@code y = act(z)}. Without the affine parameters (the overloads without {@code gamma}/{@code beta}),
 * {@code gamma = 1} and {@code beta = 0}. Inference uses the running mean and running variance instead of the
 * batch statistics. The activation is one of {@link Activation}; {@code slope} is LEAKY_RELU's negative slope and is
 * ignored by the others.
 *
 * <h2>Running statistics (PyTorch's convention)</h2>
 * {@code momentum} is the weight of the NEW batch (PyTorch's {@code momentum = 0.1}, see
 * {@link #DEFAULT_MOMENTUM}; Keras' momentum is {@code 1 - this}):
 * {@code runningMean = (1 - momentum)*runningMean + momentum*mu} and
 * {@code runningVar = (1 - momentum)*runningVar + momentum*var*n/(n-1)} (the unbiased variance, while
 * normalization itself uses the biased one), evaluated in double and rounded once.
 *
 * <h2>Batch of one</h2>
 * Training needs {@code n >= 2}: with one row the batch variance is 0, xhat is 0 for every input and the unbiased
 * running variance would divide by {@code n - 1 = 0}. Like PyTorch, the training methods refuse {@code n = 1}
 * with an {@link IllegalArgumentException}; use the inference methods for single samples.
 *
 * <h2>Error bounds</h2>
 * With {@code u = 2^-24}, statistics delivered by {@code Reductions}' column mean/variance with relative error
 * {@code d} (relative to the column's standard deviation for the mean), and exact values written with a star:
 * <ul>
 *   <li>forward: {@code |z - z*| <= 8u(|gamma|*invstd*|mu| + |gamma*xhat| + |beta|) + |gamma|(1 + |xhat|) d};
 *       {@code |y - y*| <= L*|z - z*|} plus the activation's own error (exact for the piecewise-linear ones; the
 *       {@code ActivationMath}/{@code VectorMath} contract, scaled by 1.7159 for LECUN_TANH), where L is the
 *       activation's Lipschitz constant. The {@code |mu|} term is the float rounding of the mean itself: data far
 *       from zero loses that many bits, and no more. Against the float statistics actually used (the saved mean
 *       and invstd in training, the running mean and {@code 1/sqrt(runningVar + eps)} in inference; written with
 *       a tilde) every pass evaluates {@code z = (x - mu~) * (gamma * invstd~) + beta} with the subtraction first:
 *       {@code |z - z~| <= 6u|gamma*xhat~| + u|beta|}, independent of {@code |mu|}. Hence a zero-variance column
 *       (every x equal to its mean, at any magnitude up to {@code Float.MAX_VALUE}) gives exactly
 *       {@code z = beta} and {@code y = act(beta)}, and the backward passes see the same z as the forward (a ReLU
 *       at {@code z = 0} passes no gradient).</li>
 *   <li>training backward: {@code dgamma} and {@code dbeta} are float sums over the n rows:
 *       {@code |dbeta - dbeta*| <= (n+8)u*sum|dz| + sum|dz error|}, likewise {@code dgamma} with
 *       {@code sum|dz*xhat|}; {@code |dx - dx*| <= 8u|gamma|*invstd*(|dz| + sum_r|dz_r| + |xhat|*sum_r|dz_r*xhat_r|)}
 *       plus the propagated errors of z (through act'') and of the statistics.</li>
 *   <li>inference backward: {@code |dx - dx*| <= 4u|gamma*invstd*dz|} plus the propagated error of z.</li>
 * </ul>
 *
 * <h2>Special values and aliasing</h2>
 * A NaN in a column makes that column's statistics, outputs and gradients NaN (never an exception). {@code y}
 * may be identical to {@code x} (same array, offset and leading dimension: in-place normalization; the training
 * backward then needs the input kept elsewhere), otherwise they must be disjoint; {@code dx} may be identical to
 * {@code dy} and must not overlap {@code x}. Output per-feature arrays must be distinct arrays.
 *
 * <p>Bad arguments (null or short arrays, {@code n} or {@code c} below 1, mismatched shapes, {@code eps} not finite
 * and positive, {@code momentum} outside [0, 1], partially overlapping buffers) throw
 * {@link IllegalArgumentException} naming the arrays and shapes involved, before anything is written.
 */
public final class BatchNorm {
    /** PyTorch's default {@code eps}, added to the variance before the square root. */
    public static final float DEFAULT_EPS = 1e-5f;
    /** PyTorch's default momentum: the weight of the new batch in the running statistics. */
    public static final float DEFAULT_MOMENTUM = 0.1f;

    private static final BatchNormKernels K = BackendSelector.provider().batchNorm();

    private BatchNorm() {}

    // ------------------------------------------------------------------------------------------ training forward

    /**
     * Training forward with affine parameters: batch statistics, {@code y = act(gamma*xhat + beta)}, the saved
     * statistics backward needs, and the running statistics updated.
     *
     * @param x input, {@code n x c}, at {@code xOff} with leading dimension {@code ldx}
     * @param xOff offset of x
     * @param n rows (batch size), at least 2
     * @param c columns (features), at least 1
     * @param ldx leading dimension of x
     * @param gamma per-feature scale
     * @param beta per-feature shift
     * @param eps added to the variance, finite and positive (see {@link #DEFAULT_EPS})
     * @param act activation applied after the affine map
     * @param slope LEAKY_RELU's negative slope (ignored by the other activations)
     * @param y output, {@code n x c}; identical to x or disjoint from it
     * @param yOff offset of y
     * @param ldy leading dimension of y
     * @param saveMean receives the batch mean per feature (for backward)
     * @param saveInvStd receives {@code 1/sqrt(var + eps)} per feature (for backward)
     * @param runningMean running mean, updated in place
     * @param runningVar running (unbiased) variance, updated in place
     * @param momentum weight of this batch in the running statistics, in [0, 1] (see {@link #DEFAULT_MOMENTUM})
     * @throws IllegalArgumentException on bad arguments, including {@code n = 1}
     */
    public static void forwardTraining(
            float[] x,
            int xOff,
            int n,
            int c,
            int ldx,
            float[] gamma,
            float[] beta,
            float eps,
            Activation act,
            float slope,
            float[] y,
            int yOff,
            int ldy,
            float[] saveMean,
            float[] saveInvStd,
            float[] runningMean,
            float[] runningVar,
            float momentum) {
        checkAffine(gamma, beta, n, c);
        trainingForward(
                x,
                xOff,
                n,
                c,
                ldx,
                gamma,
                beta,
                eps,
                act,
                slope,
                y,
                yOff,
                ldy,
                saveMean,
                saveInvStd,
                runningMean,
                runningVar,
                momentum);
    }

    /**
     * Training forward without affine parameters ({@code gamma = 1}, {@code beta = 0}); otherwise as
     * {@link #forwardTraining(float[], int, int, int, int, float[], float[], float, Activation, float, float[], int,
     * int, float[], float[], float[], float[], float)}.
     *
     * @param x input, {@code n x c}
     * @param xOff offset of x
     * @param n rows, at least 2
     * @param c columns, at least 1
     * @param ldx leading dimension of x
     * @param eps added to the variance, finite and positive
     * @param act activation
     * @param slope LEAKY_RELU's negative slope
     * @param y output, {@code n x c}
     * @param yOff offset of y
     * @param ldy leading dimension of y
     * @param saveMean receives the batch mean
     * @param saveInvStd receives {@code 1/sqrt(var + eps)}
     * @param runningMean running mean, updated in place
     * @param runningVar running unbiased variance, updated in place
     * @param momentum weight of this batch, in [0, 1]
     * @throws IllegalArgumentException on bad arguments, including {@code n = 1}
     */
    public static void forwardTraining(
            float[] x,
            int xOff,
            int n,
            int c,
            int ldx,
            float eps,
            Activation act,
            float slope,
            float[] y,
            int yOff,
            int ldy,
            float[] saveMean,
            float[] saveInvStd,
            float[] runningMean,
            float[] runningVar,
            float momentum) {
        trainingForward(
                x,
                xOff,
                n,
                c,
                ldx,
                null,
                null,
                eps,
                act,
                slope,
                y,
                yOff,
                ldy,
                saveMean,
                saveInvStd,
                runningMean,
                runningVar,
                momentum);
    }

    private static void trainingForward(
            float[] x,
            int xOff,
            int n,
            int c,
            int ldx,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            float eps,
            Activation act,
            float slope,
            float[] y,
            int yOff,
            int ldy,
            float[] saveMean,
            float[] saveInvStd,
            float[] runningMean,
            float[] runningVar,
            float momentum) {
        checkBatch(x, xOff, n, c, ldx, true);
        checkScalars(eps, act, slope);
        checkMomentum(momentum);
        checkOutput("x", x, xOff, ldx, "y", y, yOff, ldy, n, c);
        Checks.perFeature("saveMean", saveMean, n, c);
        Checks.perFeature("saveInvStd", saveInvStd, n, c);
        Checks.perFeature("runningMean", runningMean, n, c);
        Checks.perFeature("runningVar", runningVar, n, c);
        distinct("saveMean", saveMean, "saveInvStd", saveInvStd, "runningMean", runningMean, "runningVar", runningVar);
        K.forwardTraining(
                x,
                xOff,
                n,
                c,
                ldx,
                gamma,
                beta,
                eps,
                act,
                slope,
                y,
                yOff,
                ldy,
                saveMean,
                saveInvStd,
                runningMean,
                runningVar,
                momentum);
    }

    // ----------------------------------------------------------------------------------------- inference forward

    /**
     * Inference forward with affine parameters: one fused pass
     * {@code y = act(gamma*(x - runningMean)/sqrt(runningVar + eps) + beta)}.
     *
     * @param x input, {@code n x c}
     * @param xOff offset of x
     * @param n rows, at least 1
     * @param c columns, at least 1
     * @param ldx leading dimension of x
     * @param gamma per-feature scale
     * @param beta per-feature shift
     * @param runningMean running mean per feature
     * @param runningVar running variance per feature
     * @param eps added to the variance, finite and positive
     * @param act activation
     * @param slope LEAKY_RELU's negative slope
     * @param y output, {@code n x c}; identical to x or disjoint from it
     * @param yOff offset of y
     * @param ldy leading dimension of y
     * @throws IllegalArgumentException on bad arguments
     */
    public static void forwardInference(
            float[] x,
            int xOff,
            int n,
            int c,
            int ldx,
            float[] gamma,
            float[] beta,
            float[] runningMean,
            float[] runningVar,
            float eps,
            Activation act,
            float slope,
            float[] y,
            int yOff,
            int ldy) {
        checkAffine(gamma, beta, n, c);
        inferenceForward(x, xOff, n, c, ldx, gamma, beta, runningMean, runningVar, eps, act, slope, y, yOff, ldy);
    }

    /**
     * Inference forward without affine parameters.
     *
     * @param x input, {@code n x c}
     * @param xOff offset of x
     * @param n rows, at least 1
     * @param c columns, at least 1
     * @param ldx leading dimension of x
     * @param runningMean running mean per feature
     * @param runningVar running variance per feature
     * @param eps added to the variance, finite and positive
     * @param act activation
     * @param slope LEAKY_RELU's negative slope
     * @param y output, {@code n x c}; identical to x or disjoint from it
     * @param yOff offset of y
     * @param ldy leading dimension of y
     * @throws IllegalArgumentException on bad arguments
     */
    public static void forwardInference(
            float[] x,
            int xOff,
            int n,
            int c,
            int ldx,
            float[] runningMean,
            float[] runningVar,
            float eps,
            Activation act,
            float slope,
            float[] y,
            int yOff,
            int ldy) {
        inferenceForward(x, xOff, n, c, ldx, null, null, runningMean, runningVar, eps, act, slope, y, yOff, ldy);
    }

    private static void inferenceForward(
            float[] x,
            int xOff,
            int n,
            int c,
            int ldx,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            float[] runningMean,
            float[] runningVar,
            float eps,
            Activation act,
            float slope,
            float[] y,
            int yOff,
            int ldy) {
        checkBatch(x, xOff, n, c, ldx, false);
        checkScalars(eps, act, slope);
        checkOutput("x", x, xOff, ldx, "y", y, yOff, ldy, n, c);
        Checks.perFeature("runningMean", runningMean, n, c);
        Checks.perFeature("runningVar", runningVar, n, c);
        K.forwardInference(x, xOff, n, c, ldx, gamma, beta, runningMean, runningVar, eps, act, slope, y, yOff, ldy);
    }

    // ----------------------------------------------------------------------------------------- training backward

    /**
     * Training backward with affine parameters, activation included: from the loss gradient {@code dy} with
     * respect to the OUTPUT {@code y = act(z)}, computes {@code dz = dy * act'(z)} (z recomputed from x and the saved
     * statistics), {@code dgamma = sum(dz*xhat)}, {@code dbeta = sum(dz)} and
     * {@code dx = gamma*invstd/n * (n*dz - sum(dz) - xhat*sum(dz*xhat))}. Two passes over the batch.
     *
     * @param x the forward input, {@code n x c}
     * @param xOff offset of x
     * @param n rows, at least 2
     * @param c columns, at least 1
     * @param ldx leading dimension of x
     * @param gamma per-feature scale of the forward call
     * @param beta per-feature shift of the forward call
     * @param saveMean the batch mean saved by the forward call
     * @param saveInvStd the inverse standard deviation saved by the forward call
     * @param act activation of the forward call
     * @param slope LEAKY_RELU's negative slope of the forward call
     * @param dy gradient of the loss with respect to y, {@code n x c}
     * @param dyOff offset of dy
     * @param lddy leading dimension of dy
     * @param dx receives the gradient with respect to x, {@code n x c}; identical to dy or disjoint from it, never
     *     overlapping x
     * @param dxOff offset of dx
     * @param lddx leading dimension of dx
     * @param dgamma receives the gradient with respect to gamma
     * @param dbeta receives the gradient with respect to beta
     * @throws IllegalArgumentException on bad arguments
     */
    public static void backwardTraining(
            float[] x,
            int xOff,
            int n,
            int c,
            int ldx,
            float[] gamma,
            float[] beta,
            float[] saveMean,
            float[] saveInvStd,
            Activation act,
            float slope,
            float[] dy,
            int dyOff,
            int lddy,
            float[] dx,
            int dxOff,
            int lddx,
            float[] dgamma,
            float[] dbeta) {
        checkAffine(gamma, beta, n, c);
        trainingBackward(
                x,
                xOff,
                n,
                c,
                ldx,
                gamma,
                beta,
                saveMean,
                saveInvStd,
                act,
                slope,
                dy,
                dyOff,
                lddy,
                dx,
                dxOff,
                lddx,
                "dgamma",
                dgamma,
                "dbeta",
                dbeta);
    }

    /**
     * Training backward without affine parameters ({@code gamma = 1}, {@code beta = 0}). The two column sums the
     * gradient needs are written to caller-provided arrays (no allocation): {@code sumDzXhat = sum(dz*xhat)} and
     * {@code sumDz = sum(dz)}, which are the gradients gamma and beta would have.
     *
     * @param x the forward input, {@code n x c}
     * @param xOff offset of x
     * @param n rows, at least 2
     * @param c columns, at least 1
     * @param ldx leading dimension of x
     * @param saveMean the batch mean saved by the forward call
     * @param saveInvStd the inverse standard deviation saved by the forward call
     * @param act activation of the forward call
     * @param slope LEAKY_RELU's negative slope of the forward call
     * @param dy gradient of the loss with respect to y, {@code n x c}
     * @param dyOff offset of dy
     * @param lddy leading dimension of dy
     * @param dx receives the gradient with respect to x; identical to dy or disjoint from it, never overlapping x
     * @param dxOff offset of dx
     * @param lddx leading dimension of dx
     * @param sumDzXhat receives {@code sum(dz*xhat)} per feature
     * @param sumDz receives {@code sum(dz)} per feature
     * @throws IllegalArgumentException on bad arguments
     */
    public static void backwardTraining(
            float[] x,
            int xOff,
            int n,
            int c,
            int ldx,
            float[] saveMean,
            float[] saveInvStd,
            Activation act,
            float slope,
            float[] dy,
            int dyOff,
            int lddy,
            float[] dx,
            int dxOff,
            int lddx,
            float[] sumDzXhat,
            float[] sumDz) {
        trainingBackward(
                x,
                xOff,
                n,
                c,
                ldx,
                null,
                null,
                saveMean,
                saveInvStd,
                act,
                slope,
                dy,
                dyOff,
                lddy,
                dx,
                dxOff,
                lddx,
                "sumDzXhat",
                sumDzXhat,
                "sumDz",
                sumDz);
    }

    private static void trainingBackward(
            float[] x,
            int xOff,
            int n,
            int c,
            int ldx,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            float[] saveMean,
            float[] saveInvStd,
            Activation act,
            float slope,
            float[] dy,
            int dyOff,
            int lddy,
            float[] dx,
            int dxOff,
            int lddx,
            String gName,
            float[] dgamma,
            String bName,
            float[] dbeta) {
        checkBackward(x, xOff, n, c, ldx, true, act, slope, dy, dyOff, lddy, dx, dxOff, lddx);
        checkSaved(saveMean, saveInvStd, n, c);
        Checks.perFeature(gName, dgamma, n, c);
        Checks.perFeature(bName, dbeta, n, c);
        distinct(gName, dgamma, bName, dbeta, "saveMean", saveMean, "saveInvStd", saveInvStd);
        K.backwardTraining(
                x,
                xOff,
                n,
                c,
                ldx,
                gamma,
                beta,
                saveMean,
                saveInvStd,
                act,
                slope,
                dy,
                dyOff,
                lddy,
                dx,
                dxOff,
                lddx,
                dgamma,
                dbeta);
    }

    // ---------------------------------------------------------------------------------------- inference backward

    /**
     * Inference backward with affine parameters (statistics frozen): {@code dz = dy * act'(z)},
     * {@code dx = gamma/sqrt(runningVar + eps) * dz}, {@code dgamma = sum(dz*xhat)}, {@code dbeta = sum(dz)}; one
     * pass.
     *
     * @param x the forward input, {@code n x c}
     * @param xOff offset of x
     * @param n rows, at least 1
     * @param c columns, at least 1
     * @param ldx leading dimension of x
     * @param gamma per-feature scale
     * @param beta per-feature shift
     * @param runningMean running mean used by the forward call
     * @param runningVar running variance used by the forward call
     * @param eps eps of the forward call
     * @param act activation of the forward call
     * @param slope LEAKY_RELU's negative slope
     * @param dy gradient of the loss with respect to y, {@code n x c}
     * @param dyOff offset of dy
     * @param lddy leading dimension of dy
     * @param dx receives the gradient with respect to x; identical to dy or disjoint from it, never overlapping x
     * @param dxOff offset of dx
     * @param lddx leading dimension of dx
     * @param dgamma receives the gradient with respect to gamma
     * @param dbeta receives the gradient with respect to beta
     * @throws IllegalArgumentException on bad arguments
     */
    public static void backwardInference(
            float[] x,
            int xOff,
            int n,
            int c,
            int ldx,
            float[] gamma,
            float[] beta,
            float[] runningMean,
            float[] runningVar,
            float eps,
            Activation act,
            float slope,
            float[] dy,
            int dyOff,
            int lddy,
            float[] dx,
            int dxOff,
            int lddx,
            float[] dgamma,
            float[] dbeta) {
        checkAffine(gamma, beta, n, c);
        checkBackward(x, xOff, n, c, ldx, false, act, slope, dy, dyOff, lddy, dx, dxOff, lddx);
        checkRunning(runningMean, runningVar, eps, n, c);
        Checks.perFeature("dgamma", dgamma, n, c);
        Checks.perFeature("dbeta", dbeta, n, c);
        distinct("dgamma", dgamma, "dbeta", dbeta, "runningMean", runningMean, "runningVar", runningVar);
        K.backwardInference(
                x,
                xOff,
                n,
                c,
                ldx,
                gamma,
                beta,
                runningMean,
                runningVar,
                eps,
                act,
                slope,
                dy,
                dyOff,
                lddy,
                dx,
                dxOff,
                lddx,
                dgamma,
                dbeta);
    }

    /**
     * Inference backward without affine parameters: {@code dx = dy * act'(z) / sqrt(runningVar + eps)}.
     *
     * @param x the forward input, {@code n x c}
     * @param xOff offset of x
     * @param n rows, at least 1
     * @param c columns, at least 1
     * @param ldx leading dimension of x
     * @param runningMean running mean used by the forward call
     * @param runningVar running variance used by the forward call
     * @param eps eps of the forward call
     * @param act activation of the forward call
     * @param slope LEAKY_RELU's negative slope
     * @param dy gradient of the loss with respect to y, {@code n x c}
     * @param dyOff offset of dy
     * @param lddy leading dimension of dy
     * @param dx receives the gradient with respect to x; identical to dy or disjoint from it, never overlapping x
     * @param dxOff offset of dx
     * @param lddx leading dimension of dx
     * @throws IllegalArgumentException on bad arguments
     */
    public static void backwardInference(
            float[] x,
            int xOff,
            int n,
            int c,
            int ldx,
            float[] runningMean,
            float[] runningVar,
            float eps,
            Activation act,
            float slope,
            float[] dy,
            int dyOff,
            int lddy,
            float[] dx,
            int dxOff,
            int lddx) {
        checkBackward(x, xOff, n, c, ldx, false, act, slope, dy, dyOff, lddy, dx, dxOff, lddx);
        checkRunning(runningMean, runningVar, eps, n, c);
        K.backwardInference(
                x,
                xOff,
                n,
                c,
                ldx,
                null,
                null,
                runningMean,
                runningVar,
                eps,
                act,
                slope,
                dy,
                dyOff,
                lddy,
                dx,
                dxOff,
                lddx,
                null,
                null);
    }

    // -------------------------------------------------------------------------------------------------- checks

    private static String shape(int n, int c) {
        return "x (" + n + " x " + c + ")";
    }

    private static void checkBatch(float[] x, int xOff, int n, int c, int ldx, boolean training) {
        if (training && n == 1) {
            throw new IllegalArgumentException("batch normalization in training mode needs at least 2 rows per batch,"
                    + " got x (1 x " + c + "): the batch variance of one sample is 0 and the unbiased running variance"
                    + " divides by n - 1; use forwardInference/backwardInference for single samples");
        }
        Checks.positive("n (rows of x)", n);
        Checks.positive("c (columns of x)", c);
        Checks.matrix("x", x, xOff, n, c, ldx);
    }

    private static void checkAffine(float[] gamma, float[] beta, int n, int c) {
        Checks.perFeature("gamma", gamma, n, c);
        Checks.perFeature("beta", beta, n, c);
    }

    private static void checkScalars(float eps, Activation act, float slope) {
        Checks.positiveFinite("eps", eps);
        checkAct(act, slope);
    }

    private static void checkAct(Activation act, float slope) {
        if (act == null) {
            throw new IllegalArgumentException("act is null");
        }
        if (act == Activation.LEAKY_RELU && !Float.isFinite(slope)) {
            throw new IllegalArgumentException("LEAKY_RELU slope must be finite, got " + slope);
        }
    }

    private static void checkMomentum(float momentum) {
        if (!(momentum >= 0f && momentum <= 1f)) {
            throw new IllegalArgumentException(
                    "momentum must be in [0, 1] (weight of the new batch, PyTorch's" + " convention), got " + momentum);
        }
    }

    private static void checkSaved(float[] saveMean, float[] saveInvStd, int n, int c) {
        Checks.perFeature("saveMean", saveMean, n, c);
        Checks.perFeature("saveInvStd", saveInvStd, n, c);
    }

    private static void checkRunning(float[] runningMean, float[] runningVar, float eps, int n, int c) {
        Checks.positiveFinite("eps", eps);
        Checks.perFeature("runningMean", runningMean, n, c);
        Checks.perFeature("runningVar", runningVar, n, c);
    }

    private static void checkBackward(
            float[] x,
            int xOff,
            int n,
            int c,
            int ldx,
            boolean training,
            Activation act,
            float slope,
            float[] dy,
            int dyOff,
            int lddy,
            float[] dx,
            int dxOff,
            int lddx) {
        checkBatch(x, xOff, n, c, ldx, training);
        checkAct(act, slope);
        if (!Checks.matrixFits(dy, dyOff, n, c, lddy)) {
            Checks.matrix("dy (shaped like " + shape(n, c) + ")", dy, dyOff, n, c, lddy);
        }
        checkOutput("dy", dy, dyOff, lddy, "dx", dx, dxOff, lddx, n, c);
        if (dx == x && overlap(xOff, ldx, dxOff, lddx, n, c)) {
            throw new IllegalArgumentException("dx (offset " + dxOff + ", leading dimension " + lddx + ") overlaps x"
                    + " (offset " + xOff + ", leading dimension " + ldx + ") in the same array: backward reads x after"
                    + " writing dx");
        }
    }

    /** out must be a valid n x c matrix, identical to in or disjoint from it. */
    private static void checkOutput(
            String inName,
            float[] in,
            int inOff,
            int ldIn,
            String outName,
            float[] out,
            int outOff,
            int ldOut,
            int n,
            int c) {
        if (!Checks.matrixFits(out, outOff, n, c, ldOut)) {
            Checks.matrix(outName + " (shaped like " + shape(n, c) + ")", out, outOff, n, c, ldOut);
        }
        if (in == out && overlap(inOff, ldIn, outOff, ldOut, n, c) && (inOff != outOff || ldIn != ldOut)) {
            throw new IllegalArgumentException(inName + " (offset " + inOff + ", leading dimension " + ldIn + ") and "
                    + outName + " (offset " + outOff + ", leading dimension " + ldOut
                    + ") partially overlap in the same"
                    + " array; use identical or disjoint ranges");
        }
    }

    private static boolean overlap(int aOff, int lda, int bOff, int ldb, int n, int c) {
        long aEnd = aOff + (long) (n - 1) * lda + c;
        long bEnd = bOff + (long) (n - 1) * ldb + c;
        return aOff < bEnd && bOff < aEnd;
    }

    private static void distinct(
            String an, float[] a, String bn, float[] b, String cn, float[] c, String dn, float[] d) {
        // Pairwise comparisons written out: arrays of the arguments would be allocated on every kernel call.
        if (a == b || a == c || a == d || b == c || b == d || c == d) {
            String[] names = {an, bn, cn, dn};
            float[][] arrays = {a, b, c, d};
            for (int i = 0; i < 4; i++) {
                for (int j = i + 1; j < 4; j++) {
                    if (arrays[i] == arrays[j]) {
                        throw new IllegalArgumentException(names[i] + " and " + names[j] + " must be distinct arrays");
                    }
                }
            }
        }
    }
}
