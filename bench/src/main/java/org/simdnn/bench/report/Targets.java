package org.simdnn.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The performance targets of the issues (core kernels, SGEMM, batch norm, training), each evaluated against the
 * results: measured value(s), and met / not met / not measured. A target is met on the point estimates; when the
 * threshold lies inside a value's error bar the status says so.
 */
final class Targets {
    /** Outcome of one target. */
    enum Status {
        MET("met"),
        NOT_MET("**not met**"),
        NOT_MEASURED("not measured");

        final String text;

        Status(String text) {
            this.text = text;
        }
    }

    /**
     * One evaluated target.
     *
     * @param target what the issue asks
     * @param measured what the results say
     * @param status the outcome
     * @param withinError true when a threshold lies inside an error bar of the deciding value
     */
    record Result(String target, String measured, Status status, boolean withinError) {
        String statusText() {
            return status.text + (withinError && status != Status.NOT_MEASURED ? " (within error)" : "");
        }
    }

    /** Allocation rate above which a call is said to allocate (the harness alone stays far below: ~0.02 MB/s). */
    static final double ALLOC_RATE_MB_S = 1.0;
    /** ... and bytes per call above which (a few bytes/op are JMH's own bookkeeping spread over the calls). */
    static final double ALLOC_BYTES_PER_OP = 8.0;
    /** Footprint (logical bytes) above which a size counts as DRAM: larger than a 32 MiB L3. */
    static final double DRAM_BYTES = 32.0 * (1 << 20);

    private final ReportData data;

    Targets(ReportData data) {
        this.data = data;
    }

    List<Result> evaluate() {
        List<Result> out = new ArrayList<>();
        out.add(speedupVsTwin("dot", "ReductionBench", "dot", 10));
        out.add(speedupVsTwin("sum", "ReductionBench", "sum", 10));
        out.add(speedupVsLoop("tanh", "mathTanhLoop", "tanh", 15));
        out.add(speedupVsLoop("sigmoid", "mathSigmoidLoop", "sigmoid", 8));
        out.add(computeBoundFaster());
        out.add(memoryBoundAtDram());
        out.add(noAllocation());
        out.add(bnPerElement(
                "fused BN forward + ReLU (training) ≤ 0.35 ns/element at (1024, 1024)", "forwardTrainingRelu", 0.35));
        out.add(bnPerElement(
                "fused BN backward + ReLU (training) ≤ 1.2 ns/element at (1024, 1024)", "backwardTrainingRelu", 1.2));
        out.add(bnCopyFraction());
        out.add(gemmAt1024("SGEMM ≥ 50 GFLOP/s, 1 thread, at 1024³ (NN, NT, TN)", 50, false));
        out.add(gemmAt1024("SGEMM ≥ 55% of the measured FMA loop at 1024³", 0.55, true));
        out.add(gemmVsEjml());
        out.add(gemmLayers());
        out.add(gemmNarrow());
        out.add(gemmThreads());
        out.add(gemmAt1024("stretch: SGEMM at OpenBLAS's 1-thread level (≥ 70 GFLOP/s) at 1024³", 70, false));
        out.add(fusedBlock());
        out.add(trainingStepAllocation());
        out.add(training(
                1.0,
                "training throughput of `mlp-bn` ≥ PyTorch's best (1 or 2 threads), test accuracy"
                        + " within 0.5 points"));
        out.add(training(1.5, "end goal: training throughput ≥ 1.5x PyTorch's best"));
        return out;
    }

    String table() {
        Fmt.Table t = new Fmt.Table("lll", "target (from the issues)", "measured here", "status");
        for (Result r : evaluate()) {
            t.row(r.target(), r.measured(), r.statusText());
        }
        return t.toString();
    }

    // ---------------------------------------------------------------- kernels

