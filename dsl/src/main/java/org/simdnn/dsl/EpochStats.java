package org.simdnn.dsl;

/**
 * The result of one training epoch. Accuracies are NaN for regression; validation values are NaN without a
 * validation set.
 *
 * @param epoch              the epoch, from 0
 * @param trainLoss          mean training loss over the epoch's samples (batch losses weighted by batch size)
 * @param trainAccuracy      fraction of training samples classified correctly during the epoch (training mode)
 * @param validationLoss     mean loss on the validation set after the epoch (inference mode)
 * @param validationAccuracy accuracy on the validation set after the epoch
 * @param samplesPerSecond   training samples per second in this epoch (wall clock)
 * @param seconds            the epoch's wall-clock duration
 */
public record EpochStats(
        int epoch,
        double trainLoss,
        double trainAccuracy,
        double validationLoss,
        double validationAccuracy,
        double samplesPerSecond,
        double seconds) {}
