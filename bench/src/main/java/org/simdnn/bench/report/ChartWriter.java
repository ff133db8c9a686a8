package org.simdnn.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of a report, drawn with XChart (headless): per family, one panel per kernel with throughput against
 * size for the vector kernel and its scalar twin (GB/s by the byte-counting rule, the copy bandwidth as a line);
 * SGEMM GFLOP/s against size; and a roofline of the kernels (nominal GFLOP/s against arithmetic intensity, flops per
 * logical byte) under the measured copy-bandwidth and FMA lines.
 */
final class ChartWriter {
    private static final int PANEL_W = 420;
    private static final int PANEL_H = 300;
    private static final Color VECTOR = new Color(0x1f77b4);
    private static final Color SCALAR = new Color(0xd62728);
    private static final Color CEILING = new Color(0x555555);

    private final ReportData data;
    private final Path dir;

    ChartWriter(ReportData data, Path dir) {
        this.data = data;
        this.dir = dir;
    }

    /** Writes every chart the data allows; returns chart title -> file, in report order. */
    Map<String, Path> writeAll(List<String> kernelFamilies) {
        Map<String, Path> out = new LinkedHashMap<>();
        try {
            Files.createDirectories(dir);
            for (String family : kernelFamilies) {
                Path p = familyChart(family);
                if (p != null) {
                    out.put(family + ": throughput vs size", p);
                }
            }
            Path g = gemmChart();
            if (g != null) {
                out.put("SGEMM: GFLOP/s vs size", g);
            }
            Path r = roofline();
            if (r != null) {
                out.put("Roofline", r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write charts to " + dir, e);
        }
        return out;
    }

    private XYChart chart(String title, String x, String y, int w, int h) {
        XYChart c = new XYChartBuilder()
                .width(w)
                .height(h)
                .title(title)
                .xAxisTitle(x)
                .yAxisTitle(y)
                .build();
        XYStyler s = c.getStyler();
        s.setXAxisLogarithmic(true);
        s.setYAxisLogarithmic(true);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setLegendBorderColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(0xe6e6e6));
        s.setPlotGridLinesStroke(new BasicStroke(0.6f));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setMarkerSize(6);
        s.setAntiAlias(true);
        return c;
    }

    private static void line(XYSeries s, Color color, boolean dashed) {
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineStyle(
                dashed
                        ? new BasicStroke(
                                1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)
                        : new BasicStroke(2f));
    }

    private static void ceiling(XYChart c, String name, double x0, double x1, double y) {
        XYSeries s = c.addSeries(name, new double[] {x0, x1}, new double[] {y, y});
        s.setLineColor(CEILING);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(
                new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0f));
    }

    /** One panel per kernel of the family (reference loops and unfused baselines left out). */
    private @Nullable Path familyChart(String family) throws IOException {
        Map<String, List<KernelTables.Pair>> byMethod = new LinkedHashMap<>();
        for (KernelTables.Pair p : KernelTables.pairs(data, family)) {
            KernelCatalog.Kernel k = KernelCatalog.lookup(family, p.method());
            if (k == null
                    || k.bound() == KernelCatalog.Bound.REFERENCE
                    || p.vector() == null
                    || KernelTables.bandwidth(p.vector()) == null) {
                continue;
            }
            byMethod.computeIfAbsent(p.method(), m -> new ArrayList<>()).add(p);
        }
        if (byMethod.isEmpty()) {
            return null;
        }
        List<XYChart> panels = new ArrayList<>();
        for (Map.Entry<String, List<KernelTables.Pair>> e : byMethod.entrySet()) {
            XYChart c = chart(e.getKey(), "elements per call", "GB/s (logical)", PANEL_W, PANEL_H);
            series(c, "vector", e.getValue(), true);
            series(c, "scalar twin", e.getValue(), false);
            Estimate copy = data.copyFor(e.getValue().get(0).vector());
            if (copy != null) {
                double[] xs = xRange(e.getValue());
                ceiling(c, "copy " + Fmt.num(copy.value()) + " GB/s", xs[0], xs[1], copy.value());
            }
            panels.add(c);
        }
        int cols = Math.min(4, panels.size());
        int rows = (panels.size() + cols - 1) / cols;
        while (panels.size() < rows * cols) {
            XYChart blank = new XYChartBuilder().width(PANEL_W).height(PANEL_H).build();
            blank.getStyler().setChartBackgroundColor(Color.WHITE);
            blank.getStyler().setPlotBorderVisible(false);
            blank.getStyler().setAxisTicksVisible(false);
            blank.getStyler().setLegendVisible(false);
            blank.getStyler().setPlotBackgroundColor(Color.WHITE);
            blank.getStyler().setPlotGridLinesVisible(false);
            panels.add(blank);
        }
        Path file = dir.resolve(family + ".png");
        BitmapEncoder.saveBitmap(panels, rows, cols, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }

    private static double[] xRange(List<KernelTables.Pair> pairs) {
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (KernelTables.Pair p : pairs) {
            JmhRow r = p.vector() != null ? p.vector() : p.scalar();
            double n = KernelCatalog.elements(r);
            lo = Math.min(lo, n);
            hi = Math.max(hi, n);
        }
        return lo == hi ? new double[] {lo / 2, hi * 2} : new double[] {lo, hi};
    }

    private static void series(XYChart c, String name, List<KernelTables.Pair> pairs, boolean vector) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (KernelTables.Pair p : pairs) {
            JmhRow r = vector ? p.vector() : p.scalar();
            if (r == null) {
                continue;
            }
            Estimate bw = KernelTables.bandwidth(r);
            xs.add((double) KernelCatalog.elements(r));
            ys.add(bw.value());
        }
        if (!xs.isEmpty()) {
            line(c.addSeries(name, xs, ys), vector ? VECTOR : SCALAR, !vector);
        }
    }

