package org.simdnn.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.incubator.vector.FloatVector;

/**
 * Generates {@code BENCHMARKS.md} and its PNG charts from the JMH JSON of one results directory and the hand-kept
 * template. Run by {@code bench/report.sh} after a profile run; to regenerate without measuring:
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar org.simdnn.bench.report.ReportWriter \
 *     --results bench/results/full [--peers bench/results/peers/side-by-side.json] \
 *     [--template bench/report/BENCHMARKS.template.md] [--out BENCHMARKS.md] [--charts bench/report/charts]
 * }</pre>
 */
public final class ReportWriter {
    /** Kernel families reported as vector-vs-scalar tables, in report order. */
    static final List<String> KERNEL_FAMILIES =
            List.of("ReductionBench", "ColumnStatsBench", "ActivationBench", "LossBench", "OptimizerBench");

    private final ReportData data;
    private final Path out;
    private final Path chartsDir;
    private final String command;

    /**
     * A writer for one report.
     *
     * @param data the results
     * @param out the markdown file to write (chart links are made relative to its directory)
     * @param chartsDir where the PNG charts go
     * @param command the command that regenerates the report, quoted in it
     */
    public ReportWriter(ReportData data, Path out, Path chartsDir, String command) {
        this.data = data;
        this.out = out;
        this.chartsDir = chartsDir;
        this.command = command;
    }

