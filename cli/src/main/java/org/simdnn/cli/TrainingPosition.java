package org.simdnn.cli;

import org.simdnn.dsl.EpochEvent;
import org.simdnn.dsl.StepEvent;
import org.simdnn.dsl.TrainingListener;

/**
 * Where a fit is, for the message of a run that stops early (diverged, interrupted): the epoch in progress, its last
 * completed step, and the last epoch whose checkpoint was written. Epochs are counted from 1, as the table does.
 */
final class TrainingPosition implements TrainingListener {

    private int epoch;
    private int lastStep = -1;
    private long updates;
    private int lastCheckpointedEpoch;

    @Override
    public void onStep(StepEvent event) {
        epoch = event.epoch() + 1;
        lastStep = event.step();
        updates = event.globalStep();
    }

    @Override
    public void onEpoch(EpochEvent event) {
        // the checkpoint of an epoch is written before its listeners run
        lastCheckpointedEpoch = event.epoch() + 1;
        epoch = event.epoch() + 2;
        lastStep = -1;
    }

    /** @return the epoch in progress, from 1; 0 when no step has completed yet */
    int epoch() {
        return epoch;
    }

    /** @return the step in progress within the epoch, from 1 */
    int nextStep() {
        return lastStep + 2;
    }

    /** @return the optimizer update in progress, counted over the whole run (a resumed one too) */
    long nextUpdate() {
        return updates + 1;
    }

    /** @return the last epoch this fit completed and checkpointed, or 0 */
    int lastCheckpointedEpoch() {
        return lastCheckpointedEpoch;
    }
}
