package org.simdnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simdnn.cli.ChildProcessCli.Result;

/**
 * {@code simdnn train} as a process, for what goes wrong: bad flags, unusable output folders, diverging training.
 * Each case: the exit code, one line on standard error, no stack trace and no stray file.
 */
class TrainProcessTest {

    @TempDir
    Path cwd;

    private List<Path> leftovers() throws Exception {
        try (Stream<Path> files = Files.walk(cwd)) {
            return files.filter(p -> !p.equals(cwd)).toList();
        }
    }

    @Test
    void batchZeroIsRefusedBeforeAnythingIsReadOrCreated() throws Exception {
        Result r = ChildProcessCli.run(cwd, "train", "--batch", "0");
        r.assertOneLineError(SimdnnCli.EXIT_BAD_INPUT, "simdnn train: --batch must be at least 1, got 0");
        assertEquals(List.of(), leftovers(), "no runs/ folder");
        assertFalse(r.out().contains("data:"), "refused before the data is loaded: " + r.out());
    }

    @Test
    void badEpochsAreRefusedBeforeTheDataIsLoadedAndTheFolderCreated() throws Exception {
        for (String epochs : new String[] {"0", "-1"}) {
            // the data does not exist: the flag is reported, because it is checked first
            Result r = ChildProcessCli.run(cwd, "train", "--epochs", epochs, "--data", "missing.csv");
            r.assertOneLineError(SimdnnCli.EXIT_BAD_INPUT, "simdnn train: --epochs must be at least 1, got " + epochs);
            assertEquals(List.of(), leftovers(), "no runs/ folder");
        }
        Result lr = ChildProcessCli.run(cwd, "train", "--lr", "-0.5");
        lr.assertOneLineError(SimdnnCli.EXIT_BAD_INPUT, "simdnn train: --lr must be a finite number > 0, got -0.5");
        Result threads = ChildProcessCli.run(cwd, "train", "--threads", "0");
        threads.assertOneLineError(SimdnnCli.EXIT_BAD_INPUT, "simdnn train: --threads must be at least 1, got 0");
        Result resume = ChildProcessCli.run(cwd, "train", "--resume", "nothing-here.simdnn");
        resume.assertOneLineError(SimdnnCli.EXIT_BAD_INPUT, "simdnn train: --resume nothing-here.simdnn: no such file");
        assertEquals(List.of(), leftovers());
    }

    @Test
    void anOutputFolderThatIsAFileIsNamedWithTheReason() throws Exception {
        Path file = Files.writeString(cwd.resolve("notes.txt"), "keep me");
        Result r = ChildProcessCli.run(cwd, "train", "--out", "notes.txt");
        r.assertOneLineError(SimdnnCli.EXIT_BAD_INPUT, "simdnn train: --out notes.txt: it is a file, not a folder");
        assertEquals("keep me", Files.readString(file));
        Result below = ChildProcessCli.run(cwd, "train", "--out", "notes.txt/run");
        below.assertOneLineError(
                SimdnnCli.EXIT_BAD_INPUT, "simdnn train: --out notes.txt/run: notes.txt is a file, not a folder");
        assertEquals(List.of(file), leftovers());
    }

    @Test
    void aReadOnlyOutputFolderIsRefusedUpFrontWithTheReason() throws Exception {
        Path folder = Files.createDirectory(cwd.resolve("ro"));
        ReadOnly readOnly = ReadOnly.make(folder);
        try {
            Result r = ChildProcessCli.run(cwd, "train", "--out", "ro", "--no-progress");
            r.assertOneLineError(SimdnnCli.EXIT_BAD_INPUT, "simdnn train: --out ro: cannot write in this folder (");
            assertFalse(r.err().contains(".tmp"), r.err());
            assertFalse(r.out().contains("data:"), "refused before the data is loaded: " + r.out());
        } finally {
            readOnly.undo();
        }
        assertEquals(List.of(folder), leftovers());
    }

    @Test
    void divergenceGivesTheEpochAndStepInOneLineAndKeepsTheLastGoodCheckpoint() throws Exception {
        Path out = cwd.resolve("run");
        Result good =
                ChildProcessCli.run(cwd, "train", "--preset", "mlp", "--epochs", "1", "--out", "run", "--no-progress");
        assertEquals(0, good.status(), good.err());
        byte[] checkpoint = Files.readAllBytes(out.resolve("checkpoint.simdnn"));
        byte[] model = Files.readAllBytes(out.resolve("model.simdnn"));

        // epoch 2 of the same run, at a learning rate that overflows
        Result r = ChildProcessCli.run(
                cwd,
                "train",
                "--preset",
                "mlp",
                "--epochs",
                "2",
                "--lr",
                "1e6",
                "--out",
                "run",
                "--no-progress",
                "--resume",
                "run/checkpoint.simdnn");
        r.assertOneLineError(SimdnnCli.EXIT_BAD_INPUT, "simdnn train: the training loss became ");
        assertTrue(r.err().contains("in epoch 2/2, step ") && r.err().contains("--lr"), r.err());
        assertTrue(r.err().contains("run/checkpoint.simdnn (after epoch 1) is kept"), r.err());
        assertArrayEquals(checkpoint, Files.readAllBytes(out.resolve("checkpoint.simdnn")), "checkpoint kept");
        assertArrayEquals(model, Files.readAllBytes(out.resolve("model.simdnn")), "the earlier model is not touched");
        assertEquals(List.of(), tempFiles());

        Result adam = ChildProcessCli.run(
                cwd,
                "train",
                "--preset",
                "mlp",
                "--lr",
                "1e30",
                "--optimizer",
                "adam",
                "--out",
                "adam",
                "--no-progress");
        adam.assertOneLineError(SimdnnCli.EXIT_BAD_INPUT, "simdnn train: the training loss became ");
        assertTrue(
                adam.err().contains("in epoch 1/20, step ") && adam.err().contains("no checkpoint was written"),
                adam.err());
        assertFalse(Files.exists(cwd.resolve("adam")), "a run that saved nothing leaves no empty folder");
    }

    @Test
    void aRunThatLearnedNothingEndsWithOneWarning() throws Exception {
        Result r = ChildProcessCli.run(
                cwd, "train", "--preset", "mlp-bn", "--lr", "1e6", "--epochs", "3", "--out", "run", "--no-progress");
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("simdnn train: warning: "), r.err());
        assertTrue(r.err().contains("chance"), r.err());
        Result fine = ChildProcessCli.run(cwd, "train", "--epochs", "3", "--out", "fine", "--no-progress");
        assertEquals(0, fine.status(), fine.err());
        assertEquals("", fine.err(), "a run that learned prints nothing on stderr");
    }

    private List<Path> tempFiles() throws Exception {
        try (Stream<Path> files = Files.walk(cwd)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp"))
                    .toList();
        }
    }
}
