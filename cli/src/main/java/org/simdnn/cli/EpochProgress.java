package org.simdnn.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;
import org.simdnn.dsl.EpochEvent;
import org.simdnn.dsl.EpochStats;
import org.simdnn.dsl.StepEvent;
import org.simdnn.dsl.TrainingHistory;
import org.simdnn.dsl.TrainingListener;

/**
 * What {@code train} shows while it trains: a live progress bar per epoch (on standard error, only when asked or
 * on a terminal) and one table row per finished epoch (on standard output): train loss, train accuracy, test
 * accuracy, samples/s, epoch seconds.
 */
final class EpochProgress implements TrainingListener {

    /** One finished epoch, as printed. */
    record Row(int epoch, double trainLoss, double trainAccuracy, double testAccuracy, double samplesPerSecond,
               double seconds) {
    }

    private final PrintWriter out;
    private final @Nullable PrintStream barStream;
    private final int stepsPerEpoch;
    private final int epochs;
    private @Nullable ProgressBar bar;

    /**
     * @param out           where the table goes
     * @param barStream     where the progress bars go, or null for none
     * @param stepsPerEpoch optimizer steps in one epoch
     * @param epochs        epochs of the whole run
     */
    EpochProgress(PrintWriter out, @Nullable PrintStream barStream, int stepsPerEpoch, int epochs) {
        this.out = out;
        this.barStream = barStream;
        this.stepsPerEpoch = stepsPerEpoch;
        this.epochs = epochs;
    }

    static String header() {
        return String.format(Locale.ROOT, "%6s %11s %10s %10s %11s %8s", "epoch", "train loss", "train acc",
            "test acc", "samples/s", "epoch s");
    }

    static String format(Row r, int epochs) {
        return String.format(Locale.ROOT, "%6s %11.4f %10.4f %10.4f %11.0f %8.2f", (r.epoch() + 1) + "/" + epochs,
            r.trainLoss(), r.trainAccuracy(), r.testAccuracy(), r.samplesPerSecond(), r.seconds());
    }

    /** Prints the table header. */
    void start() {
        out.println(header());
        out.flush();
    }

    @Override
    public void onStep(StepEvent event) {
        if (barStream == null) {
            return;
        }
        if (bar == null) {
            bar = new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", event.epoch() + 1, epochs))
                .setInitialMax(stepsPerEpoch)
                .setUnit(" steps", 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(barStream))
                .continuousUpdate()
                .build();
        }
        bar.stepTo(event.step() + 1L);
        bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", event.loss()));
    }

    @Override
    public void onEpoch(EpochEvent event) {
        if (bar != null) {
            bar.stepTo(stepsPerEpoch);
            bar.close();
            bar = null;
        }
        Row row = new Row(event.epoch(), event.loss(), event.accuracy(), event.validationAccuracy(),
            event.samplesPerSecond(), event.seconds());
        out.println(format(row, epochs));
        out.flush();
    }

    /** The rows of a whole run (when resuming, the checkpoint's epochs too). */
    static List<Row> rows(TrainingHistory history) {
        List<Row> rows = new ArrayList<>();
        for (EpochStats e : history.epochs()) {
            rows.add(new Row(e.epoch(), e.trainLoss(), e.trainAccuracy(), e.validationAccuracy(), e.samplesPerSecond(),
                e.seconds()));
        }
        return rows;
    }
}
