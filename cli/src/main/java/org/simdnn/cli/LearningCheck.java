package org.simdnn.cli;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Whether a finished run learned anything. A learning rate far too high can leave every loss finite (batch norm
 * rescues the forward pass) and the run "succeeds" at chance accuracy; that deserves a warning, not silence.
 */
final class LearningCheck {

    /** Accuracy at or below this multiple of chance (1 / classes) counts as not learned. */
    static final double CHANCE_FACTOR = 1.5;

    private LearningCheck() {}

    /** @return a one-line warning, or null when the run learned */
    static @Nullable String warning(List<EpochProgress.Row> rows, double testAccuracy, int classes) {
        if (rows.isEmpty()) {
            return null;
        }
        double first = rows.getFirst().trainLoss();
        double last = rows.getLast().trainLoss();
        double chance = 1.0 / classes;
        boolean lossRose = rows.size() > 1 && last > first;
        boolean atChance = testAccuracy <= CHANCE_FACTOR * chance;
        if (!lossRose && !atChance) {
            return null;
        }
        StringBuilder w = new StringBuilder("warning: this run did not learn: ");
        if (atChance) {
            w.append(String.format(
                    Locale.ROOT,
                    "test accuracy %.4f is at most %.1fx chance (%.4f for %d classes)",
                    testAccuracy,
                    CHANCE_FACTOR,
                    chance,
                    classes));
        }
        if (lossRose) {
            w.append(atChance ? "; " : "")
                    .append(String.format(
                            Locale.ROOT, "the final train loss %.4g is above epoch 1's %.4g", last, first));
        }
        return w.append("; try a lower --lr").toString();
    }
}
