package org.simdnn.dsl;

/**
 * One training step, as {@link TrainingListener#onStep} sees it. Reused from step to step: read it inside the
 * callback only.
 */
public final class StepEvent {

    private final Network network;
    int epoch;
    int step;
    long globalStep;
    int batchSize;
    float loss;
    double accuracy;
    float learningRate;
    double samplesPerSecond;
    double seconds;
    boolean stop;

    StepEvent(Network network) {
        this.network = network;
    }

    /** @return the network being trained (for evaluation or prediction inside the callback) */
    public Network network() {
        return network;
    }

    /** @return the epoch, from 0 */
    public int epoch() {
        return epoch;
    }

    /** @return the step within the epoch, from 0 */
    public int step() {
        return step;
    }

    /** @return the number of optimizer updates so far in this fit, this step included */
    public long globalStep() {
        return globalStep;
    }

    /** @return the rows of this step's batch */
    public int batchSize() {
        return batchSize;
    }

    /** @return the batch's mean loss (training mode, before this step's update) */
    public float loss() {
        return loss;
    }

    /** @return the batch's accuracy (training mode); NaN for regression */
    public double accuracy() {
        return accuracy;
    }

    /** @return this epoch's learning rate */
    public float learningRate() {
        return learningRate;
    }

    /** @return training samples per second since the epoch started */
    public double samplesPerSecond() {
        return samplesPerSecond;
    }

    /** @return seconds since the epoch started */
    public double seconds() {
        return seconds;
    }

    /** Ends training after this step; the epoch's statistics so far are recorded. */
    public void stopTraining() {
        stop = true;
    }
}
