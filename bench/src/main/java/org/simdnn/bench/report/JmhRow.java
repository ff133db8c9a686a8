package org.simdnn.bench.report;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One benchmark result of JMH's JSON output, its time normalized to nanoseconds per operation.
 *
 * <p>Benchmark names follow the suite's pattern {@code org.simdnn.bench.Family.Variant.method} (variants
 * {@code Vector}, {@code Scalar}, {@code Ejml}: nested subclasses that differ only in their fork arguments) or
 * {@code org.simdnn.bench.Family.method} for a family without variants (ceilings, training).
 *
 * @param benchmark JMH's full benchmark name
 * @param family simple name of the benchmark class family, e.g. {@code ReductionBench}
 * @param variant {@code Vector}, {@code Scalar}, {@code Ejml}, ... or null for a class without variants
 * @param method the benchmark method
 * @param params JMH parameters in declaration order (empty when none)
 * @param nsPerOp average time per operation with JMH's error
 * @param allocBytesPerOp {@code gc.alloc.rate.norm} (B/op) from {@code -prof gc}, or null without the profiler
 * @param allocMbPerSecond {@code gc.alloc.rate} (MB/s) from {@code -prof gc}, or null without the profiler
 * @param forks forks JMH ran
 * @param settings JMH's forks and iterations as text, e.g. {@code 3 forks, 2 x 400 ms warm-up, 3 x 400 ms}
 * @param jvm JDK and VM JMH recorded, e.g. {@code 25.0.3, OpenJDK 64-Bit Server VM 25.0.3+9-LTS} ("" if none)
 * @param source name of the JSON file the row came from
 */
public record JmhRow(
        String benchmark,
        String family,
        @Nullable String variant,
        String method,
        Map<String, String> params,
        Estimate nsPerOp,
        @Nullable Double allocBytesPerOp,
        @Nullable Double allocMbPerSecond,
        int forks,
        String settings,
        String jvm,
        String source) {

    private static final Pattern NAME = Pattern.compile("(?:.*\\.)?(\\w+Bench)\\.(?:([A-Z]\\w*)\\.)?(\\w+)$");

    /** Splits a benchmark name into family, variant (or null) and method; fails on a name outside the pattern. */
    public static String[] parseName(String benchmark) {
        Matcher m = NAME.matcher(benchmark);
        if (!m.matches()) {
            throw new IllegalArgumentException("benchmark name " + benchmark + " does not follow the pattern"
                    + " Family.Variant.method or Family.method (family class names end in Bench)");
        }
        return new String[] {m.group(1), m.group(2), m.group(3)};
    }

    /** Parameters as {@code a=1, b=x} (empty string when none). */
    public String paramsText() {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) ->
                sb.append(sb.isEmpty() ? "" : ", ").append(k).append('=').append(v));
        return sb.toString();
    }

    /** Key that identifies the measurement across files: benchmark name and parameters. */
    public String key() {
        return benchmark + " " + paramsText();
    }

    /** The value of a parameter, or null. */
    public @Nullable String param(String name) {
        return params.get(name);
    }
}