    private Result speedupVsTwin(String label, String family, String method, double min) {
        String target = label + " ≥ " + (int) min + "x its scalar twin at 1K and 64K floats";
        List<String> measured = new ArrayList<>();
        boolean all = true;
        boolean within = false;
        for (String n : List.of("1024", "65536")) {
            JmhRow v = data.find(family, "Vector", method, Map.of("n", n));
            JmhRow s = data.find(family, "Scalar", method, Map.of("n", n));
            if (v == null || s == null) {
                return notMeasured(target);
            }
            Estimate r = s.nsPerOp().divide(v.nsPerOp());
            measured.add(Fmt.count(Long.parseLong(n)) + ": " + Fmt.ratio(r));
            all &= r.value() >= min;
            within |= r.covers(min);
        }
        return new Result(target, String.join(", ", measured), all ? Status.MET : Status.NOT_MET, within);
    }

    private Result speedupVsLoop(String label, String loop, String method, double min) {
        String target = label + " ≥ " + (int) min + "x a plain `Math` loop at 1K and 64K";
        List<String> measured = new ArrayList<>();
        boolean all = true;
        boolean within = false;
        for (String n : List.of("1024", "65536")) {
            JmhRow v = data.find("ActivationBench", "Vector", method, Map.of("n", n));
            JmhRow l = data.find("ActivationBench", "Vector", loop, Map.of("n", n));
            if (v == null || l == null) {
                return notMeasured(target);
            }
            Estimate r = l.nsPerOp().divide(v.nsPerOp());
            measured.add(Fmt.count(Long.parseLong(n)) + ": " + Fmt.ratio(r));
            all &= r.value() >= min;
            within |= r.covers(min);
        }
        return new Result(target, String.join(", ", measured), all ? Status.MET : Status.NOT_MET, within);
    }

