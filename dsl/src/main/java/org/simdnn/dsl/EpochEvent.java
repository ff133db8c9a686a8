package org.simdnn.dsl;

/** One finished epoch, as {@link TrainingListener#onEpoch} sees it. */
public final class EpochEvent {

    private final Network network;
    private final EpochStats stats;
    private final int totalEpochs;
    boolean stop;

    EpochEvent(Network network, EpochStats stats, int totalEpochs) {
        this.network = network;
        this.stats = stats;
        this.totalEpochs = totalEpochs;
    }

    /** @return the network being trained */
    public Network network() {
        return network;
    }

    /** @return the epoch's statistics */
    public EpochStats stats() {
        return stats;
    }

    /** @return the epoch, from 0 */
    public int epoch() {
        return stats.epoch();
    }

    /** @return the number of epochs the fit was asked for */
    public int totalEpochs() {
        return totalEpochs;
    }

    /** @return the mean training loss of the epoch */
    public double loss() {
        return stats.trainLoss();
    }

    /** @return the training accuracy of the epoch; NaN for regression */
    public double accuracy() {
        return stats.trainAccuracy();
    }

    /** @return the validation loss; NaN without validation data */
    public double validationLoss() {
        return stats.validationLoss();
    }

    /** @return the validation accuracy; NaN without validation data or for regression */
    public double validationAccuracy() {
        return stats.validationAccuracy();
    }

    /** @return training samples per second in this epoch */
    public double samplesPerSecond() {
        return stats.samplesPerSecond();
    }

    /** @return the epoch's duration in seconds */
    public double seconds() {
        return stats.seconds();
    }

    /** Ends training after this epoch. */
    public void stopTraining() {
        stop = true;
    }
}
