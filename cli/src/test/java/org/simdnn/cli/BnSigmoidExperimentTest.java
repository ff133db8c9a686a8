package org.simdnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simdnn.core.Simdnn;
import org.simdnn.dsl.Dataset;

/** The experiment's whole code path on a tiny budget (the full run is a documented command, not a test). */
class BnSigmoidExperimentTest {

    @TempDir
    Path dir;

    @Test
    void tinyRunWritesFigureSummaryAndCurves() throws Exception {
        CliRunner.Run run = CliRunner.run(
                "experiment",
                "bn-sigmoid",
                "--data",
                "digits",
                "--steps",
                "30",
                "--eval-every",
                "10",
                "--probe-unit",
                "3",
                "--out",
                dir.toString());
        assertEquals(0, run.status(), run.out() + run.err());
        BufferedImage png = ImageIO.read(dir.resolve("bn-sigmoid.png").toFile());
        assertNotNull(png, "a readable PNG");
        assertEquals(2 * 640, png.getWidth());
        assertEquals(2 * 420, png.getHeight());
        String summary = Files.readString(dir.resolve("summary.md"));
        for (BnSigmoidExperiment.Arm arm : BnSigmoidExperiment.Arm.values()) {
            assertTrue(summary.contains("| " + arm.label + " |"), summary);
        }
        assertTrue(summary.contains("unit 3 of the last hidden layer"), summary);
        List<String> curves = Files.readAllLines(dir.resolve("curves.csv"));
        // per arm: steps 1, 10, 20, 30
        assertEquals(1 + 3 * 4, curves.size(), String.join("\n", curves));
        for (String line : curves.subList(1, curves.size())) {
            String[] f = line.substring(line.lastIndexOf('"') + 2).split(",");
            double accuracy = Double.parseDouble(f[1]);
            assertTrue(accuracy >= 0 && accuracy <= 1, line);
            double p15 = Double.parseDouble(f[2]);
            double p50 = Double.parseDouble(f[3]);
            double p85 = Double.parseDouble(f[4]);
            assertTrue(p15 <= p50 && p50 <= p85, line);
        }
    }

    @Test
    void theEvaluationIntervalScalesWithTheSteps() throws Exception {
        CliRunner.Run run = CliRunner.run(
                "experiment",
                "bn-sigmoid",
                "--data",
                "digits",
                "--steps",
                "300",
                "--probe-unit",
                "3",
                "--out",
                dir.toString());
        assertEquals(0, run.status(), run.out() + run.err());
        List<String> curves = Files.readAllLines(dir.resolve("curves.csv"));
        List<Long> steps = curves.subList(1, curves.size()).stream()
                .filter(l -> l.startsWith("\"" + BnSigmoidExperiment.Arm.BN.label + "\""))
                .map(l -> Long.parseLong(l.substring(l.lastIndexOf('"') + 2).split(",")[0]))
                .toList();
        assertTrue(steps.size() >= 30, "a curve, not a few points: " + steps);
        assertTrue(steps.getFirst() <= 10, "starts near the beginning: " + steps);
        assertEquals(300, steps.getLast());
        assertEquals(BnSigmoidExperiment.defaultEvalEvery(5000), 100, "the documented run keeps its 50 points");
        assertEquals(BnSigmoidExperiment.defaultEvalEvery(300), 5);
        assertEquals(BnSigmoidExperiment.defaultEvalEvery(20), 1);
    }