    /** Command-line entry point; see the class comment for the options. */
    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, String> opts = options(args);
        Path results = Path.of(required(opts, "results"));
        Path template = Path.of(opts.getOrDefault("template", "bench/report/BENCHMARKS.template.md"));
        Path out = Path.of(opts.getOrDefault("out", "BENCHMARKS.md"));
        Path charts = Path.of(opts.getOrDefault("charts", "bench/report/charts"));
        Path peers = opts.containsKey("peers") ? Path.of(opts.get("peers")) : null;
        if (peers == null && Files.exists(Path.of("bench/results/peers/side-by-side.json"))) {
            peers = Path.of("bench/results/peers/side-by-side.json");
        }
        int lanes = opts.containsKey("lanes")
                ? Integer.parseInt(opts.get("lanes"))
                : FloatVector.SPECIES_PREFERRED.length();
        ReportData data = ReportData.read(results, peers, lanes, results.toString());
        String cmd = opts.getOrDefault("command", "bench/report.sh " + results.getFileName() + " --render-only");
        new ReportWriter(data, out, charts, cmd).write(Files.readString(template, StandardCharsets.UTF_8));
        System.out.println("report: " + out + " (charts in " + charts + ") from "
                + data.sources().size() + " result file(s) in " + results);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: ReportWriter --results DIR [--peers FILE] [--template FILE]"
                        + " [--out FILE] [--charts DIR] [--lanes N] [--command TEXT]; bad argument: " + args[i]);
            }
            m.put(args[i].substring(2), args[++i]);
        }
        return m;
    }

    private static String required(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required (e.g. --results bench/results/full)");
        }
        return v;
    }

    /** Fills the template, writes the report and the charts; returns the markdown. */
    public String write(String template) {
        String md = render(template, true);
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, md, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
        return md;
    }

    /** The filled template; charts are drawn (and linked) only when {@code charts} is true. */
    public String render(String template, boolean charts) {
        Map<String, Path> chartFiles = charts ? new ChartWriter(data, chartsDir).writeAll(chartFamilies()) : Map.of();
        return Template.fill(template, sections(chartFiles));
    }

    private List<String> chartFamilies() {
        List<String> f = new ArrayList<>(KERNEL_FAMILIES);
        f.add("BatchNormBench");
        return f;
    }

    private String link(Map<String, Path> charts, String titlePrefix) {
        StringBuilder sb = new StringBuilder();
        charts.forEach((title, file) -> {
            if (title.startsWith(titlePrefix)) {
                Path base = out.toAbsolutePath().getParent();
                String rel = base.relativize(file.toAbsolutePath()).toString().replace('\\', '/');
                sb.append("![").append(title).append("](").append(rel).append(")\n");
            }
        });
        return sb.toString();
    }

    Map<String, String> sections(Map<String, Path> charts) {
        Map<String, String> s = new LinkedHashMap<>();
        KernelTables kernels = new KernelTables(data);
        FusionTables fusion = new FusionTables(data);
        GemmTables gemm = new GemmTables(data);
        s.put(
                "generated-notice",
                "<!-- Generated by org.simdnn.bench.report.ReportWriter from " + data.resultsDir()
                        + " and bench/report/BENCHMARKS.template.md. Do not edit: change the template or re-run `"
                        + command
                        + "`. -->");
        s.put("command", "`" + command + "`");
        s.put("run", run());
        s.put("results-notes", data.notes());
        s.put("targets", new Targets(data).table());
        s.put("ceilings", ceilings());
        StringBuilder k = new StringBuilder();
        for (String family : KERNEL_FAMILIES) {
            String t = kernels.table(family);
            if (!t.isEmpty()) {
                k.append("### ")
                        .append(family)
                        .append("\n\n")
                        .append(link(charts, family + ":"))
                        .append('\n')
                        .append(t)
                        .append('\n');
            }
        }
        s.put("kernels", orNone(k.toString()));
        s.put("batchnorm", orNone(link(charts, "BatchNormBench:") + "\n" + kernels.table("BatchNormBench")));
        s.put("fusion", orNone(fusion.table("BatchNormBench") + "\n" + fusion.table("DenseBench")));
        s.put("gemm", orNone(link(charts, "SGEMM") + "\n" + gemm.table()));
        s.put("gemm-threads", orNone(gemm.threadsTable()));
        s.put("dense", orNone(kernels.table("DenseBench")));
        s.put("training", orNone(new PlainTables(data).table("TrainingBench")));
        s.put("other", other());
        s.put("roofline", orNone(link(charts, "Roofline")));
        s.put("peers", new PeerTables(data.peers()).section());
        s.put("allocation", allocation());
        s.put("missing", missing());
        return s;
    }

    private static String orNone(String text) {
        return text.isBlank() ? "_Not in these results._\n" : text;
    }

    private String run() {
        Fmt.Table t = new Fmt.Table(
                "llllll", "result file", "profile", "date (UTC)", "commit", "load before / after", "JMH settings");
        for (String source : data.sources()) {
            RunEnvironment env = data.environment(source);
            JmhRow first = data.rows().stream()
                    .filter(r -> r.source().equals(source))
                    .findFirst()
                    .orElse(null);
            String forks = first == null ? "" : first.settings();
            if (env == null) {
                t.row("`" + source + "`", "not recorded", "not recorded", "not recorded", "not recorded", forks);
            } else {
                t.row(
                        "`" + source + "`",
                        env.profile().replace("|", "\\|"),
                        env.date(),
                        "`" + env.commit() + "`",
                        String.format(Locale.ROOT, "%.2f / %.2f", env.loadBefore(), env.loadAfter()),
                        forks);
            }
        }
        StringBuilder sb = new StringBuilder();
        RunEnvironment env = data.latestEnvironment();
        Fmt.Table m = new Fmt.Table("ll", "", "");
        if (env != null) {
            m.row("CPU", env.cpu() + ", " + env.cores() + " cores (" + env.cpuFlags() + ")");
            m.row("caches", env.caches());
            m.row("JDK", env.jdk());
            m.row("backend", "`" + env.backend() + "`; scalar forks run `-Dsimdnn.backend=scalar`");
            m.row(
                    "vector width",
                    env.vectorBits() + "-bit species; FMA ceiling on the preferred species (" + env.preferredLanes()
                            + " float lanes)");
            m.row(
                    "threads",
                    "1 per benchmark unless its `threads` parameter says otherwise (Gemm default parallelism "
                            + env.gemmThreads() + ")");
        } else {
            JmhRow any = data.rows().get(0);
            m.row("machine", "not recorded with these results (JSON from before the report command)");
            m.row("JDK", any.jvm().isEmpty() ? "not recorded" : any.jvm() + " (from the JMH JSON)");
            m.row("threads", "1 per benchmark unless its `threads` parameter says otherwise");
            m.row("first file", "`" + any.source() + "`");
        }
        sb.append(m).append('\n').append(t);
        return sb.toString();
    }

    private String ceilings() {
        Fmt.Table t = new Fmt.Table(
                "lrrl", "result file", "copy bandwidth (GB/s, read + write)", "FMA loop (GFLOP/s)", "lanes");
        boolean any = false;
        for (Map.Entry<String, Ceilings> e : data.ceilingsBySource().entrySet()) {
            Ceilings c = e.getValue();
            if (c.copyGBs() == null && c.fmaGflops() == null) {
                continue;
            }
            any = true;
            t.row(
                    "`" + e.getKey() + "`",
                    c.copyGBs() == null ? "" : Fmt.est(c.copyGBs()),
                    c.fmaGflops() == null ? "" : Fmt.est(c.fmaGflops()),
                    c.lanes()
                            + (c.lanesRecorded()
                                    ? ""
                                    : " (not recorded: assumed from the machine generating the report)"));
        }
        return any ? t.toString() : "_No ceiling in these results: GB/s fractions cannot be computed._\n";
    }

    private String other() {
        List<String> handled = new ArrayList<>(KERNEL_FAMILIES);
        handled.addAll(List.of("BatchNormBench", "DenseBench", "GemmBench", "CeilingBench", "TrainingBench"));
        StringBuilder sb = new StringBuilder();
        PlainTables plain = new PlainTables(data);
        for (JmhRow r : data.rows()) {
            if (!handled.contains(r.family())) {
                handled.add(r.family());
                sb.append("### ")
                        .append(r.family())
                        .append("\n\n")
                        .append(plain.table(r.family()))
                        .append('\n');
            }
        }
        return sb.toString();
    }

    private String allocation() {
        List<String> lines = new ArrayList<>();
        for (JmhRow r : data.rows()) {
            KernelCatalog.Kernel k = KernelCatalog.lookup(r.family(), r.method());
            if ("Vector".equals(r.variant()) && Targets.allocates(r)) {
                lines.add("- `" + r.family() + "." + r.method() + "` (" + Fmt.params(r) + "): "
                        + Fmt.bytes(r.allocBytesPerOp()) + " B/op, " + Fmt.num(r.allocMbPerSecond()) + " MB/s"
                        + (k != null && k.allocates() ? " (allocating is its job)" : ""));
            }
        }
        if (lines.isEmpty()) {
            return "No vector row allocates more than " + (int) Targets.ALLOC_BYTES_PER_OP + " B per call at more than "
                    + Targets.ALLOC_RATE_MB_S + " MB/s.\n";
        }
        return "Vector rows above " + (int) Targets.ALLOC_BYTES_PER_OP + " B/op and " + Targets.ALLOC_RATE_MB_S
                + " MB/s:\n\n" + String.join("\n", lines) + "\n";
    }

    private String missing() {
        List<String> absent = new ArrayList<>();
        for (String key : KernelCatalog.known()) {
            String[] fm = key.split("\\.");
            boolean present = data.rows().stream()
                    .anyMatch(r -> r.family().equals(fm[0]) && r.method().equals(fm[1]));
            if (!present) {
                absent.add("`" + key + "`");
            }
        }
        return absent.isEmpty()
                ? "Every benchmark of the suite is in these results.\n"
                : "Benchmarks of the suite not in these results: " + String.join(", ", absent) + ".\n";
    }
}
