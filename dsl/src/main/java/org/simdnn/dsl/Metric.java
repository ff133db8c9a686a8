package org.simdnn.dsl;

/** A per-epoch quantity that early stopping watches. Losses improve downwards, accuracies upwards. */
public enum Metric {
    /** Mean training loss of the epoch. */
    TRAINING_LOSS(false),
    /** Training accuracy of the epoch (classification). */
    TRAINING_ACCURACY(true),
    /** Loss on the validation set after the epoch (needs a validation set or split). */
    VALIDATION_LOSS(false),
    /** Accuracy on the validation set after the epoch (classification; needs a validation set or split). */
    VALIDATION_ACCURACY(true);

    private final boolean higherIsBetter;

    Metric(boolean higherIsBetter) {
        this.higherIsBetter = higherIsBetter;
    }

    /** @return true for accuracies, false for losses */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** @return whether this metric needs a validation set */
    public boolean needsValidation() {
        return this == VALIDATION_LOSS || this == VALIDATION_ACCURACY;
    }

    /** @return whether this metric exists only for classification */
    public boolean needsClasses() {
        return this == TRAINING_ACCURACY || this == VALIDATION_ACCURACY;
    }

    /**
     * @param stats an epoch's statistics
     * @return this metric's value in it
     */
    public double of(EpochStats stats) {
        return switch (this) {
            case TRAINING_LOSS -> stats.trainLoss();
            case TRAINING_ACCURACY -> stats.trainAccuracy();
            case VALIDATION_LOSS -> stats.validationLoss();
            case VALIDATION_ACCURACY -> stats.validationAccuracy();
        };
    }
}
