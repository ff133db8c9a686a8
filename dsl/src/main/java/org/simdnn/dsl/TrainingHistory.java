package org.simdnn.dsl;

import java.util.List;

/**
 * What {@link Network#fit} did: one {@link EpochStats} per completed epoch and why training stopped.
 *
 * @param epochs     the completed epochs, in order
 * @param stopReason why training ended
 */
public record TrainingHistory(List<EpochStats> epochs, StopReason stopReason) {

    /** Why a fit ended. */
    public enum StopReason {
        /** Every requested epoch ran. */
        COMPLETED,
        /** The early-stopping metric did not improve for {@code patience} epochs. */
        EARLY_STOPPING,
        /** A {@code TrainingListener} asked to stop. */
        LISTENER,
        /**
         * The training thread was interrupted ({@link Thread#interrupt()}, {@code Future.cancel(true)}, a cancelled
         * coroutine): fit stopped between two steps, kept the weights of the last completed step and left the
         * thread's interrupt flag set.
         */
        INTERRUPTED
    }

    /**
     * @param epochs     the completed epochs (copied)
     * @param stopReason why training ended
     */
    public TrainingHistory {
        epochs = List.copyOf(epochs);
    }

    /** @return the last completed epoch's statistics */
    public EpochStats last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("no epoch completed (stop reason " + stopReason + ")");
        }
        return epochs.get(epochs.size() - 1);
    }
}
