package org.simdnn.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The JMH results of one profile directory: every {@code *.json} file of JMH's {@code -rf json} format in it
 * (files ending in {@code .env.json} are run environments, not results), read in file-name order. A row of a later
 * file replaces the row with the same benchmark and parameters from an earlier one, so a partial re-run
 * ({@code report.sh PROFILE --only REGEX}, which writes a newer file) updates just what it measured. Ceiling rows
 * ({@code CeilingBench}) are kept per file, for the rows of that file.
 */
public final class JmhResults {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JmhRow> rows;
    private final List<String> sources;

    private JmhResults(List<JmhRow> rows, List<String> sources) {
        this.rows = List.copyOf(rows);
        this.sources = List.copyOf(sources);
    }

    /** Rows in the order of their first appearance. */
    public List<JmhRow> rows() {
        return rows;
    }

    /** Result files read, in order. */
    public List<String> sources() {
        return sources;
    }

    /** The result files of a directory in reading order; fails when the directory has none. */
    public static List<Path> resultFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(
                    "results directory " + dir + " does not exist: run bench/report.sh first");
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().endsWith(".env.json"))
                    .sorted()
                    .toList();
            if (files.isEmpty()) {
                throw new IllegalArgumentException("results directory " + dir + " has no JMH *.json file");
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads every result file of a directory (see the class comment for the order and the replacement rule). */
    public static JmhResults readDirectory(Path dir) {
        return read(resultFiles(dir));
    }

    /** Reads the given files in this order; later rows replace earlier ones with the same key. */
    public static JmhResults read(List<Path> files) {
        Map<String, JmhRow> byKey = new LinkedHashMap<>();
        List<String> sources = new ArrayList<>();
        for (Path f : files) {
            String source = f.getFileName().toString();
            sources.add(source);
            for (JmhRow r : parse(f, source)) {
                // ceilings are never replaced: each file keeps the ceilings measured with its own rows
                byKey.put(r.family().equals("CeilingBench") ? source + " " + r.key() : r.key(), r);
            }
        }
        return new JmhResults(new ArrayList<>(byKey.values()), sources);
    }

    /** Parses one JMH JSON file. */
    static List<JmhRow> parse(Path file, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read JMH results " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(
                    file + " is not JMH JSON output (expected an array of results; produce it" + " with -rf json)");
        }
        List<JmhRow> out = new ArrayList<>();
        for (JsonNode n : root) {
            out.add(row(n, file, source));
        }
        return out;
    }

    private static Estimate perOp(double opsPerUnit, double error, double nsPerUnit) {
        if (!(opsPerUnit > 0)) {
            throw new IllegalArgumentException("a throughput score must be positive, got " + opsPerUnit);
        }
        double ns = nsPerUnit / opsPerUnit;
        return new Estimate(ns, Double.isNaN(error) ? error : ns * error / opsPerUnit);
    }

    private static JmhRow row(JsonNode n, Path file, String source) {
        String benchmark = text(n, "benchmark", file);
        String[] parts = JmhRow.parseName(benchmark);
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode p = n.get("params");
        if (p != null) {
            p.properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
        }
        JsonNode pm = n.get("primaryMetric");
        if (pm == null) {
            throw new IllegalArgumentException(file + ": " + benchmark + " has no primaryMetric");
        }
        String unit = text(pm, "scoreUnit", file);
        double score = pm.get("score").asDouble();
        Estimate time = switch (unit) {
            case "ns/op" -> new Estimate(score, error(pm));
            case "us/op" -> new Estimate(score * 1e3, error(pm) * 1e3);
            case "ms/op" -> new Estimate(score * 1e6, error(pm) * 1e6);
            case "s/op" -> new Estimate(score * 1e9, error(pm) * 1e9);
            // throughput (e.g. TrainingBench's samples/s): time per op = 1/score, same relative error
            case "ops/s" -> perOp(score, error(pm), 1e9);
            case "ops/ms" -> perOp(score, error(pm), 1e6);
            case "ops/us" -> perOp(score, error(pm), 1e3);
            default ->
                throw new IllegalArgumentException(
                        file + ": " + benchmark + " has unit " + unit
                                + "; the report reads average time (ns/op, us/op, ms/op, s/op) or throughput (ops/s, ops/ms, ops/us)");
        };
        JsonNode sec = n.get("secondaryMetrics");
        Double norm = secondary(sec, "gc.alloc.rate.norm");
        Double rate = secondary(sec, "gc.alloc.rate");
        int forks = n.has("forks") ? n.get("forks").asInt() : 0;
        String settings = forks + " fork(s)";
        if (n.has("warmupIterations") && n.has("measurementIterations")) {
            settings += ", " + n.path("warmupIterations").asInt() + " x "
                    + n.path("warmupTime").asText() + " warm-up, "
                    + n.path("measurementIterations").asInt() + " x "
                    + n.path("measurementTime").asText();
        }
        String jvm = n.has("jdkVersion")
                ? n.path("jdkVersion").asText() + ", " + n.path("vmName").asText() + " "
                        + n.path("vmVersion").asText()
                : "";
        return new JmhRow(
                benchmark,
                parts[0],
                parts[1],
                parts[2],
                Collections.unmodifiableMap(params),
                time,
                norm,
                rate,
                forks,
                settings,
                jvm,
                source);
    }

    /** JMH writes "NaN" (a string) when it cannot compute an error, e.g. from one iteration: no error known. */
    private static double error(JsonNode metric) {
        JsonNode e = metric.get("scoreError");
        if (e == null || !e.isNumber()) {
            return 0;
        }
        double v = e.asDouble();
        return Double.isFinite(v) ? v : 0;
    }

    private static @Nullable Double secondary(@Nullable JsonNode sec, String name) {
        if (sec == null) {
            return null;
        }
        // JMH 1.37 names them "gc.alloc.rate.norm"; older versions prefixed a middle dot
        JsonNode m = sec.has(name) ? sec.get(name) : sec.get("\u00b7" + name);
        return m == null ? null : m.get("score").asDouble();
    }

    private static String text(JsonNode n, String field, Path file) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(file + ": a result has no \"" + field + "\" field; is it JMH JSON?");
        }
        return v.asText();
    }
}
