package org.simdnn.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark profiles of {@code bench/report.sh}: which families run, with which parameter values, forks and
 * iterations. Families absent from the build (e.g. {@code TrainingBench} before the DSL lands) are skipped with a
 * note. {@code CeilingBench} always runs first, so every result file carries its own copy and FMA ceilings.
 */
public enum Profile {
    /**
     * One fork, short iterations, one or two sizes per family: under 5 minutes on 2 cores. The warm-up is long
     * enough for C2 to compile the Vector API code on a quiet machine (shorter ones measure boxed vectors); five
     * measurement iterations keep JMH's 99.9% interval usable (Student's t at 4 degrees of freedom is 8.6; at 2 it
     * is 31.6).
     */
    QUICK(
            1,
            4,
            200,
            5,
            100,
            List.of(
                    entry("CeilingBench", ".*"),
                    entry("ReductionBench", ".*", "n", "65536"),
                    entry("ColumnStatsBench", ".*", "shape", "1024x1024"),
                    entry("ActivationBench", ".*", "n", "16777216"),
                    entry("BatchNormBench", ".*", "shape", "1024x1024,65536x256"),
                    entry("LossBench", ".*", "shape", "1024x10"),
                    entry("OptimizerBench", ".*", "n", "16777216"),
                    entry("DenseBench", ".*", "layer", "128:784:256"),
                    entry("GemmBench", "Vector", "shape", "256,1024", "threads", "1"),
                    // the twin and EJML take about a second per call at 1024³
                    entry("GemmBench", "Scalar|Ejml", "shape", "256", "threads", "1"),
                    entry("TrainingBench", ".*"))),

    /** Three forks, every size from L1 to DRAM, SGEMM with its twin and EJML up to 1024³ and thread scaling. */
    FULL(
            3,
            3,
            500,
            4,
            500,
            List.of(
                    entry("CeilingBench", ".*"),
                    entry("ReductionBench", ".*"),
                    entry("ColumnStatsBench", ".*"),
                    entry("ActivationBench", ".*"),
                    // a DRAM-size call takes about 10 ms: 3 x 500 ms of warm-up left the first measured iterations of
                    // some
                    // forks in OSR-compiled code that boxed vectors (up to 140 KB per call, 30% slower)
                    entry("BatchNormBench", ".*").warmup(5, 1000),
                    entry("LossBench", ".*"),
                    entry("OptimizerBench", ".*"),
                    entry("DenseBench", ".*"),
                    entry(
                            "GemmBench",
                            "Vector|Scalar|Ejml",
                            "shape",
                            "64,128,256,512,1024,128:784:256,128:256:256,128:256:10,1024:784:256,1024:256:256,1024:256:10",
                            "threads",
                            "1"),
                    // scaling: the scalar twin and EJML would take seconds per call at 2048³
                    entry("GemmBench", "Vector", "shape", "2048", "threads", "1"),
                    entry("GemmBench", "Vector", "shape", "256,512,1024,2048", "threads", "2"),
                    // a training step runs dozens of kernels: 1.5 s of warm-up left some in boxed, not-yet-C2 code
                    entry("TrainingBench", ".*").warmup(5, 1000))),

    /**
     * Full-profile settings (3 forks) over the rows that changed since the last full run or that carry a target:
     * every batch-normalization and training row, SGEMM where a target or the DSL's shapes are, and the DRAM-size
     * rows of the memory-bound kernels. Written into {@code bench/results/full}, where its rows replace the older
     * full run's; the report marks ratios that mix the two files. For when the whole {@code full} profile (about 1.5
     * hours on 2 cores) does not fit.
     */
    REFRESH(
            3,
            3,
            500,
            4,
            500,
            List.of(
                    entry("CeilingBench", ".*"),
                    entry("BatchNormBench", ".*").warmup(5, 1000),
                    entry("TrainingBench", ".*").warmup(5, 1000),
                    entry("DenseBench", ".*"),
                    entry(
                            "GemmBench",
                            "Vector",
                            "shape",
                            "64,128,256,1024,128:784:256,128:256:256,128:256:10,1:784:256",
                            "threads",
                            "1"),
                    entry("GemmBench", "Ejml", "shape", "1024", "threads", "1"),
                    entry("GemmBench", "Vector", "shape", "2048", "threads", "1,2"),
                    entry("ReductionBench", ".*", "n", "16777216"),
                    entry("ActivationBench", ".*", "n", "16777216"),
                    entry("OptimizerBench", ".*", "n", "16777216"))),

    /** simdnn's side of the PyTorch comparison: fused BN and SGEMM at PyTorch's micro-benchmark shapes, 1 and 2 threads. */
    PEERS(
            1,
            3,
            300,
            3,
            300,
            List.of(
                    entry("CeilingBench", ".*"),
                    only(
                            "BatchNormBench",
                            "Vector",
                            "forwardTrainingRelu|backwardTrainingRelu",
                            "shape",
                            "128x256,1024x1024,65536x256"),
                    entry(
                            "GemmBench",
                            "Vector",
                            "shape",
                            "128:784:256,128:256:256,128:256:10,256,512,1024",
                            "op",
                            "NN,NT,TN",
                            "threads",
                            "1,2")));

    /**
     * One family of a profile.
     *
     * @param family simple name of the benchmark class in {@code org.simdnn.bench}
     * @param variants regex on the variant ({@code Vector}, {@code Scalar}, {@code Ejml}; ".*" for all and for
     *     classes without variants)
     * @param methods regex on the benchmark method (".*" for all)
     * @param params parameter overrides (name -> comma-separated values); none = the class's own values
     */
    public record Entry(
            String family,
            String variants,
            String methods,
            Map<String, String> params,
            int warmupIterations,
            int warmupMillis) {
        /** This entry with its own warm-up instead of the profile's (0 iterations = the profile's). */
        Entry warmup(int iterations, int millis) {
            return new Entry(family, variants, methods, params, iterations, millis);
        }
    }

    private static Entry entry(String family, String variants, String... params) {
        return only(family, variants, ".*", params);
    }

    private static Entry only(String family, String variants, String methods, String... params) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            m.put(params[i], params[i + 1]);
        }
        return new Entry(family, variants, methods, m, 0, 0);
    }

    final int forks;
    final int warmupIterations;
    final int warmupMillis;
    final int iterations;
    final int iterationMillis;
    final List<Entry> entries;

    Profile(
            int forks,
            int warmupIterations,
            int warmupMillis,
            int iterations,
            int iterationMillis,
            List<Entry> entries) {
        this.forks = forks;
        this.warmupIterations = warmupIterations;
        this.warmupMillis = warmupMillis;
        this.iterations = iterations;
        this.iterationMillis = iterationMillis;
        this.entries = entries;
    }

    /** The families and parameters of this profile. */
    public List<Entry> entries() {
        return entries;
    }

    /** Forks per benchmark. */
    public int forks() {
        return forks;
    }

    /** The name used on the command line and for the results directory. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Settings as text, e.g. {@code 3 forks, 3 x 500 ms warm-up, 4 x 500 ms measurement}. */
    public String settings() {
        return forks + " fork(s), " + warmupIterations + " x " + warmupMillis + " ms warm-up, " + iterations + " x "
                + iterationMillis + " ms measurement, -prof gc";
    }

    /** The profile named on the command line. */
    public static Profile of(String id) {
        for (Profile p : values()) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown profile " + id + "; use quick, full, refresh or peers");
    }
}
