package org.simdnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The experiment's whole code path on a tiny budget (the full run is a documented command, not a test). */
class BnSigmoidExperimentTest {

    @TempDir
    Path dir;

    @Test
    void tinyRunWritesFigureSummaryAndCurves() throws Exception {
        CliRunner.Run run = CliRunner.run("experiment", "bn-sigmoid", "--data", "digits", "--steps", "30",
            "--eval-every", "10", "--probe-unit", "3", "--out", dir.toString());
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
        assertEquals(1 + 3 * 3, curves.size(), String.join("\n", curves));
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
