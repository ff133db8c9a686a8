package org.simdnn.core;

import org.simdnn.core.internal.BackendSelector;
import org.simdnn.core.internal.Checks;
import org.simdnn.core.internal.OptimizerKernels;
import org.simdnn.core.internal.ParallelFor;

/**
 * Fused optimizer updates, PyTorch semantics: one pass over a parameter array, its gradient and the optimizer
 * state, updating the parameters and the state in place. Hyper-parameters are small immutable records checked
 * when constructed ({@link Sgd}, {@link Adam}); the updates themselves are static methods over arrays, offsets and
 * a length, with no allocation.
 *
 * <p>State arrays ({@code velocity}, {@code m}, {@code v}) must start at zero before the first step and are owned
 * by the caller between steps. They must not overlap the parameters, the gradient or each other; the gradient must
 * not overlap the parameters. A length of 0 is a no-op.
 *
 * <p>Accuracy: every element is updated with the same handful of float operations (fused multiply-adds where
 * written below) on both backends, which give identical results. Against the same formula evaluated exactly on
 * the same float inputs, one step is within {@code 4 u (|p| + lr |d|)} for the parameter, where {@code d} is the
 * update direction and {@code u = 2^-24}, and within {@code 3 u} relative to the magnitude of the terms for
 * each state element. NaN in a gradient, parameter or state element makes that element's parameter and state NaN
 * (never an exception); other elements are unaffected.
 */
public final class Optimizers {
    private static final OptimizerKernels K = BackendSelector.provider().optimizers();

    private Optimizers() {}

    /**
     * Hyper-parameters of SGD with momentum ({@code torch.optim.SGD} with {@code dampening = 0}).
     *
     * @param lr learning rate, finite and {@code >= 0}
     * @param momentum momentum {@code mu} in {@code [0, 1)}; 0 makes the velocity equal to the decayed gradient
     * @param weightDecay L2 penalty {@code wd} added to the gradient, finite and {@code >= 0}
     * @param nesterov Nesterov momentum
     */
    public record Sgd(float lr, float momentum, float weightDecay, boolean nesterov) {
        /**
         * Checks the hyper-parameters.
         *
         * @throws IllegalArgumentException when one is out of range; the message names it
         */
        public Sgd {
            Checks.nonNegativeFinite("SGD learning rate lr", lr);
            unit("SGD momentum", momentum);
            Checks.nonNegativeFinite("SGD weightDecay", weightDecay);
        }

        /**
         * Plain momentum SGD without weight decay.
         *
         * @param lr learning rate, finite and {@code >= 0}
         * @param momentum momentum in {@code [0, 1)}
         * @return the hyper-parameters
         */
        public static Sgd of(float lr, float momentum) {
            return new Sgd(lr, momentum, 0f, false);
        }
    }

    /**
     * Hyper-parameters of Adam ({@code torch.optim.Adam}: weight decay as an L2 term added to the gradient) or AdamW
     * ({@code torch.optim.AdamW}: decoupled weight decay {@code p -= lr wd p}).
     *
     * @param lr learning rate, finite and {@code >= 0}
     * @param beta1 decay of the first moment, in {@code [0, 1)}
     * @param beta2 decay of the second moment, in {@code [0, 1)}
     * @param eps added to the bias-corrected {@code sqrt(v)} (outside the square root, as PyTorch), finite and
     *     {@code > 0}
     * @param weightDecay weight decay {@code wd}, finite and {@code >= 0}
     * @param decoupled {@code true} for AdamW, {@code false} for Adam
     */
    public record Adam(float lr, float beta1, float beta2, float eps, float weightDecay, boolean decoupled) {
        /**
         * Checks the hyper-parameters.
         *
         * @throws IllegalArgumentException when one is out of range; the message names it
         */
        public Adam {
            String what = decoupled ? "AdamW " : "Adam ";
            Checks.nonNegativeFinite(what + "learning rate lr", lr);
            unit(what + "beta1", beta1);
            unit(what + "beta2", beta2);
            Checks.positiveFinite(what + "eps", eps);
            Checks.nonNegativeFinite(what + "weightDecay", weightDecay);
        }

