package org.simdnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simdnn.cli.ChildProcessCli.Child;
import org.simdnn.cli.ChildProcessCli.Result;
import org.simdnn.dsl.Network;

/** Ctrl-C and kill during {@code simdnn train}, on a real child process. */
class TrainInterruptProcessTest {

    private static final String[] RUN = {
        "--epochs", "12", "--batch", "8", "--seed", "5", "--threads", "1", "--no-progress"
    };

    /**
     * The default (vector) backend: its kernels give the same bits before and after C2 compiles them (core's
     * TierDeterminismTest), so a run resumed in another process reaches the uninterrupted run's weights. Before
     * that was fixed, two uninterrupted runs of this length already differed from one process to the next.
     */
    private static final List<String> BACKEND = List.of();

    @TempDir
    Path cwd;

    @Test
    void sigintKeepsTheLastCheckpointAndThePrintedResumeCommandReachesTheUninterruptedWeights() throws Exception {
        Result cut = interruptAfterFirstCheckpoint("INT", "cut");
        assertEquals(130, cut.status(), cut.out() + cut.err());
        assertEquals(1, cut.errLinesWithoutScalarWarning().size(), cut.err());
        assertFalse(cut.err().contains("Exception"), cut.err());
        assertEquals(List.of(), tempFiles(), "no temporary file left");
        assertTrue(Files.exists(cwd.resolve("cut/checkpoint.simdnn")));
        assertFalse(Files.exists(cwd.resolve("cut/model.simdnn")), "no model of a half-trained run");

        // the line ends with the command that continues the run
        String marker = "continue with: ./simdnn ";
        String line = cut.errLinesWithoutScalarWarning().getFirst();
        int at = line.indexOf(marker);
        assertTrue(at > 0, line);
        List<String> resume =
                List.of(line.substring(at + marker.length()).strip().split(" "));
        assertTrue(resume.contains("--resume"), resume.toString());
        Result rest = ChildProcessCli.run(cwd, BACKEND, resume.toArray(String[]::new));
        assertEquals(0, rest.status(), rest.out() + rest.err());

        Result straight = ChildProcessCli.run(cwd, BACKEND, concat(new String[] {"train", "--out", "straight"}, RUN));
        assertEquals(0, straight.status(), straight.err());
        float[] x = DataSources.digits().test().features();
        int rows = DataSources.digits().test().size();
        assertArrayEquals(
                Network.load(cwd.resolve("straight/model.simdnn")).predict(x, rows),
                Network.load(cwd.resolve("cut/model.simdnn")).predict(x, rows),
                "bit-identical to the uninterrupted run");
        assertArrayEquals(
                Files.readAllBytes(cwd.resolve("straight/model.simdnn")),
                Files.readAllBytes(cwd.resolve("cut/model.simdnn")),
                "the same model file, byte for byte");
    }

    @Test
    void sigtermStopsTheSameWayWithExitCode143() throws Exception {
        Result cut = interruptAfterFirstCheckpoint("TERM", "term");
        assertEquals(143, cut.status(), cut.out() + cut.err());
        assertEquals(1, cut.errLinesWithoutScalarWarning().size(), cut.err());
        assertTrue(cut.err().contains("--resume term/checkpoint.simdnn"), cut.err());
        assertEquals(List.of(), tempFiles());
    }

    private Result interruptAfterFirstCheckpoint(String signal, String out) throws Exception {
        Child child = ChildProcessCli.start(cwd, BACKEND, concat(new String[] {"train", "--out", out}, RUN));
        Path checkpoint = cwd.resolve(out).resolve("checkpoint.simdnn");
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Files.exists(checkpoint) && child.process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertTrue(child.process.isAlive(), "still training when the first checkpoint exists");
        child.signal(signal);
        return child.finish();
    }

    private List<Path> tempFiles() throws Exception {
        try (Stream<Path> files = Files.walk(cwd)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp"))
                    .toList();
        }
    }

    private static String[] concat(String[] a, String[] b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }
}
