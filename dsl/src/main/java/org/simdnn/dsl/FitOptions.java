package org.simdnn.dsl;

import org.jspecify.annotations.Nullable;

/**
 * How {@link Network#fit} trains: mutable and fluent (every setter returns {@code this}, so Kotlin's
 * {@code FitOptions().apply { epochs(5); batchSize(64) }} reads naturally). Defaults: 10 epochs, batch 32, shuffled,
 * the network's seed, {@code Optimizer.sgd(0.01f)}, constant learning rate.
 */
public final class FitOptions {

    private int epochs = 10;
    private int batchSize = 32;
    private boolean shuffle = true;
    private @Nullable Long seed;
    private Optimizer optimizer = Optimizer.sgd(0.01f);
    private LearningRateSchedule schedule = LearningRateSchedule.constant();

    /** Default options. */
    public FitOptions() {
    }

    /**
     * @param epochs passes over the training data, at least 1
     * @return this
     */
    public FitOptions epochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    /**
     * @param batchSize rows per training step, at least 1 (at least 2 for a network with batch norm)
     * @return this
     */
    public FitOptions batchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /**
     * @param shuffle whether each epoch visits the rows in a new random order (derived from the seed and the epoch)
     * @return this
     */
    public FitOptions shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /**
     * @param seed seed of the shuffles and dropout masks (default: the network's seed)
     * @return this
     */
    public FitOptions seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * @param optimizer the optimizer
     * @return this
     */
    public FitOptions optimizer(Optimizer optimizer) {
        this.optimizer = optimizer;
        return this;
    }

    /**
     * @param schedule the learning-rate schedule
     * @return this
     */
    public FitOptions schedule(LearningRateSchedule schedule) {
        this.schedule = schedule;
        return this;
    }

    /** @return the number of epochs */
    public int epochs() {
        return epochs;
    }

    /** @return the batch size */
    public int batchSize() {
        return batchSize;
    }

    /** @return whether rows are shuffled each epoch */
    public boolean shuffle() {
        return shuffle;
    }

    /**
     * @param networkSeed the network's seed
     * @return the seed set here, or the network's
     */
    public long seedOr(long networkSeed) {
        return seed != null ? seed : networkSeed;
    }

    /** @return the optimizer */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** @return the learning-rate schedule */
    public LearningRateSchedule schedule() {
        return schedule;
    }
}