    private List<KernelTables.Pair> allPairs(Predicate<KernelCatalog.Kernel> which) {
        List<KernelTables.Pair> out = new ArrayList<>();
        for (String family : families()) {
            for (KernelTables.Pair p : KernelTables.pairs(data, family)) {
                KernelCatalog.Kernel k = KernelCatalog.lookup(family, p.method());
                if (k != null && which.test(k) && p.speedup() != null) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private List<String> families() {
        List<String> f = new ArrayList<>();
        for (JmhRow r : data.rows()) {
            if (!f.contains(r.family())) {
                f.add(r.family());
            }
        }
        return f;
    }

    private static String label(KernelTables.Pair p) {
        JmhRow r = p.vector();
        return p.method() + " (" + Fmt.params(r) + ")";
    }

    private Result computeBoundFaster() {
        String target = "every compute-bound SIMD kernel faster than its scalar twin at every size measured";
        List<KernelTables.Pair> pairs = allPairs(k -> k.bound() == KernelCatalog.Bound.COMPUTE);
        if (pairs.isEmpty()) {
            return notMeasured(target);
        }
        List<String> slower = new ArrayList<>();
        double worst = Double.MAX_VALUE;
        String worstLabel = "";
        boolean within = false;
        for (KernelTables.Pair p : pairs) {
            Estimate s = p.speedup();
            if (s.value() < worst) {
                worst = s.value();
                worstLabel = label(p) + " " + Fmt.ratio(s);
            }
            if (s.value() <= 1) {
                slower.add(label(p) + " " + Fmt.ratio(s));
            }
            within |= s.covers(1);
        }
        String measured = slower.isEmpty()
                ? pairs.size() + " pairs, all faster; slowest: " + worstLabel
                : slower.size() + " of " + pairs.size() + " not faster: " + String.join("; ", slower);
        return new Result(target, measured, slower.isEmpty() ? Status.MET : Status.NOT_MET, within);
    }

    private Result memoryBoundAtDram() {
        String target = "memory-bound kernels at DRAM sizes ≥ 0.95x their twin and ≥ 60% of copy bandwidth";
        List<KernelTables.Pair> pairs = allPairs(k -> k.bound() == KernelCatalog.Bound.MEMORY);
        List<String> misses = new ArrayList<>();
        int checked = 0;
        boolean within = false;
        for (KernelTables.Pair p : pairs) {
            Double bytes = KernelCatalog.bytes(p.vector());
            Estimate bw = KernelTables.bandwidth(p.vector());
            Estimate copy = data.copyFor(p.vector());
            if (bytes == null || bytes <= DRAM_BYTES || bw == null || copy == null) {
                continue;
            }
            checked++;
            Estimate s = p.speedup();
            Estimate frac = bw.divide(copy);
            within |= s.covers(0.95) || frac.covers(0.60);
            if (s.value() < 0.95 || frac.value() < 0.60) {
                misses.add(label(p) + ": " + Fmt.ratio(s) + ", " + Fmt.pct(frac.value()) + " of copy");
            }
        }
        if (checked == 0) {
            return notMeasured(target);
        }
        String measured = misses.isEmpty()
                ? "all " + checked + " DRAM-size rows"
                : misses.size() + " of " + checked + " DRAM-size rows miss: " + String.join("; ", misses);
        return new Result(target, measured, misses.isEmpty() ? Status.MET : Status.NOT_MET, within);
    }

    /** True when a vector-backend call allocates in steady state (see the thresholds). */
    static boolean allocates(JmhRow r) {
        return r.allocBytesPerOp() != null
                && r.allocMbPerSecond() != null
                && r.allocBytesPerOp() > ALLOC_BYTES_PER_OP
                && r.allocMbPerSecond() > ALLOC_RATE_MB_S;
    }

    private Result noAllocation() {
        String target = "no kernel allocates per call (`-prof gc`)";
        List<String> allocating = new ArrayList<>();
        int checked = 0;
        for (JmhRow r : data.rows()) {
            KernelCatalog.Kernel k = KernelCatalog.lookup(r.family(), r.method());
            if (!"Vector".equals(r.variant())
                    || k == null
                    || k.bound() == KernelCatalog.Bound.REFERENCE
                    || k.allocates()
                    || r.allocBytesPerOp() == null) {
                continue;
            }
            checked++;
            if (allocates(r)) {
                allocating.add(r.method() + " (" + Fmt.params(r) + "): " + Fmt.bytes(r.allocBytesPerOp()) + " B/op");
            }
        }
        if (checked == 0) {
            return notMeasured(target);
        }
        String measured = allocating.isEmpty()
                ? "none of " + checked + " vector rows allocates (> " + (int) ALLOC_BYTES_PER_OP + " B/op and > "
                        + ALLOC_RATE_MB_S + " MB/s)"
                : allocating.size() + " of " + checked + " allocate: " + String.join("; ", allocating);
        return new Result(target, measured, allocating.isEmpty() ? Status.MET : Status.NOT_MET, false);
    }

    // ---------------------------------------------------------------- the dsl's compiled plans

    private Result fusedBlock() {
        String target = "dsl: fused BN + ReLU block (a training step of 256-BN-ReLU-mse, 128 x 256) ≥ 1.3x the unfused"
                + " plan";
        JmhRow f = data.find("TrainingBench", "Vector", "batchNormReluStep", Map.of("fused", "true"));
        JmhRow u = data.find("TrainingBench", "Vector", "batchNormReluStep", Map.of("fused", "false"));
        if (f == null || u == null) {
            return notMeasured(target);
        }
        Estimate r = u.nsPerOp().divide(f.nsPerOp());
        return new Result(
                target,
                Fmt.ratio(r) + " (" + Fmt.est(f.nsPerOp()) + " vs " + Fmt.est(u.nsPerOp()) + " ns per block)",
                r.value() >= 1.3 ? Status.MET : Status.NOT_MET,
                r.covers(1.3));
    }

    private Result trainingStepAllocation() {
        String target = "dsl: a training step of `mlp-bn` at batch 128 allocates nothing (`-prof gc`)";
        List<String> measured = new ArrayList<>();
        boolean all = true;
        for (String fused : List.of("true", "false")) {
            JmhRow r = data.find("TrainingBench", "Vector", "trainingStep", Map.of("fused", fused));
            if (r == null || r.allocBytesPerOp() == null) {
                return notMeasured(target);
            }
            // the score is per sample (@OperationsPerInvocation = 128): per step is 128x the per-op figure
            measured.add(
                    (fused.equals("true") ? "fused " : "unfused ") + Fmt.bytes(r.allocBytesPerOp() * 128) + " B/step");
            all &= !allocates(r);
        }
        return new Result(target, String.join(", ", measured), all ? Status.MET : Status.NOT_MET, false);
    }

    // ---------------------------------------------------------------- batch norm

    private Result bnPerElement(String target, String method, double max) {
        JmhRow v = data.find("BatchNormBench", "Vector", method, Map.of("shape", "1024x1024"));
        if (v == null) {
            return notMeasured(target);
        }
        Estimate perElement = v.nsPerOp().times(1.0 / (1024 * 1024));
        return new Result(
                target,
                Fmt.est(perElement) + " ns/element",
                perElement.value() <= max ? Status.MET : Status.NOT_MET,
                perElement.covers(max));
    }

    private Result bnCopyFraction() {
        String target = "fused BN forward + ReLU (training) ≥ 60% of copy bandwidth at (65536, 256)";
        JmhRow v = data.find("BatchNormBench", "Vector", "forwardTrainingRelu", Map.of("shape", "65536x256"));
        Estimate copy = v == null ? null : data.copyFor(v);
        if (v == null || copy == null) {
            return notMeasured(target);
        }
        Estimate frac = KernelTables.bandwidth(v).divide(copy);
        return new Result(
                target,
                Fmt.pct(frac.value()) + " ± " + Fmt.pct(frac.error()) + " ("
                        + Fmt.num(KernelTables.bandwidth(v).value()) + " of " + Fmt.num(copy.value()) + " GB/s)",
                frac.value() >= 0.6 ? Status.MET : Status.NOT_MET,
                frac.covers(0.6));
    }

    // ---------------------------------------------------------------- SGEMM

    private @Nullable JmhRow gemm(String variant, String shape, String op, String threads) {
        for (JmhRow r : data.family("GemmBench")) {
            if (variant.equals(r.variant())
                    && shape.equals(r.param("shape"))
                    && op.equals(r.param("op"))
                    && threads.equals(r.param("threads") == null ? "1" : r.param("threads"))) {
                return r;
            }
        }
        return null;
    }

    private Result gemmAt1024(String target, double min, boolean fractionOfFma) {
        List<String> measured = new ArrayList<>();
        boolean all = true;
        boolean within = false;
        for (String op : List.of("NN", "NT", "TN")) {
            JmhRow v = gemm("Vector", "1024", op, "1");
            if (v == null) {
                return notMeasured(target);
            }
            Estimate g = GemmTables.gflops(v);
            if (fractionOfFma) {
                Estimate fma = data.fmaFor(v);
                if (fma == null) {
                    return notMeasured(target);
                }
                Estimate f = g.divide(fma);
                measured.add(op + " " + Fmt.pct(f.value()));
                all &= f.value() >= min;
                within |= f.covers(min);
            } else {
                measured.add(op + " " + Fmt.est(g));
                all &= g.value() >= min;
                within |= g.covers(min);
            }
        }
        return new Result(target, String.join(", ", measured), all ? Status.MET : Status.NOT_MET, within);
    }

    private Result gemmVsEjml() {
        String target = "SGEMM ≥ 10x EJML at 1024³";
        List<String> measured = new ArrayList<>();
        boolean all = true;
        boolean within = false;
        for (String op : List.of("NN", "NT", "TN")) {
            JmhRow v = gemm("Vector", "1024", op, "1");
            JmhRow e = gemm("Ejml", "1024", op, "1");
            if (v == null || e == null) {
                return notMeasured(target);
            }
            Estimate r = e.nsPerOp().divide(v.nsPerOp());
            measured.add(op + " " + Fmt.ratio(r));
            all &= r.value() >= 10;
            within |= r.covers(10);
        }
        return new Result(target, String.join(", ", measured), all ? Status.MET : Status.NOT_MET, within);
    }

    private Result gemmLayers() {
        String target = "SGEMM ≥ 45 GFLOP/s at batch 128, 784→256 and 256→256 (all three products)";
        List<String> measured = new ArrayList<>();
        boolean all = true;
        boolean within = false;
        for (String shape : List.of("128:784:256", "128:256:256")) {
            for (String op : List.of("NT", "NN", "TN")) {
                JmhRow v = gemm("Vector", shape, op, "1");
                if (v == null) {
                    return notMeasured(target);
                }
                Estimate g = GemmTables.gflops(v);
                measured.add(shape + " " + op + " " + Fmt.num(g.value()));
                all &= g.value() >= 45;
                within |= g.covers(45);
            }
        }
        return new Result(target, String.join(", ", measured), all ? Status.MET : Status.NOT_MET, within);
    }

    private Result gemmNarrow() {
        String target = "SGEMM N = 10 shapes ≥ OpenBLAS 1 thread (its best stored figure, 31 GFLOP/s,"
                + " `../shared/peers/RESULTS.md`)";
        List<String> measured = new ArrayList<>();
        boolean all = true;
        boolean within = false;
        for (String op : List.of("NT", "NN", "TN")) {
            JmhRow v = gemm("Vector", "128:256:10", op, "1");
            if (v == null) {
                return notMeasured(target);
            }
            Estimate g = GemmTables.gflops(v);
            measured.add("128:256:10 " + op + " " + Fmt.est(g));
            all &= g.value() >= 31;
            within |= g.covers(31);
        }
        return new Result(target, String.join(", ", measured), all ? Status.MET : Status.NOT_MET, within);
    }

    private Result gemmThreads() {
        String target = "SGEMM 2 threads ≥ 1.7x one thread at 2048³";
        List<String> measured = new ArrayList<>();
        boolean all = true;
        boolean within = false;
        for (String op : List.of("NN", "NT", "TN")) {
            JmhRow one = gemm("Vector", "2048", op, "1");
            JmhRow two = gemm("Vector", "2048", op, "2");
            if (one == null || two == null) {
                return notMeasured(target);
            }
            Estimate r = one.nsPerOp().divide(two.nsPerOp());
            measured.add(op + " " + Fmt.ratio(r));
            all &= r.value() >= 1.7;
            within |= r.covers(1.7);
        }
        return new Result(target, String.join(", ", measured), all ? Status.MET : Status.NOT_MET, within);
    }

    // ---------------------------------------------------------------- training

    private Result training(double factor, String target) {
        PeerResults peers = data.peers();
        if (peers == null || !peers.torchAvailable()) {
            return new Result(
                    target,
                    peers == null ? "no side-by-side run" : "PyTorch not installed where it ran",
                    Status.NOT_MEASURED,
                    false);
        }
        PeerResults.TrainingRun ours = peers.best("simdnn");
        PeerResults.TrainingRun theirs = peers.best("pytorch");
        if (ours == null || theirs == null) {
            return notMeasured(target);
        }
        double ratio = ours.medianSamplesPerSecond() / theirs.medianSamplesPerSecond();
        // Accuracy: the mean over seeds when several were run (one seed's accuracy varies by about a point),
        // otherwise the best runs' single seed.
        boolean seeded = peers.simdnnSeedAccuracies().size() >= 2
                && peers.torchSeedAccuracies().size() >= 2;
        double points = seeded
                ? 100 * (PeerResults.mean(peers.simdnnSeedAccuracies()) - PeerResults.mean(peers.torchSeedAccuracies()))
                : 100 * (ours.testAccuracy() - theirs.testAccuracy());
        String accuracy = seeded
                ? String.format(
                        Locale.ROOT,
                        "mean test accuracy over %d / %d seeds %+.2f points",
                        peers.simdnnSeedAccuracies().size(),
                        peers.torchSeedAccuracies().size(),
                        points)
                : String.format(Locale.ROOT, "accuracy %+.2f points (one seed)", points);
        // "within 0.5 points": not worse by more than that (a better accuracy is no miss)
        boolean met = ratio >= factor && points >= -0.5;
        return new Result(
                target,
                String.format(
                        Locale.ROOT,
                        "%.2fx (%,.0f vs %,.0f samples/s), %s",
                        ratio,
                        ours.medianSamplesPerSecond(),
                        theirs.medianSamplesPerSecond(),
                        accuracy),
                met ? Status.MET : Status.NOT_MET,
                false);
    }

    private static Result notMeasured(String target) {
        return new Result(target, "not in these results", Status.NOT_MEASURED, false);
    }
}
