package org.simdnn.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The figure of the batch-normalization experiment, drawn with XChart like Figure 1 of Ioffe and Szegedy (2015):
 * (a) test accuracy against training step for every arm, then one panel per arm with the 15th, 50th and 85th
 * percentiles of one last-hidden-layer sigmoid input against training step.
 */
final class ExperimentCharts {

    private static final Color[] ARM_COLORS = {
        new Color(0x1f, 0x77, 0xb4),
        new Color(0xd6, 0x27, 0x28),
        new Color(0x2c, 0xa0, 0x2c),
        new Color(0x94, 0x67, 0xbd)
    };
    private static final int PANEL_WIDTH = 640;
    private static final int PANEL_HEIGHT = 420;

    private ExperimentCharts() {}

    /**
     * Saves the figure as one PNG: the accuracy panel first, then one percentile panel per arm, two panels a row.
     *
     * @param arms   the curves, in legend order
     * @param title  what was trained (data set, steps), shown on the accuracy panel
     * @param steps  the steps of the run: every panel's x axis runs from 0 to it
     * @param file   the PNG to write
     */
    static void save(List<BnSigmoidExperiment.ArmResult> arms, String title, int steps, Path file) throws IOException {
        List<XYChart> panels = new ArrayList<>();
        panels.add(accuracyPanel(arms, title, steps));
        char letter = 'b';
        for (int i = 0; i < arms.size(); i++) {
            panels.add(percentilePanel(arms.get(i), "(" + letter++ + ") ", ARM_COLORS[i % ARM_COLORS.length], steps));
        }
        int columns = 2;
        int rows = (panels.size() + columns - 1) / columns;
        while (panels.size() < rows * columns) {
            panels.add(blankPanel());
        }
        BitmapEncoder.saveBitmap(panels, rows, columns, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    static XYChart accuracyPanel(List<BnSigmoidExperiment.ArmResult> arms, String title, int steps) {
        XYChart chart = new XYChartBuilder()
                .width(PANEL_WIDTH)
                .height(PANEL_HEIGHT)
                .title("(a) test accuracy, " + title)
                .xAxisTitle("training step")
                .yAxisTitle("test accuracy")
                .build();
        style(chart, steps);
        // below the plot, like the percentile panels' legends: inside, it covered a curve that stays low
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        double low = 1;
        for (int i = 0; i < arms.size(); i++) {
            BnSigmoidExperiment.ArmResult arm = arms.get(i);
            XYSeries s = chart.addSeries(arm.name(), arm.steps(), arm.testAccuracy());
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(ARM_COLORS[i % ARM_COLORS.length]);
            for (double a : arm.testAccuracy()) {
                low = Math.min(low, a);
            }
        }
        chart.getStyler().setYAxisMin(Math.max(0, Math.floor(low * 10) / 10));
        chart.getStyler().setYAxisMax(1.0);
        return chart;
    }

    /** Line styles of the 15th, 50th and 85th percentiles: dashed, solid and bold, dotted (one per series). */
    static final BasicStroke[] PERCENTILE_STROKES = {
        new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 4f}, 0f),
        new BasicStroke(2.2f),
        new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[] {0.5f, 3.5f}, 0f)
    };

    static XYChart percentilePanel(BnSigmoidExperiment.ArmResult arm, String prefix, Color color, int steps) {
        XYChart chart = new XYChartBuilder()
                .width(PANEL_WIDTH)
                .height(PANEL_HEIGHT)
                .title(prefix + arm.shortName() + ": input of " + arm.probedUnit())
                .xAxisTitle("training step")
                .yAxisTitle("input (15th / 50th / 85th percentile)")
                .build();
        style(chart, steps);
        // below the plot, in one row: inside, the legend sat on the curves wherever they ran high
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        String[] names = {"15th", "50th", "85th"};
        double[][] p = arm.percentiles();
        for (int q = 0; q < 3; q++) {
            XYSeries s = chart.addSeries(names[q], arm.steps(), p[q]);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(color);
            s.setLineStyle(PERCENTILE_STROKES[q]);
        }
        return chart;
    }

    private static XYChart blankPanel() {
        XYChart chart =
                new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).build();
        style(chart, 1);
        chart.getStyler().setAxisTicksVisible(false);
        chart.getStyler().setPlotBorderVisible(false);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(false);
        chart.addSeries(" ", new double[] {0}, new double[] {0})
                .setMarker(SeriesMarkers.NONE)
                .setLineColor(Color.WHITE);
        return chart;
    }

    private static void style(XYChart chart, int steps) {
        chart.getStyler().setXAxisTickMarkSpacingHint(120);
        // the axis spans the run, from step 0
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax((double) steps);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(0xdd, 0xdd, 0xdd));
        chart.getStyler().setLegendBorderColor(new Color(0xcc, 0xcc, 0xcc));
        chart.getStyler().setAntiAlias(true);
    }
}