        /**
         * Adam with PyTorch's defaults {@code beta1 = 0.9, beta2 = 0.999, eps = 1e-8} and no weight decay.
         *
         * @param lr learning rate, finite and {@code >= 0}
         * @return the hyper-parameters
         */
        public static Adam adam(float lr) {
            return new Adam(lr, 0.9f, 0.999f, 1e-8f, 0f, false);
        }

        /**
         * AdamW with PyTorch's defaults {@code beta1 = 0.9, beta2 = 0.999, eps = 1e-8}.
         *
         * @param lr learning rate, finite and {@code >= 0}
         * @param weightDecay decoupled weight decay, finite and {@code >= 0} (PyTorch's default is 0.01)
         * @return the hyper-parameters
         */
        public static Adam adamW(float lr, float weightDecay) {
            return new Adam(lr, 0.9f, 0.999f, 1e-8f, weightDecay, true);
        }
    }

    /**
     * One SGD-with-momentum step over {@code len} parameters, per element (PyTorch semantics, dampening 0):
     * <pre>{@code
     * g' = g + wd * p
     * v  = mu * v + g'
     * p  = p - lr * (nesterov ? g' + mu * v : v)
     * }</pre>
     * computed as {@code g' = fma(wd, p, g)}, {@code v = fma(mu, v, g')}, {@code p = fma(-lr, d, p)}. With the
     * velocity starting at zero the first step gives {@code v = g'}, which is PyTorch's initialization of its
     * momentum buffer.
     *
     * @param h hyper-parameters
     * @param param parameters, updated
     * @param paramOff offset of the first parameter
     * @param grad gradient, read
     * @param gradOff offset of the first gradient element
     * @param velocity momentum buffer, updated; zero before the first step
     * @param velocityOff offset of the first velocity element
     * @param len number of parameters, {@code >= 0}
     * @throws IllegalArgumentException on a null {@code h}, short or null arrays or overlapping ranges
     */
    public static void sgd(
            Sgd h, float[] param, int paramOff, float[] grad, int gradOff, float[] velocity, int velocityOff, int len) {
        if (h == null) {
            throw new IllegalArgumentException("SGD hyper-parameters h is null");
        }
        Checks.range("param", param, paramOff, len);
        Checks.range("grad", grad, gradOff, len);
        Checks.range("velocity", velocity, velocityOff, len);
        disjoint("grad", grad, gradOff, "param", param, paramOff, len);
        disjoint("velocity", velocity, velocityOff, "param", param, paramOff, len);
        disjoint("velocity", velocity, velocityOff, "grad", grad, gradOff, len);
        if (ParallelFor.splits(len)) {
            ParallelFor.forEachElementRange(
                    len, (s, l) -> sgdKernel(h, param, paramOff + s, grad, gradOff + s, velocity, velocityOff + s, l));
        } else {
            sgdKernel(h, param, paramOff, grad, gradOff, velocity, velocityOff, len);
        }
    }

    private static void sgdKernel(
            Sgd h, float[] param, int paramOff, float[] grad, int gradOff, float[] velocity, int velocityOff, int len) {
        K.sgd(
                h.lr(),
                h.momentum(),
                h.weightDecay(),
                h.nesterov(),
                param,
                paramOff,
                grad,
                gradOff,
                velocity,
                velocityOff,
                len);
    }

