package org.simdnn.dsl;

import java.util.function.Consumer;

/**
 * Progress callbacks of {@link Network#fit}, called on the training thread between steps (the weights are
 * consistent: evaluating or predicting with the network from here is allowed; calling {@code fit} is not). Either
 * callback may end training with {@code event.stopTraining()}: the current epoch's statistics are still recorded
 * and fit returns with {@link TrainingHistory.StopReason#LISTENER}. From Kotlin or Java lambdas, use
 * {@link #onEpoch(Consumer)} or {@link #onStep(Consumer)}.
 */
public interface TrainingListener {

    /**
     * After every training step. The event object is reused from step to step (so that steps allocate nothing): read
     * it in the callback, do not keep it.
     *
     * @param event the step's numbers
     */
    default void onStep(StepEvent event) {}

    /**
     * After every epoch (and its validation).
     *
     * @param event the epoch's numbers
     */
    default void onEpoch(EpochEvent event) {}

    /**
     * @param callback called after every epoch
     * @return a listener that only listens to epochs
     */
    static TrainingListener onEpoch(Consumer<EpochEvent> callback) {
        return new TrainingListener() {
            @Override
            public void onEpoch(EpochEvent event) {
                callback.accept(event);
            }
        };
    }

    /**
     * @param callback called after every step, with a reused event object
     * @return a listener that only listens to steps
     */
    static TrainingListener onStep(Consumer<StepEvent> callback) {
        return new TrainingListener() {
            @Override
            public void onStep(StepEvent event) {
                callback.accept(event);
            }
        };
    }
}
