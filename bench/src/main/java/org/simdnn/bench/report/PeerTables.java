package org.simdnn.bench.report;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The side-by-side section: training throughput and accuracy of simdnn and PyTorch (each thread count, then best
 * against best), and batch-norm / SGEMM micro-benchmarks against PyTorch's best of 1 and 2 threads.
 */
final class PeerTables {
    private final @Nullable PeerResults peers;

    PeerTables(@Nullable PeerResults peers) {
        this.peers = peers;
    }

    String section() {
        if (peers == null) {
            return "No side-by-side run in the results (`bench/peers/side-by-side.sh` writes "
                    + "`bench/results/peers/side-by-side.json`).\n";
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Run ").append(peers.date()).append(". ");
        if (peers.torchAvailable()) {
            sb.append("PyTorch: ")
                    .append(peers.torchNote())
                    .append("; BLAS loaded: `")
                    .append(peers.blas())
                    .append("`.\n\n");
        } else {
            sb.append("**PyTorch was not available, so no live comparison was made**: ")
                    .append(peers.torchNote())
                    .append(". Only simdnn's side is shown.\n\n");
        }
        sb.append(training()).append('\n');
        if (peers.best("simdnn") == null) {
            sb.append("**simdnn's training was not run**")
                    .append(peers.simdnnNote().isEmpty() ? "." : ": " + peers.simdnnNote() + ".")
                    .append("\n\n");
        }
        RunEnvironment env = peers.oursEnvironment();
        if (peers.ours() != null) {
            sb.append("simdnn's JMH rows: `")
                    .append(String.join("`, `", peers.ours().sources()))
                    .append('`')
                    .append(
                            env == null
                                    ? ""
                                    : String.format(
                                            Locale.ROOT,
                                            " (%s, %s, load %.2f before / %.2f after)",
                                            env.profile(),
                                            env.date(),
                                            env.loadBefore(),
                                            env.loadAfter()))
                    .append("; PyTorch's micro-benchmarks ran right after them.\n\n");
        }
        String bn = batchNorm();
        if (!bn.isEmpty()) {
            sb.append(
                            "Batch normalization, training mode (simdnn: fused BN + ReLU; PyTorch: `BatchNorm1d` alone, autograd"
                                    + " on; fwd+bwd = forward time + backward time), ns/element, PyTorch's best of its thread counts:\n\n")
                    .append(bn)
                    .append('\n');
        }
        String gemm = gemm();
        if (!gemm.isEmpty()) {
            sb.append(
                            "SGEMM, GFLOP/s = 2·M·K·N / time, each side's best of 1 and 2 threads (simdnn: `Gemm.gemm`, the op"
                                    + " with these dimensions; PyTorch: `torch.mm`):\n\n")
                    .append(gemm);
        }
        return sb.toString();
    }

    private String training() {
        if (peers.training().isEmpty()) {
            return "No training run was recorded.\n";
        }
        Fmt.Table t =
                new Fmt.Table("lrrrl", "who", "threads", "median samples/s (5 epochs)", "test accuracy", "command");
        for (PeerResults.TrainingRun r : peers.training()) {
            t.row(
                    r.who(),
                    Integer.toString(r.threads()),
                    String.format(Locale.ROOT, "%,.0f", r.medianSamplesPerSecond()),
                    String.format(Locale.ROOT, "%.4f", r.testAccuracy()),
                    "`" + r.command() + "`");
        }
        StringBuilder sb = new StringBuilder(t.toString());
        PeerResults.TrainingRun ours = peers.best("simdnn");
        PeerResults.TrainingRun theirs = peers.best("pytorch");
        if (ours != null && theirs != null) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%nBest against best: simdnn %,.0f samples/s (%d threads) vs PyTorch %,.0f"
                            + " (%d threads) = **%.2fx**; test accuracy %.4f vs %.4f (%+.2f points).%n",
                    ours.medianSamplesPerSecond(),
                    ours.threads(),
                    theirs.medianSamplesPerSecond(),
                    theirs.threads(),
                    ours.medianSamplesPerSecond() / theirs.medianSamplesPerSecond(),
                    ours.testAccuracy(),
                    theirs.testAccuracy(),
                    100 * (ours.testAccuracy() - theirs.testAccuracy())));
        }
        if (!peers.simdnnSeedAccuracies().isEmpty()
                || !peers.torchSeedAccuracies().isEmpty()) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%nTest accuracy over seeds (one seed varies by about a point; simdnn at"
                            + " 2 threads, PyTorch at 1): simdnn %s, mean %.4f; PyTorch %s, mean %.4f.%n",
                    seedList(peers.simdnnSeedAccuracies()),
                    PeerResults.mean(peers.simdnnSeedAccuracies()),
                    seedList(peers.torchSeedAccuracies()),
                    PeerResults.mean(peers.torchSeedAccuracies())));
        }
        return sb.toString();
    }

    private String batchNorm() {
        if (peers.ours() == null) {
            return "";
        }
        Fmt.Table t = new Fmt.Table(
                "lrrrrrr",
                "N x C",
                "simdnn fwd",
                "PyTorch fwd",
                "fwd ratio",
                "simdnn fwd+bwd",
                "PyTorch fwd+bwd",
                "fwd+bwd ratio");
        boolean any = false;
        Map<String, JmhRow[]> byShape = new LinkedHashMap<>();
        for (JmhRow r : peers.ours().rows()) {
            if (r.family().equals("BatchNormBench") && "Vector".equals(r.variant()) && r.param("shape") != null) {
                JmhRow[] fb = byShape.computeIfAbsent(r.param("shape"), k -> new JmhRow[2]);
                if (r.method().equals("forwardTrainingRelu")) {
                    fb[0] = r;
                } else if (r.method().equals("backwardTrainingRelu")) {
                    fb[1] = r;
                }
            }
        }
        for (Map.Entry<String, JmhRow[]> e : byShape.entrySet()) {
            String[] nc = e.getKey().split("x");
            int n = Integer.parseInt(nc[0]);
            int c = Integer.parseInt(nc[1]);
            double elements = (double) n * c;
            JmhRow f = e.getValue()[0];
            JmhRow b = e.getValue()[1];
            if (f == null) {
                continue;
            }
            any = true;
            double fwd = f.nsPerOp().value() / elements;
            Double fwdBwd =
                    b == null ? null : (f.nsPerOp().value() + b.nsPerOp().value()) / elements;
            PeerResults.Micro tf = peers.bestMicro("bn", "fwd", n, 0, c);
            PeerResults.Micro tfb = peers.bestMicro("bn", "fwdbwd", n, 0, c);
            t.row(
                    e.getKey(),
                    Fmt.num(fwd),
                    tf == null ? "" : Fmt.num(tf.value()) + " (" + tf.threads() + "T)",
                    tf == null ? "" : String.format(Locale.ROOT, "%.1fx", tf.value() / fwd),
                    fwdBwd == null ? "" : Fmt.num(fwdBwd),
                    tfb == null ? "" : Fmt.num(tfb.value()) + " (" + tfb.threads() + "T)",
                    tfb == null || fwdBwd == null ? "" : String.format(Locale.ROOT, "%.1fx", tfb.value() / fwdBwd));
        }
        return any ? t.toString() : "";
    }

    private String gemm() {
        if (peers.ours() == null) {
            return "";
        }
        // best simdnn GFLOP/s per (M, K, N) over ops and thread counts
        Map<String, double[]> best = new LinkedHashMap<>();
        Map<String, String> how = new LinkedHashMap<>();
        for (JmhRow r : peers.ours().rows()) {
            if (!r.family().equals("GemmBench") || !"Vector".equals(r.variant())) {
                continue;
            }
            int[] d = KernelCatalog.gemmDims(r);
            String key = d[0] + " x " + d[2] + " x " + d[1];
            double g = GemmTables.gflops(r).value();
            if (!best.containsKey(key) || g > best.get(key)[0]) {
                best.put(key, new double[] {g, d[0], d[2], d[1]});
                how.put(key, r.param("op") + ", " + (r.param("threads") == null ? "1" : r.param("threads")) + "T");
            }
        }
        Fmt.Table t = new Fmt.Table("lrrr", "M x K x N", "simdnn", "PyTorch", "simdnn / PyTorch");
        for (Map.Entry<String, double[]> e : best.entrySet()) {
            double[] v = e.getValue();
            PeerResults.Micro tm = peers.bestMicro("gemm", "mm", (int) v[1], (int) v[2], (int) v[3]);
            t.row(
                    e.getKey(),
                    Fmt.num(v[0]) + " (" + how.get(e.getKey()) + ")",
                    tm == null ? "" : Fmt.num(tm.value()) + " (" + tm.threads() + "T)",
                    tm == null ? "" : String.format(Locale.ROOT, "%.2fx", v[0] / tm.value()));
        }
        return best.isEmpty() ? "" : t.toString();
    }

    private static String seedList(java.util.List<Double> values) {
        return values.isEmpty()
                ? "(none)"
                : values.stream()
                        .map(v -> String.format(Locale.ROOT, "%.4f", v))
                        .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }
}
