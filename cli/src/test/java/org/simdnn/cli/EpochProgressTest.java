package org.simdnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.simdnn.dsl.Dataset;
import org.simdnn.dsl.FitOptions;
import org.simdnn.dsl.Network;

/**
 * The progress bar and the epoch table share one terminal: standard error for the bar, standard output for the
 * rows. The test sends both to one fake terminal that honours carriage returns and line erases, and looks at the
 * screen.
 */
class EpochProgressTest {

    /** A terminal of unbounded height: '\r' returns to column 0, ESC [ n K erases, '\n' moves down a line. */
    static final class FakeTerminal extends ByteArrayOutputStream {
        List<String> screen() {
            String text = toString(StandardCharsets.UTF_8);
            List<StringBuilder> lines = new ArrayList<>(List.of(new StringBuilder()));
            int col = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                StringBuilder line = lines.getLast();
                if (c == '\r') {
                    col = 0;
                } else if (c == '\n') {
                    lines.add(new StringBuilder());
                    col = 0;
                } else if (c == '\u001b' && i + 1 < text.length() && text.charAt(i + 1) == '[') {
                    int end = i + 2;
                    while (end < text.length() && !Character.isLetter(text.charAt(end))) {
                        end++;
                    }
                    String arg = text.substring(i + 2, end);
                    if (end < text.length() && text.charAt(end) == 'K') {
                        if (arg.equals("2")) {
                            line.setLength(0);
                        } else if (col < line.length()) {
                            line.setLength(col);
                        }
                    }
                    i = end;
                } else {
                    while (line.length() < col) {
                        line.append(' ');
                    }
                    if (col < line.length()) {
                        line.setCharAt(col, c);
                    } else {
                        line.append(c);
                    }
                    col++;
                }
            }
            return lines.stream().map(b -> b.toString().stripTrailing()).toList();
        }
    }

    @Test
    void aTrainingRunLeavesOnlyTheTableOnTheScreen() throws Exception {
        FakeTerminal terminal = new FakeTerminal();
        PrintStream err = new PrintStream(terminal, true, StandardCharsets.UTF_8);
        PrintWriter out = new PrintWriter(new OutputStreamWriter(terminal, StandardCharsets.UTF_8), true);
        Dataset train = DataSources.digits().train();
        int epochs = 3;
        int steps = (train.size() + 63) / 64;
        EpochProgress table = new EpochProgress(out, err, steps, epochs);
        Network net = Presets.of("mlp").build(train.featureCount(), train.classCount(), 1);
        table.start();
        net.fit(train, new FitOptions().epochs(epochs).batchSize(64).listener(table));
        out.flush();
        err.flush();
        List<String> screen = terminal.screen();
        assertEquals(EpochProgress.header(), screen.get(0), String.join("\n", screen));
        for (int e = 1; e <= epochs; e++) {
            assertTrue(screen.get(e).startsWith(String.format("%6s ", e + "/" + epochs)), String.join("\n", screen));
        }
        assertEquals(
                List.of(""),
                screen.subList(epochs + 1, screen.size()),
                "nothing but the table: no bar left above or below a row\n" + String.join("\n", screen));
    }

    @Test
    void theBarShowsTheRunningMeanLossAndIsDrawnAtMostOncePerInterval() {
        FakeTerminal terminal = new FakeTerminal();
        PrintStream err = new PrintStream(terminal, true, StandardCharsets.UTF_8);
        long[] nanos = {0};
        EpochProgress progress =
                new EpochProgress(new PrintWriter(new ByteArrayOutputStream()), err, 4, 20, () -> nanos[0]);
        progress.step(2, 0, 4f, 32);
        assertEquals(
                List.of("epoch 3/20 [######                   ]  1/4 steps  loss 4.0000"),
                terminal.screen(),
                "the first step is drawn at once");
        nanos[0] += 10_000_000;
        progress.step(2, 1, 2f, 32);
        assertEquals(
                "epoch 3/20 [######                   ]  1/4 steps  loss 4.0000",
                terminal.screen().get(0),
                "10 ms later: not redrawn");
        nanos[0] += 200_000_000;
        progress.step(2, 2, 0f, 32);
        assertEquals(
                List.of("epoch 3/20 [##################       ]  3/4 steps  loss 2.0000"),
                terminal.screen(),
                "the mean over the epoch's samples, not the last batch's 0");
        progress.endOfEpoch();
        assertEquals(List.of(""), terminal.screen(), "cleared when the epoch ends");
    }
}
