package org.simdnn.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Which benchmarks a profile selects (nothing is run). */
class ProfileRunnerTest {

    private static List<String> names(List<ProfileRunner.Selected> s) {
        return s.stream().map(ProfileRunner.Selected::name).toList();
    }

    @Test
    void onlyFilterKeepsTheCeilingsOfTheRun() {
        List<ProfileRunner.Selected> s =
                ProfileRunner.select(Profile.QUICK, Pattern.compile("ReductionBench\\.Vector\\.dot$"), System.out);
        assertEquals(
                List.of(
                        "org.simdnn.bench.CeilingBench.copy256MiB",
                        "org.simdnn.bench.CeilingBench.fmaPeak",
                        "org.simdnn.bench.ReductionBench.Vector.dot"),
                names(s).stream().sorted().toList());
    }

    @Test
    void familiesMissingFromTheBuildAreSkippedWithANote() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<ProfileRunner.Selected> s =
                ProfileRunner.select(Profile.FULL, null, new PrintStream(log, true, StandardCharsets.UTF_8));
        boolean training = names(s).stream().anyMatch(n -> n.contains(".TrainingBench."));
        String note = log.toString(StandardCharsets.UTF_8);
        assertTrue(training || note.contains("TrainingBench is not in this build"), note);
    }

    @Test
    void countUsesTheProfilesValuesOrElseTheClasssOwn() {
        // quick: dot at one size (profile) on two variants; GemmBench.Vector at 2 shapes x the class's 3 ops
        List<ProfileRunner.Selected> dot = ProfileRunner.select(
                Profile.QUICK, Pattern.compile("ReductionBench\\.(Vector|Scalar)\\.dot$"), System.out);
        assertEquals(2 + 2, ProfileRunner.count(dot));
        List<ProfileRunner.Selected> gemm =
                ProfileRunner.select(Profile.QUICK, Pattern.compile("GemmBench\\.Vector\\."), System.out);
        assertEquals(2 + 2 * 3, ProfileRunner.count(gemm));
        // full: the class's four sizes
        List<ProfileRunner.Selected> full =
                ProfileRunner.select(Profile.FULL, Pattern.compile("ReductionBench\\.Vector\\.dot$"), System.out);
        assertEquals(2 + 4, ProfileRunner.count(full));
    }

    @Test
    void peersProfileMeasuresOnlyTheVectorBackend() {
        List<String> s = names(ProfileRunner.select(Profile.PEERS, null, System.out));
        assertTrue(s.contains("org.simdnn.bench.BatchNormBench.Vector.forwardTrainingRelu"), s.toString());
        assertTrue(s.stream().noneMatch(n -> n.contains(".Scalar.") || n.contains("Unfused")), s.toString());
    }
}
