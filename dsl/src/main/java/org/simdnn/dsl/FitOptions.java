package org.simdnn.dsl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    private @Nullable Dataset validation;
    private double validationSplit;
    private @Nullable Metric earlyStoppingMetric;
    private int patience;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private @Nullable Path checkpoint;
    private @Nullable Path resumeFrom;

    /** Default options. */
    public FitOptions() {}

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

    /**
     * Evaluates on this data after every epoch (inference mode); replaces a validation split.
     *
     * @param validation data shaped like the training data
     * @return this
     */
    public FitOptions validation(Dataset validation) {
        this.validation = validation;
        this.validationSplit = 0;
        return this;
    }

    /**
     * Holds out a random fraction of the training data (drawn with the fit seed) for validation after every epoch;
     * replaces a validation set.
     *
     * @param fraction in {@code (0, 1)}
     * @return this
     */
    public FitOptions validationSplit(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validationSplit must be in (0, 1), got " + fraction);
        }
        this.validationSplit = fraction;
        this.validation = null;
        return this;
    }

    /**
     * Stops when {@code metric} has not improved for {@code patience} consecutive epochs (the weights stay those of
     * the last epoch, as Keras' default).
     *
     * @param metric   the watched metric (a validation metric needs validation data)
     * @param patience epochs without improvement tolerated, at least 1
     * @return this
     */
    public FitOptions earlyStopping(Metric metric, int patience) {
        if (patience < 1) {
            throw new IllegalArgumentException("early-stopping patience must be at least 1 epoch, got " + patience);
        }
        this.earlyStoppingMetric = metric;
        this.patience = patience;
        return this;
    }

    /**
     * Adds a progress listener (several may be added; they are called in the order added).
     *
     * @param listener the listener
     * @return this
     */
    public FitOptions listener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Writes a checkpoint to this file after every epoch (atomically: a crash leaves the previous checkpoint): the
     * model, the optimizer state, the epoch and the history so far. The shuffles and dropout masks are functions
     * of (seed, epoch, step), so nothing else is needed to continue exactly. Missing parent folders are created
     * when {@code fit} starts, before the first epoch, so a path that cannot be written fails then, not after an
     * epoch of training.
     *
     * @param file the checkpoint file, replaced after each epoch
     * @return this
     */
    public FitOptions checkpoint(Path file) {
        this.checkpoint = file;
        return this;
    }

    /**
     * Continues a fit from a checkpoint written by {@link #checkpoint(Path)}: the network (which must have the same
     * layers) takes the checkpoint's weights, statistics and optimizer state, and training continues with the
     * epoch after the checkpoint. With the same options (epochs, batch size, seed, optimizer, schedule, data) the
     * final weights are bit-identical to an uninterrupted run. The returned history includes the checkpoint's
     * epochs.
     *
     * @param file the checkpoint file
     * @return this
     */
    public FitOptions resumeFrom(Path file) {
        this.resumeFrom = file;
        return this;
    }

    /** @return the checkpoint file, or null */
    public @Nullable Path checkpoint() {
        return checkpoint;
    }

    /** @return the checkpoint to resume from, or null */
    public @Nullable Path resumeFrom() {
        return resumeFrom;
    }

    /** @return the validation set, or null (see also {@link #validationFraction()}) */
    public @Nullable Dataset validation() {
        return validation;
    }

    /** @return the validation split fraction, 0 for none */
    public double validationFraction() {
        return validationSplit;
    }

    /** @return the early-stopping metric, or null for none */
    public @Nullable Metric earlyStoppingMetric() {
        return earlyStoppingMetric;
    }

    /** @return the early-stopping patience in epochs (0 without early stopping) */
    public int patience() {
        return patience;
    }

    /** @return the listeners, in order (a copy) */
    public List<TrainingListener> listeners() {
        return List.copyOf(listeners);
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