    /**
     * One Adam or AdamW step (step number {@code t >= 1}, counting from 1) over {@code len} parameters, per element
     * (PyTorch semantics):
     * <pre>{@code
     * AdamW: p = p * (1 - lr * wd)          Adam: g = g + wd * p
     * m = m + (1 - beta1) * (g - m)
     * v = beta2 * v + (1 - beta2) * g * g
     * p = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
     * }</pre>
     * The bias corrections and {@code 1 - lr wd} are computed once per call in double and rounded to float.
     *
     * @param h hyper-parameters
     * @param t step number, {@code >= 1} (1 on the first step, when the bias correction is largest)
     * @param param parameters, updated
     * @param paramOff offset of the first parameter
     * @param grad gradient, read
     * @param gradOff offset of the first gradient element
     * @param m first moment, updated; zero before the first step
     * @param mOff offset of the first element of {@code m}
     * @param v second moment, updated; zero before the first step
     * @param vOff offset of the first element of {@code v}
     * @param len number of parameters, {@code >= 0}
     * @throws IllegalArgumentException on a null {@code h}, {@code t < 1}, short or null arrays or overlapping
     *     ranges
     */
    public static void adam(
            Adam h,
            long t,
            float[] param,
            int paramOff,
            float[] grad,
            int gradOff,
            float[] m,
            int mOff,
            float[] v,
            int vOff,
            int len) {
        if (h == null) {
            throw new IllegalArgumentException("Adam hyper-parameters h is null");
        }
        if (t < 1) {
            throw new IllegalArgumentException("Adam step t counts from 1 (bias correction 1 - beta^t), got " + t);
        }
        Checks.range("param", param, paramOff, len);
        Checks.range("grad", grad, gradOff, len);
        Checks.range("m", m, mOff, len);
        Checks.range("v", v, vOff, len);
        disjoint("grad", grad, gradOff, "param", param, paramOff, len);
        disjoint("m", m, mOff, "param", param, paramOff, len);
        disjoint("m", m, mOff, "grad", grad, gradOff, len);
        disjoint("v", v, vOff, "param", param, paramOff, len);
        disjoint("v", v, vOff, "grad", grad, gradOff, len);
        disjoint("v", v, vOff, "m", m, mOff, len);
        double lr = h.lr();
        double wd = h.weightDecay();
        double bc1 = 1.0 - Math.pow(h.beta1(), (double) t);
        double bc2 = 1.0 - Math.pow(h.beta2(), (double) t);
        float decay = h.decoupled() ? (float) (1.0 - lr * wd) : 1f;
        float l2 = h.decoupled() ? 0f : h.weightDecay();
        float stepSize = (float) (lr / bc1);
        float invBc2Sqrt = (float) (1.0 / Math.sqrt(bc2));
        if (ParallelFor.splits(len)) {
            ParallelFor.forEachElementRange(
                    len,
                    (s, l) -> adamKernel(
                            h,
                            decay,
                            l2,
                            stepSize,
                            invBc2Sqrt,
                            param,
                            paramOff + s,
                            grad,
                            gradOff + s,
                            m,
                            mOff + s,
                            v,
                            vOff + s,
                            l));
        } else {
            adamKernel(h, decay, l2, stepSize, invBc2Sqrt, param, paramOff, grad, gradOff, m, mOff, v, vOff, len);
        }
    }

    private static void adamKernel(
            Adam h,
            float decay,
            float l2,
            float stepSize,
            float invBc2Sqrt,
            float[] param,
            int paramOff,
            float[] grad,
            int gradOff,
            float[] m,
            int mOff,
            float[] v,
            int vOff,
            int len) {
        K.adam(
                decay,
                l2,
                h.beta1(),
                h.beta2(),
                stepSize,
                invBc2Sqrt,
                h.eps(),
                param,
                paramOff,
                grad,
                gradOff,
                m,
                mOff,
                v,
                vOff,
                len);
    }

    private static void unit(String name, float x) {
        if (!(x >= 0f && x < 1f)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + x);
        }
    }

    private static void disjoint(String nameA, float[] a, int offA, String nameB, float[] b, int offB, int len) {
        if (a == b && offA < offB + len && offB < offA + len) {
            throw new IllegalArgumentException(nameA + " [" + offA + ", " + (offA + len) + ") and " + nameB + " ["
                    + offB + ", " + (offB + len) + ") overlap in the same array; they must be separate ranges");
        }
    }
}
