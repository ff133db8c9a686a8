package org.simdnn.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.simdnn.dsl.EpochEvent;
import org.simdnn.dsl.EpochStats;
import org.simdnn.dsl.StepEvent;
import org.simdnn.dsl.TrainingHistory;
import org.simdnn.dsl.TrainingListener;

/**
 * What {@code train} shows while it trains: one table row per finished epoch on standard output (train loss, train
 * accuracy, test accuracy, samples/s, epoch seconds) and, when asked or on a terminal, a progress bar of the epoch
 * in progress on standard error. The bar is one line redrawn in place with a carriage return, showing the mean
 * loss of the epoch so far; it is erased before its epoch's row is printed, so the screen ends up holding the table
 * alone. Drawn on the training thread (no timer thread that could draw after the row), at most every 100 ms.
 */
final class EpochProgress implements TrainingListener {

    /** One finished epoch, as printed. */
    record Row(
            int epoch,
            double trainLoss,
            double trainAccuracy,
            double testAccuracy,
            double samplesPerSecond,
            double seconds) {}

    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR_WIDTH = 25;

    private final PrintWriter out;
    private final @Nullable PrintStream barStream;
    private final int stepsPerEpoch;
    private final int epochs;
    private final LongSupplier nanoClock;
    private int barEpoch = -1;
    private double lossSum;
    private long samples;
    private long lastDraw;
    private int drawnLength;

    /**
     * @param out           where the table goes
     * @param barStream     where the progress bar goes, or null for none
     * @param stepsPerEpoch optimizer steps in one epoch
     * @param epochs        epochs of the whole run
     */
    EpochProgress(PrintWriter out, @Nullable PrintStream barStream, int stepsPerEpoch, int epochs) {
        this(out, barStream, stepsPerEpoch, epochs, System::nanoTime);
    }

    /** As above, with the clock that paces redraws (tests pass a fake one). */
    EpochProgress(
            PrintWriter out, @Nullable PrintStream barStream, int stepsPerEpoch, int epochs, LongSupplier nanoClock) {
        this.out = out;
        this.barStream = barStream;
        this.stepsPerEpoch = stepsPerEpoch;
        this.epochs = epochs;
        this.nanoClock = nanoClock;
    }

    static String header() {
        return String.format(
                Locale.ROOT,
                "%6s %11s %10s %10s %11s %8s",
                "epoch",
                "train loss",
                "train acc",
                "test acc",
                "samples/s",
                "epoch s");
    }

    static String format(Row r, int epochs) {
        return String.format(
                Locale.ROOT,
                "%6s %11.4f %10.4f %10.4f %11.0f %8.2f",
                (r.epoch() + 1) + "/" + epochs,
                r.trainLoss(),
                r.trainAccuracy(),
                r.testAccuracy(),
                r.samplesPerSecond(),
                r.seconds());
    }

    /** Prints the table header. */
    void start() {
        out.println(header());
        out.flush();
    }

    @Override
    public void onStep(StepEvent event) {
        step(event.epoch(), event.step(), event.loss(), event.batchSize());
    }

    /** A finished step: adds its loss to the epoch's running mean and redraws the bar when it is due. */
    void step(int epoch, int step, float loss, int rows) {
        if (barStream == null) {
            return;
        }
        long now = nanoClock.getAsLong();
        boolean first = epoch != barEpoch;
        if (first) {
            barEpoch = epoch;
            lossSum = 0;
            samples = 0;
        }
        lossSum += (double) loss * rows;
        samples += rows;
        if (first || now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(epoch, step + 1, lossSum / samples);
        }
    }

    private void draw(int epoch, int stepsDone, double meanLoss) {
        int filled = (int) Math.min(BAR_WIDTH, (long) BAR_WIDTH * stepsDone / stepsPerEpoch);
        String line = String.format(
                Locale.ROOT,
                "epoch %d/%d [%s%s]  %d/%d steps  loss %.4f",
                epoch + 1,
                epochs,
                "#".repeat(filled),
                " ".repeat(BAR_WIDTH - filled),
                stepsDone,
                stepsPerEpoch,
                meanLoss);
        // pad over a longer previous line (the loss may lose a digit)
        String pad = " ".repeat(Math.max(0, drawnLength - line.length()));
        barStream.print("\r" + line + pad);
        barStream.flush();
        drawnLength = line.length();
    }

    /** Erases the bar, leaving the cursor at the start of its line for the row (or whatever comes next). */
    void endOfEpoch() {
        if (barStream != null && drawnLength > 0) {
            barStream.print("\r" + " ".repeat(drawnLength) + "\r");
            barStream.flush();
        }
        drawnLength = 0;
        barEpoch = -1;
    }

    @Override
    public void onEpoch(EpochEvent event) {
        endOfEpoch();
        Row row = new Row(
                event.epoch(),
                event.loss(),
                event.accuracy(),
                event.validationAccuracy(),
                event.samplesPerSecond(),
                event.seconds());
        out.println(format(row, epochs));
        out.flush();
    }

    /** The rows of a whole run (when resuming, the checkpoint's epochs too). */
    static List<Row> rows(TrainingHistory history) {
        List<Row> rows = new ArrayList<>();
        for (EpochStats e : history.epochs()) {
            rows.add(new Row(
                    e.epoch(),
                    e.trainLoss(),
                    e.trainAccuracy(),
                    e.validationAccuracy(),
                    e.samplesPerSecond(),
                    e.seconds()));
        }
        return rows;
    }
}
