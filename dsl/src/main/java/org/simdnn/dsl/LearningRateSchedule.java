package org.simdnn.dsl;

/**
 * The learning rate of each epoch as a multiple of the optimizer's base rate. Evaluated once per epoch (the rate is
 * constant within an epoch, PyTorch's usual {@code scheduler.step()} per epoch), so a step allocates nothing.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * @param baseLr      the optimizer's learning rate
     * @param epoch       the epoch, from 0
     * @param totalEpochs the number of epochs of the fit
     * @return the learning rate of that epoch, finite and {@code >= 0}
     */
    float learningRate(float baseLr, int epoch, int totalEpochs);

    /** @return the base rate in every epoch */
    static LearningRateSchedule constant() {
        return (lr, epoch, total) -> lr;
    }

    /**
     * Step decay: {@code lr * factor^(epoch / everyEpochs)} (PyTorch's {@code StepLR}).
     *
     * @param everyEpochs epochs between decays, at least 1
     * @param factor      multiplier at each decay, in {@code (0, 1]}
     * @return the schedule
     */
    static LearningRateSchedule step(int everyEpochs, float factor) {
        if (everyEpochs < 1) {
            throw new IllegalArgumentException("step schedule: everyEpochs must be at least 1, got " + everyEpochs);
        }
        if (!(factor > 0f && factor <= 1f)) {
            throw new IllegalArgumentException("step schedule: factor must be in (0, 1], got " + factor);
        }
        return (lr, epoch, total) -> (float) (lr * Math.pow(factor, epoch / everyEpochs));
    }

    /**
     * Cosine annealing from the base rate in the first epoch to {@code minLr} in the last (PyTorch's
     * {@code CosineAnnealingLR} with {@code T_max = epochs - 1}).
     *
     * @param minLr the final rate, finite, {@code >= 0}
     * @return the schedule
     */
    static LearningRateSchedule cosine(float minLr) {
        if (!(minLr >= 0f) || Float.isInfinite(minLr)) {
            throw new IllegalArgumentException("cosine schedule: minLr must be finite and >= 0, got " + minLr);
        }
        return (lr, epoch, total) -> {
            if (total <= 1) {
                return lr;
            }
            double t = (double) epoch / (total - 1);
            return (float) (minLr + (lr - minLr) * 0.5 * (1 + Math.cos(Math.PI * t)));
        };
    }
}