    @Test
    void theSummaryDescribesTheRunThatWasMadeOnTheMachineThatMadeIt() {
        // 300 steps of a 1000-step epoch (Fashion-MNIST's size at batch 60)
        Dataset big = Dataset.classification(new float[60_000], 60_000, 1, new int[60_000], 10);
        Dataset test = Dataset.classification(new float[100], 100, 1, new int[100], 10);
        DataSources.Loaded fashion = new DataSources.Loaded("fashion-mnist", big, test, 255, "Fashion-MNIST");
        BnSigmoidExperiment.Settings short300 = new BnSigmoidExperiment.Settings(300, 60, 0.1f, 5, 42, 0, 100);
        List<BnSigmoidExperiment.ArmResult> arms = fakeArms(300, 5);
        String md = ExperimentReport.markdown(arms, fashion, short300, Simdnn.backend(), "bn-sigmoid.png", 0.2);
        assertFalse(md.contains("1 epoch"), "300 steps are not about an epoch:\n" + md);
        assertTrue(md.contains("0.3 epochs"), md);
        assertFalse(md.contains("shared/peers") || md.contains("machine was shared"), md);
        assertTrue(md.contains(Machine.cpu()) && md.contains("load average 0.20"), md);

        BnSigmoidExperiment.Settings epochs5 = new BnSigmoidExperiment.Settings(5000, 60, 0.1f, 100, 42, 0, 100);
        String full = ExperimentReport.markdown(
                fakeArms(5000, 100), fashion, epochs5, Simdnn.backend(), "bn-sigmoid.png", 3.5);
        assertTrue(full.contains("after 1 epoch (step 1000)"), full);
        assertTrue(full.contains("0.486 without BN"), "the PyTorch reference, for the settings it was measured at");
        assertTrue(full.contains("other work was running"), full);
        Dataset small = Dataset.classification(new float[1000], 1000, 1, new int[1000], 10);
        String digits = ExperimentReport.markdown(
                fakeArms(5000, 100),
                new DataSources.Loaded("digits", small, test, 16, "digits"),
                epochs5,
                Simdnn.backend(),
                "bn-sigmoid.png",
                0.2);
        assertFalse(digits.contains("0.486"), "no Fashion-MNIST reference for another data set:\n" + digits);
    }

    @Test
    void percentilePanelsTellTheirSeriesApartAndKeepTheLegendOffTheCurves() {
        var panel = ExperimentCharts.percentilePanel(fakeArms(300, 5).getFirst(), "(b) ", java.awt.Color.BLUE, 300);
        float[] p15 = panel.getSeries("15th").getLineStyle().getDashArray();
        float[] p85 = panel.getSeries("85th").getLineStyle().getDashArray();
        assertNotNull(p15);
        assertNotNull(p85);
        assertFalse(java.util.Arrays.equals(p15, p85), "15th and 85th percentiles in different dash styles");
        assertEquals(
                org.knowm.xchart.style.Styler.LegendPosition.OutsideS,
                panel.getStyler().getLegendPosition());
        assertEquals(0.0, panel.getStyler().getXAxisMin(), "the axis (and its ticks) start at step 0");
        assertEquals(300.0, panel.getStyler().getXAxisMax());
    }

    private static List<BnSigmoidExperiment.ArmResult> fakeArms(int steps, int every) {
        List<BnSigmoidExperiment.ArmResult> arms = new java.util.ArrayList<>();
        for (BnSigmoidExperiment.Arm arm : BnSigmoidExperiment.Arm.values()) {
            int n = steps / every;
            double[] at = new double[n];
            double[] acc = new double[n];
            double[][] p = new double[3][n];
            for (int i = 0; i < n; i++) {
                at[i] = (i + 1) * every;
                acc[i] = 0.5;
                p[0][i] = -1;
                p[2][i] = 1;
            }
            arms.add(new BnSigmoidExperiment.ArmResult(arm.label, arm.shortLabel, "sigmoid 0", at, acc, p, 1));
        }
        return arms;
    }

    @Test
    void percentilesInterpolateBetweenOrderStatistics() {
        float[] sorted = {1, 2, 3, 4, 5};
        assertEquals(1.6, BnSigmoidExperiment.percentile(sorted, 0.15), 1e-12);
        assertEquals(3.0, BnSigmoidExperiment.percentile(sorted, 0.50), 1e-12);
        assertEquals(4.4, BnSigmoidExperiment.percentile(sorted, 0.85), 1e-12);
        assertEquals(7.0, BnSigmoidExperiment.percentile(new float[] {7}, 0.85), 1e-12);
    }

    @Test
    void globalStandardizationUsesOneMeanAndStd() {
        var d = org.simdnn.dsl.Dataset.classification(new float[] {0, 2, 4, 6}, 2, 2, new int[] {0, 1}, 2);
        float[] ms = BnSigmoidExperiment.globalMeanStd(d);
        assertEquals(3f, ms[0]);
        assertEquals((float) Math.sqrt(5), ms[1]);
        var z = BnSigmoidExperiment.standardizeGlobally(d, ms);
        assertEquals(-3f / (float) Math.sqrt(5), z.features()[0]);
    }
}