    /** SGEMM at square sizes: vector per op, scalar twin and EJML (NN), with the FMA ceiling. */
    private @Nullable Path gemmChart() throws IOException {
        Map<String, TreeMap<Integer, Double>> series = new LinkedHashMap<>();
        Estimate fma = null;
        for (GemmTables.Cell c : GemmTables.cells(data)) {
            if (!c.threads().equals("1") || c.shape().contains(":")) {
                continue;
            }
            int size = Integer.parseInt(c.shape());
            if (c.vector() != null) {
                series.computeIfAbsent("simdnn vector " + c.op(), k -> new TreeMap<>())
                        .put(size, GemmTables.gflops(c.vector()).value());
                fma = data.fmaFor(c.vector());
            }
            if (c.scalar() != null && c.op().equals("NN")) {
                series.computeIfAbsent("scalar twin NN", k -> new TreeMap<>())
                        .put(size, GemmTables.gflops(c.scalar()).value());
            }
            if (c.ejml() != null && c.op().equals("NN")) {
                series.computeIfAbsent("EJML NN", k -> new TreeMap<>())
                        .put(size, GemmTables.gflops(c.ejml()).value());
            }
        }
        if (series.isEmpty()) {
            return null;
        }
        XYChart c = chart("SGEMM, one thread", "m = n = k", "GFLOP/s", 800, 500);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        Color[] colors = {VECTOR, new Color(0x2ca02c), new Color(0x9467bd), SCALAR, new Color(0xff7f0e)};
        int i = 0;
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (Map.Entry<String, TreeMap<Integer, Double>> e : series.entrySet()) {
            List<Double> xs = new ArrayList<>();
            e.getValue().keySet().forEach(k -> xs.add((double) k));
            lo = Math.min(lo, xs.get(0));
            hi = Math.max(hi, xs.get(xs.size() - 1));
            line(
                    c.addSeries(e.getKey(), xs, new ArrayList<>(e.getValue().values())),
                    colors[i % colors.length],
                    !e.getKey().startsWith("simdnn"));
            i++;
        }
        if (fma != null) {
            ceiling(c, "FMA loop " + Fmt.num(fma.value()), lo, hi, fma.value());
        }
        Path file = dir.resolve("gemm.png");
        BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }

    /**
     * Roofline: each vector kernel at its largest measured size (labelled) and at its smallest (unlabelled), and the
     * vector GEMM shapes, under min(intensity x copy bandwidth, FMA peak).
     */
    private @Nullable Path roofline() throws IOException {
        Estimate copy = null;
        Estimate fma = null;
        Map<String, JmhRow> largest = new LinkedHashMap<>();
        Map<String, JmhRow> smallest = new LinkedHashMap<>();
        List<JmhRow> gemms = new ArrayList<>();
        for (JmhRow r : data.rows()) {
            if (!"Vector".equals(r.variant())) {
                continue;
            }
            KernelCatalog.Kernel k = KernelCatalog.lookup(r.family(), r.method());
            Double flops = KernelCatalog.flops(r);
            Double bytes = KernelCatalog.bytes(r);
            if (k == null || k.bound() == KernelCatalog.Bound.REFERENCE || flops == null || bytes == null) {
                continue;
            }
            copy = copy == null ? data.copyFor(r) : copy;
            fma = fma == null ? data.fmaFor(r) : fma;
            if (KernelCatalog.gemmFlops(r) != null) {
                if (r.param("threads") == null || r.param("threads").equals("1")) {
                    gemms.add(r);
                }
                continue;
            }
            String key = r.family() + "." + r.method();
            long n = KernelCatalog.elements(r);
            if (!largest.containsKey(key) || KernelCatalog.elements(largest.get(key)) < n) {
                largest.put(key, r);
            }
            if (!smallest.containsKey(key) || KernelCatalog.elements(smallest.get(key)) > n) {
                smallest.put(key, r);
            }
        }
        if (copy == null || fma == null || (largest.isEmpty() && gemms.isEmpty())) {
            return null;
        }
        XYChart c = chart(
                "Roofline (vector kernels, one thread)",
                "arithmetic intensity (nominal flop per logical byte)",
                "GFLOP/s (nominal)",
                1000,
                700);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        c.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
        double x0 = 0.01;
        double x1 = 1000;
        double ridge = fma.value() / copy.value();
        XYSeries roof = c.addSeries(
                "min(AI x copy " + Fmt.num(copy.value()) + " GB/s, FMA " + Fmt.num(fma.value()) + " GFLOP/s)",
                new double[] {x0, ridge, x1},
                new double[] {x0 * copy.value(), fma.value(), fma.value()});
        roof.setLineColor(CEILING);
        roof.setMarker(SeriesMarkers.NONE);
        roof.setLineStyle(new BasicStroke(1.5f));
        points(c, "kernels, largest size", largest.values(), VECTOR, true);
        points(c, "kernels, smallest size", smallest.values(), new Color(0x17becf), false);
        points(c, "SGEMM / dense (square and layer shapes)", gemms, new Color(0x2ca02c), false);
        Path file = dir.resolve("roofline.png");
        BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }

    private static void points(XYChart c, String name, Iterable<JmhRow> rows, Color color, boolean label) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (JmhRow r : rows) {
            double ai = KernelCatalog.flops(r) / KernelCatalog.bytes(r);
            double g = KernelTables.gflops(r).value();
            xs.add(ai);
            ys.add(g);
            if (label) {
                c.addAnnotation(new AnnotationText(r.method(), ai, g * 1.12, false));
            }
        }
        if (xs.isEmpty()) {
            return;
        }
        XYSeries s = c.addSeries(name, xs, ys);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
    }
}
