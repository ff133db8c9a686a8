package org.simdnn.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The side-by-side comparison with PyTorch written by {@code bench/peers/side-by-side.sh}:
 * {@code bench/results/peers/side-by-side.json} (training runs of both sides and PyTorch's micro-benchmarks) and
 * simdnn's JMH batch-norm / SGEMM rows of the same session in {@code bench/results/peers/jmh/}.
 *
 * @param date when the comparison ran (ISO-8601)
 * @param torchAvailable whether PyTorch could be imported; when false only simdnn's side was measured
 * @param torchNote why PyTorch was absent, or its version and configuration
 * @param blas the BLAS library PyTorch actually loaded (threadpoolctl / {@code /proc/self/maps})
 * @param training training runs (simdnn and PyTorch at each thread count)
 * @param micro PyTorch's micro-benchmark results
 * @param simdnnNote why simdnn's training was not run ("" when it was)
 * @param ours simdnn's JMH rows taken in the same session, or null
 * @param oursEnvironment the run environment of those rows, or null
 * @param simdnnSeedAccuracies simdnn's test accuracy over several seeds (empty when not measured)
 * @param torchSeedAccuracies PyTorch's test accuracy over several seeds (empty when not measured)
 */
public record PeerResults(
        String date,
        boolean torchAvailable,
        String torchNote,
        String blas,
        List<TrainingRun> training,
        List<Micro> micro,
        String simdnnNote,
        @Nullable JmhResults ours,
        @Nullable RunEnvironment oursEnvironment,
        List<Double> simdnnSeedAccuracies,
        List<Double> torchSeedAccuracies) {

    /** Mean of a list of accuracies (NaN when empty). */
    public static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /**
     * One 5-epoch training run.
     *
     * @param who {@code simdnn} or {@code pytorch}
     * @param threads threads it ran on
     * @param samplesPerSecond per-epoch training throughput
     * @param testAccuracy test accuracy after the last epoch, in [0, 1]
     * @param command the command that ran it
     */
    public record TrainingRun(String who, int threads, double[] samplesPerSecond, double testAccuracy, String command) {

        /** Median of the per-epoch throughputs (robust to one disturbed epoch, as the peer figures use). */
        public double medianSamplesPerSecond() {
            double[] s = samplesPerSecond.clone();
            Arrays.sort(s);
            int n = s.length;
            return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }
    }

    /**
     * One PyTorch micro-benchmark: batch norm ({@code kind = bn}, {@code op} fwd or fwdbwd, shape {@code n x c},
     * {@code nsPerElement}) or sgemm ({@code kind = gemm}, {@code m x k} times {@code k x n}, {@code gflops}).
     *
     * @param kind {@code bn} or {@code gemm}
     * @param op {@code fwd} or {@code fwdbwd} for bn, {@code mm} for gemm
     * @param threads threads it ran on
     * @param m rows (bn: batch N)
     * @param k inner dimension (bn: 0)
     * @param n columns (bn: features C)
     * @param value ns/element for bn, GFLOP/s for gemm
     */
    public record Micro(String kind, String op, int threads, int m, int k, int n, double value) {}

    /** Reads side-by-side.json and the JMH rows in {@code jmh/} beside it. */
    public static PeerResults read(Path json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read peer results " + json + ": " + e.getMessage(), e);
        }
        JsonNode torch = root.path("torch");
        List<TrainingRun> training = new ArrayList<>();
        for (JsonNode t : root.path("training")) {
            JsonNode sps = t.path("samplesPerSecond");
            double[] s = new double[sps.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = sps.get(i).asDouble();
            }
            training.add(new TrainingRun(
                    t.path("who").asText(),
                    t.path("threads").asInt(),
                    s,
                    t.path("testAccuracy").asDouble(),
                    t.path("command").asText()));
        }
        List<Micro> micro = new ArrayList<>();
        for (JsonNode m : root.path("micro")) {
            micro.add(new Micro(
                    m.path("kind").asText(),
                    m.path("op").asText(),
                    m.path("threads").asInt(),
                    m.path("m").asInt(),
                    m.path("k").asInt(),
                    m.path("n").asInt(),
                    m.path("value").asDouble()));
        }
        Path jmhDir = json.resolveSibling("jmh");
        JmhResults ours = null;
        RunEnvironment env = null;
        if (Files.isDirectory(jmhDir)) {
            try (var s = Files.list(jmhDir)) {
                if (s.anyMatch(
                        p -> p.toString().endsWith(".json") && !p.toString().endsWith(".env.json"))) {
                    List<Path> files = JmhResults.resultFiles(jmhDir);
                    ours = JmhResults.read(files);
                    env = RunEnvironment.read(RunEnvironment.fileFor(files.get(files.size() - 1)));
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot list " + jmhDir + ": " + e.getMessage(), e);
            }
        }
        return new PeerResults(
                root.path("date").asText(),
                torch.path("available").asBoolean(),
                torch.path("note").asText(),
                torch.path("blas").asText(),
                training,
                micro,
                root.path("simdnnNote").asText(""),
                ours,
                env,
                doubles(root.path("accuracySeeds").path("simdnn")),
                doubles(root.path("accuracySeeds").path("pytorch")));
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> out = new ArrayList<>();
        for (JsonNode v : array) {
            out.add(v.asDouble());
        }
        return List.copyOf(out);
    }

    /** The best (highest median throughput) run of one side, or null. */
    public @Nullable TrainingRun best(String who) {
        TrainingRun best = null;
        for (TrainingRun t : training) {
            if (t.who().equals(who) && (best == null || t.medianSamplesPerSecond() > best.medianSamplesPerSecond())) {
                best = t;
            }
        }
        return best;
    }

    /** PyTorch's best value of a micro-benchmark over thread counts (lowest ns/element, highest GFLOP/s), or null. */
    public @Nullable Micro bestMicro(String kind, String op, int m, int k, int n) {
        Micro best = null;
        for (Micro x : micro) {
            if (x.kind().equals(kind) && x.op().equals(op) && x.m() == m && x.k() == k && x.n() == n) {
                boolean better =
                        best == null || (kind.equals("bn") ? x.value() < best.value() : x.value() > best.value());
                if (better) {
                    best = x;
                }
            }
        }
        return best;
    }
}
