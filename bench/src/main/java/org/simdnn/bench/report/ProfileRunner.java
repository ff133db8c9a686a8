package org.simdnn.bench.report;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs one {@link Profile} in one JMH session and keeps JMH's JSON: {@code DIR/run-<UTC time>.json} with its
 * {@link RunEnvironment} beside it ({@code .env.json}). A complete run (no {@code --only}) first removes the older
 * result files of the directory, so the directory always describes one consistent run plus the partial re-runs
 * made after it.
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar org.simdnn.bench.report.ProfileRunner \
 *     quick|full|peers --out DIR [--only REGEX] [--commit ID] [--list]
 * }</pre>
 *
 * {@code --only} keeps the benchmarks whose full name (e.g. {@code org.simdnn.bench.GemmBench.Vector.gemm}) the
 * regex finds; {@code CeilingBench} runs anyway. {@code --list} prints the selection and a duration estimate
 * without running anything.
 */
public final class ProfileRunner {
    private ProfileRunner() {}

    /** A benchmark selected for a run, with the parameters of its profile entry. */
    record Selected(String name, Profile.Entry entry, Class<?> type) {}

    /** Command-line entry point. */
    public static void main(String[] args) throws IOException, RunnerException {
        if (args.length < 1) {
            throw new IllegalArgumentException(
                    "usage: ProfileRunner quick|full|peers --out DIR [--only REGEX]" + " [--commit ID] [--list]");
        }
        Profile profile = Profile.of(args[0]);
        Path out = null;
        String only = null;
        String commit = "unknown";
        boolean list = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--only" -> only = args[++i];
                case "--commit" -> commit = args[++i];
                case "--list" -> list = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<Selected> selected = select(profile, only == null ? null : Pattern.compile(only), System.out);
        int benchmarks = count(selected);
        // per fork: warm-up + measurement + ~1 s for the JVM start and the setup of DRAM-sized arrays
        double seconds = benchmarks
                * profile.forks
                * ((profile.warmupIterations * profile.warmupMillis + profile.iterations * profile.iterationMillis)
                                / 1e3
                        + 1);
        System.out.printf(
                "%s profile: %d benchmark x parameter combinations, %s; about %.0f min%n",
                profile.id(), benchmarks, profile.settings(), seconds / 60);
        if (list) {
            selected.forEach(
                    s -> System.out.println("  " + s.name() + " " + s.entry().params()));
            return;
        }
        if (out == null) {
            throw new IllegalArgumentException("--out DIR is required");
        }
        run(profile, selected, out, only, commit);
    }

    /** Benchmarks of a profile, filtered by {@code only} (ceilings always kept). */
    static List<Selected> select(Profile profile, Pattern only, PrintStream log) {
        List<Selected> out = new ArrayList<>();
        for (Profile.Entry e : profile.entries()) {
            Class<?> family;
            try {
                family = Class.forName("org.simdnn.bench." + e.family());
            } catch (ClassNotFoundException ex) {
                log.println("note: " + e.family() + " is not in this build; skipped");
                continue;
            }
            Pattern variants = Pattern.compile(e.variants());
            Pattern methods = Pattern.compile(e.methods());
            for (Class<?> c : concreteClasses(family)) {
                String variant = c == family ? "" : c.getSimpleName();
                if (c != family && !variants.matcher(variant).matches()) {
                    continue;
                }
                for (Method m : c.getMethods()) {
                    if (!m.isAnnotationPresent(Benchmark.class)
                            || !methods.matcher(m.getName()).matches()) {
                        continue;
                    }
                    String name = c.getName().replace('$', '.') + "." + m.getName();
                    boolean ceiling = e.family().equals("CeilingBench");
                    if (only == null || ceiling || only.matcher(name).find()) {
                        out.add(new Selected(name, e, c));
                    }
                }
            }
        }
        return out;
    }

    private static List<Class<?>> concreteClasses(Class<?> family) {
        if (!Modifier.isAbstract(family.getModifiers())) {
            return List.of(family);
        }
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> c : family.getDeclaredClasses()) {
            if (!Modifier.isAbstract(c.getModifiers()) && family.isAssignableFrom(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** Benchmark x parameter combinations: the profile's values where it overrides, else the class's own. */
    static int count(List<Selected> selected) {
        int n = 0;
        for (Selected s : selected) {
            int combos = 1;
            for (Class<?> k = s.type(); k != null; k = k.getSuperclass()) {
                for (java.lang.reflect.Field f : k.getDeclaredFields()) {
                    Param p = f.getAnnotation(Param.class);
                    if (p != null) {
                        String override = s.entry().params().get(f.getName());
                        combos *= override != null ? override.split(",").length : p.value().length;
                    }
                }
            }
            n += combos;
        }
        return n;
    }

    private static void run(Profile profile, List<Selected> selected, Path out, String only, String commit)
            throws IOException, RunnerException {
        Files.createDirectories(out);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC));
        // a whole profile replaces the directory's results; --only and the refresh profile add to them
        if (only == null && profile != Profile.REFRESH) {
            try (var files = Files.list(out)) {
                for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".json"))
                        .toList()) {
                    Files.delete(p);
                }
            }
        }
        Path json = out.resolve("run-" + stamp + ".json");
        RunEnvironment env =
                RunEnvironment.probe(profile.id() + (only == null ? "" : " --only '" + only + "'"), commit);
        System.out.println("environment: " + env);
        List<RunResult> results = new ArrayList<>();
        // one JMH invocation per profile entry: entries differ in their parameter values
        for (Profile.Entry e : profile.entries()) {
            List<String> names = selected.stream()
                    .filter(s -> s.entry() == e)
                    .map(Selected::name)
                    .toList();
            if (names.isEmpty()) {
                continue;
            }
            ChainedOptionsBuilder o = new OptionsBuilder()
                    .forks(profile.forks)
                    .warmupIterations(e.warmupIterations() > 0 ? e.warmupIterations() : profile.warmupIterations)
                    .warmupTime(
                            TimeValue.milliseconds(e.warmupIterations() > 0 ? e.warmupMillis() : profile.warmupMillis))
                    .measurementIterations(profile.iterations)
                    .measurementTime(TimeValue.milliseconds(profile.iterationMillis))
                    .addProfiler(GCProfiler.class)
                    .shouldFailOnError(false);
            for (String n : names) {
                o.include("^" + Pattern.quote(n) + "$");
            }
            for (Map.Entry<String, String> p : e.params().entrySet()) {
                o.param(p.getKey(), p.getValue().split(","));
            }
            Collection<RunResult> r = new Runner(o.build()).run();
            results.addAll(r);
        }
        try (PrintStream ps = new PrintStream(Files.newOutputStream(json), true, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, ps).writeOut(results);
        }
        env.withLoadAfter().write(RunEnvironment.fileFor(json));
        System.out.println("results: " + json + " (" + results.size() + " benchmarks)");
    }
}
