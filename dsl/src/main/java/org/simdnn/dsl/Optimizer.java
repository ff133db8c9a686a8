package org.simdnn.dsl;

import org.simdnn.core.Optimizers;

/**
 * An optimizer and its hyper-parameters, immutable: every method returns a new value, so one instance can be shared
 * between {@link FitOptions}. {@code Optimizer.sgd(0.1f).momentum(0.9f).nesterov(true)},
 * {@code Optimizer.adam(1e-3f)}, {@code Optimizer.adamW(1e-3f, 0.01f)}. PyTorch semantics (see
 * {@link Optimizers}); the learning rate given here is the base rate that the {@link LearningRateSchedule} scales.
 *
 * <p>Weight decay applies to dense weights only; biases and batch-norm gamma/beta are not decayed unless
 * {@link #decayAllParameters(boolean)} says so (decaying them pulls the normalization towards zero scale, which
 * is rarely wanted).
 */
public final class Optimizer {

    enum Kind {
        SGD,
        ADAM
    }

    final Kind kind;
    final float lr;
    final float momentum;
    final boolean nesterov;
    final float weightDecay;
    final boolean decoupled;
    final float beta1;
    final float beta2;
    final float eps;
    final boolean decayAll;

    private Optimizer(
            Kind kind,
            float lr,
            float momentum,
            boolean nesterov,
            float weightDecay,
            boolean decoupled,
            float beta1,
            float beta2,
            float eps,
            boolean decayAll) {
        this.kind = kind;
        this.lr = lr;
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.decayAll = decayAll;
        // The core records check every hyper-parameter and name the bad one.
        if (kind == Kind.SGD) {
            if (nesterov && momentum == 0f) {
                throw new IllegalArgumentException("Nesterov SGD needs a momentum > 0: call momentum(m) as well");
            }
            sgdRecord(lr, weightDecay);
        } else {
            adamRecord(lr, weightDecay);
        }
    }

    /**
     * Plain SGD (no momentum, no weight decay).
     *
     * @param lr learning rate, finite and {@code >= 0}
     * @return the optimizer
     */
    public static Optimizer sgd(float lr) {
        return new Optimizer(Kind.SGD, lr, 0f, false, 0f, false, 0f, 0f, 0f, false);
    }

    /**
     * Adam with PyTorch's defaults ({@code beta1 = 0.9, beta2 = 0.999, eps = 1e-8}).
     *
     * @param lr learning rate, finite and {@code >= 0}
     * @return the optimizer
     */
    public static Optimizer adam(float lr) {
        return new Optimizer(Kind.ADAM, lr, 0f, false, 0f, false, 0.9f, 0.999f, 1e-8f, false);
    }

    /**
     * AdamW: Adam with decoupled weight decay {@code p -= lr * wd * p}.
     *
     * @param lr          learning rate, finite and {@code >= 0}
     * @param weightDecay decoupled weight decay, finite and {@code >= 0}
     * @return the optimizer
     */
    public static Optimizer adamW(float lr, float weightDecay) {
        return new Optimizer(Kind.ADAM, lr, 0f, false, weightDecay, true, 0.9f, 0.999f, 1e-8f, false);
    }

    /**
     * @param momentum SGD momentum in {@code [0, 1)}
     * @return a copy with this momentum
     * @throws IllegalStateException for Adam
     */
    public Optimizer momentum(float momentum) {
        requireSgd("momentum");
        return new Optimizer(kind, lr, momentum, nesterov, weightDecay, decoupled, beta1, beta2, eps, decayAll);
    }

    /**
     * @param nesterov whether SGD uses Nesterov momentum (needs a momentum {@code > 0})
     * @return a copy with this setting
     * @throws IllegalStateException for Adam
     */
    public Optimizer nesterov(boolean nesterov) {
        requireSgd("nesterov");
        return new Optimizer(kind, lr, momentum, nesterov, weightDecay, decoupled, beta1, beta2, eps, decayAll);
    }

    /**
     * L2 weight decay added to the gradient (SGD and Adam) or decoupled decay (AdamW).
     *
     * @param weightDecay finite and {@code >= 0}
     * @return a copy with this weight decay
     */
    public Optimizer weightDecay(float weightDecay) {
        return new Optimizer(kind, lr, momentum, nesterov, weightDecay, decoupled, beta1, beta2, eps, decayAll);
    }

    /**
     * Adam's moment decays.
     *
     * @param beta1 first-moment decay in {@code [0, 1)}
     * @param beta2 second-moment decay in {@code [0, 1)}
     * @return a copy with these betas
     * @throws IllegalStateException for SGD
     */
    public Optimizer betas(float beta1, float beta2) {
        if (kind != Kind.ADAM) {
            throw new IllegalStateException("betas(...) is an Adam setting; this is " + this);
        }
        return new Optimizer(kind, lr, momentum, nesterov, weightDecay, decoupled, beta1, beta2, eps, decayAll);
    }

    /**
     * @param decayAll whether weight decay also applies to biases and batch-norm gamma/beta (default false)
     * @return a copy with this setting
     */
    public Optimizer decayAllParameters(boolean decayAll) {
        return new Optimizer(kind, lr, momentum, nesterov, weightDecay, decoupled, beta1, beta2, eps, decayAll);
    }

    /** @return the base learning rate */
    public float learningRate() {
        return lr;
    }

    Optimizers.Sgd sgdRecord(float rate, float decay) {
        return new Optimizers.Sgd(rate, momentum, decay, nesterov);
    }

    Optimizers.Adam adamRecord(float rate, float decay) {
        return new Optimizers.Adam(rate, beta1, beta2, eps, decay, decoupled);
    }

    private void requireSgd(String what) {
        if (kind != Kind.SGD) {
            throw new IllegalStateException(what + "(...) is an SGD setting; this is " + this);
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case SGD ->
                "SGD(lr=" + lr + ", momentum=" + momentum + (nesterov ? ", nesterov" : "") + ", weightDecay="
                        + weightDecay + ")";
            case ADAM ->
                (decoupled ? "AdamW" : "Adam") + "(lr=" + lr + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + eps
                        + ", weightDecay=" + weightDecay + ")";
        };
    }
}
