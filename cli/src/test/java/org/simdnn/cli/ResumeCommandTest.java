package org.simdnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResumeCommandTest {

    @Test
    void keepsTheUsersFlagsAndPointsOutAndResumeAtTheRun() {
        assertEquals(
                "./simdnn train --epochs 30 --data 'my data.csv' --out runs/a --resume runs/a/checkpoint.simdnn",
                ResumeCommand.of(
                        List.of("--epochs", "30", "--out=old", "--data", "my data.csv", "--resume", "x.simdnn"),
                        Path.of("runs/a"),
                        Path.of("runs/a/checkpoint.simdnn")));
        assertEquals("'it'\\''s'", ResumeCommand.quote("it's"));
    }
}
