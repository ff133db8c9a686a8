package org.simdnn.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import org.jspecify.annotations.Nullable;
import org.simdnn.core.Backend;
import org.simdnn.core.Gemm;
import org.simdnn.core.Simdnn;

/**
 * Where and how a benchmark run was taken, recorded next to its JMH JSON ({@code NAME.env.json}) by the profile
 * runner at the start of the run, so the report states the machine it describes rather than the one it is
 * generated on.
 *
 * @param profile the profile run ({@code quick}, {@code full}) and its {@code --only} filter if any
 * @param date start of the run, ISO-8601 UTC
 * @param cpu CPU model name from {@code /proc/cpuinfo} ("unknown" elsewhere)
 * @param cores processors available to the JVM
 * @param caches cache sizes from {@code /sys/devices/system/cpu/cpu0/cache}, e.g. {@code L1d 32K, L2 1024K}
 * @param cpuFlags SIMD-relevant CPU flags (avx2, avx512f, fma, ...)
 * @param jdk {@code java.vm.vendor java.runtime.version}
 * @param backend {@link Simdnn#backend()} of the driver JVM (the forks of the vector variants run the same)
 * @param vectorBits float species width of the vector backend (0 for the scalar fallback)
 * @param preferredLanes lanes of {@code FloatVector.SPECIES_PREFERRED}, the species of the FMA ceiling
 * @param gemmThreads {@link Gemm#parallelism()} default (benchmarks run one thread unless a {@code threads}
 *     parameter says otherwise)
 * @param commit git commit of the sources ({@code +dirty} when uncommitted changes were present)
 * @param loadBefore {@code /proc/loadavg} 1-minute load when the run started (other work on the machine)
 * @param loadAfter 1-minute load when the run ended, or -1 while unknown
 */
public record RunEnvironment(
        String profile,
        String date,
        String cpu,
        int cores,
        String caches,
        String cpuFlags,
        String jdk,
        String backend,
        int vectorBits,
        int preferredLanes,
        int gemmThreads,
        String commit,
        double loadBefore,
        double loadAfter) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Probes this JVM and machine now (the load after the run is filled in by {@link #withLoadAfter}). */
    public static RunEnvironment probe(String profile, String commit) {
        Backend b = Simdnn.backend();
        return new RunEnvironment(
                profile,
                Instant.now().toString(),
                cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                probeCaches(),
                probeCpuFlags(),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"),
                b.toString(),
                b.vectorized() ? b.vectorBits() : 0,
                FloatVector.SPECIES_PREFERRED.length(),
                Gemm.parallelism(),
                commit,
                loadAverage(),
                -1);
    }

    /** This environment with the load measured at the end of the run. */
    public RunEnvironment withLoadAfter() {
        return new RunEnvironment(
                profile,
                date,
                cpu,
                cores,
                caches,
                cpuFlags,
                jdk,
                backend,
                vectorBits,
                preferredLanes,
                gemmThreads,
                commit,
                loadBefore,
                loadAverage());
    }

    /** Writes it as JSON. */
    public void write(Path file) {
        try {
            JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one written by {@link #write}; null when the file does not exist (results from before the runner). */
    public static @Nullable RunEnvironment read(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return JSON.readValue(file.toFile(), RunEnvironment.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read run environment " + file + ": " + e.getMessage(), e);
        }
    }

    /** The environment file that belongs to a JMH result file ({@code x.json} -> {@code x.env.json}). */
    public static Path fileFor(Path resultFile) {
        String name = resultFile.getFileName().toString();
        return resultFile.resolveSibling(name.substring(0, name.length() - ".json".length()) + ".env.json");
    }

    private static String cpuModel() {
        for (String line : lines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "unknown";
    }

    private static String probeCpuFlags() {
        for (String line : lines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("flags")) {
                List<String> keep = new ArrayList<>();
                for (String f : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
                    if (f.equals("avx")
                            || f.equals("avx2")
                            || f.equals("fma")
                            || f.startsWith("avx512")
                            || f.equals("sve")
                            || f.equals("asimd")) {
                        keep.add(f);
                    }
                }
                return String.join(" ", keep);
            }
        }
        return "unknown";
    }

    private static String probeCaches() {
        List<String> out = new ArrayList<>();
        Path base = Path.of("/sys/devices/system/cpu/cpu0/cache");
        for (int i = 0; i < 8; i++) {
            Path idx = base.resolve("index" + i);
            if (!Files.isDirectory(idx)) {
                break;
            }
            String level = first(idx.resolve("level"));
            String type = first(idx.resolve("type"));
            String size = first(idx.resolve("size"));
            if (level.isEmpty() || type.equals("Instruction")) {
                continue;
            }
            out.add("L" + level + (type.equals("Data") ? "d" : "") + " " + size);
        }
        return out.isEmpty() ? "unknown" : String.join(", ", out);
    }

    private static double loadAverage() {
        String s = first(Path.of("/proc/loadavg"));
        if (s.isEmpty()) {
            return -1;
        }
        return Double.parseDouble(s.split("\\s+")[0]);
    }

    private static String first(Path p) {
        List<String> l = lines(p);
        return l.isEmpty() ? "" : l.get(0).trim();
    }

    private static List<String> lines(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** One-line summary, e.g. for logs. */
    @Override
    public String toString() {
        return String.format(
                Locale.ROOT, "%s profile, %s, %s, %d cores, %s, commit %s", profile, date, cpu, cores, backend, commit);
    }
}
