package org.simdnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.simdnn.bench.report.KernelCatalog;
import org.simdnn.core.Activations;
import org.simdnn.core.BatchNorm;
import org.simdnn.core.Gemm;
import org.simdnn.core.Losses;
import org.simdnn.core.Optimizers;
import org.simdnn.core.Reductions;
import org.simdnn.core.Standardizer;

/**
 * Every public method of the core facades is measured by some {@code @Benchmark} method (read from the bytecode of
 * the benchmark classes, so a benchmark that stops calling a kernel is noticed), or is listed below as a
 * delegating overload with the method that carries its work, or as configuration. And every benchmark method has
 * an entry in the report's {@link KernelCatalog}, so the report can count its bytes.
 */
class KernelCoverageTest {

    private static final List<Class<?>> FACADES = List.of(
            Activations.class,
            BatchNorm.class,
            Gemm.class,
            Losses.class,
            Optimizers.class,
            Reductions.class,
            Standardizer.class);

    /** Overloads whose work is another public method's (key: Class.name(descriptor) -> what carries the work). */
    private static final Map<String, String> DELEGATES = Map.ofEntries(
            Map.entry("Activations.forward(Lorg/simdnn/core/Activation;F[F[F)V", "forward over the whole arrays"),
            Map.entry(
                    "BatchNorm.forwardTraining([FIIIIFLorg/simdnn/core/Activation;F[FII[F[F[F[FF)V",
                    "forwardTraining without gamma/beta: the same kernel with the affine step skipped"),
            Map.entry(
                    "BatchNorm.forwardInference([FIIII[F[FFLorg/simdnn/core/Activation;F[FII)V",
                    "forwardInference without gamma/beta: the same kernel"),
            Map.entry(
                    "BatchNorm.backwardTraining([FIIII[F[FLorg/simdnn/core/Activation;F[FII[FII[F[F)V",
                    "backwardTraining without gamma/beta: the same kernel"),
            Map.entry(
                    "BatchNorm.backwardInference([FIIII[F[FFLorg/simdnn/core/Activation;F[FII[FII)V",
                    "backwardInference without gamma/beta: the same kernel"),
            Map.entry(
                    "Gemm.gemm(Lorg/simdnn/core/Transpose;Lorg/simdnn/core/Transpose;IIIF[FII[FIIF[FII[FI"
                            + "Lorg/simdnn/core/Activation;F)V",
                    "the epilogue form; Gemm.dense is this call with op NT"),
            Map.entry("Reductions.sum([F)F", "sum over the whole array"),
            Map.entry("Reductions.dot([F[F)F", "dot over the whole arrays"),
            Map.entry("Reductions.meanVariance([F)[F", "meanVariance over the whole array, allocating the pair"),
            Map.entry("Standardizer.fitRange([FIIIIFF)LStandardizer;", "columnMinMax + O(cols) arithmetic"));

    /** Public methods that are not kernels. */
    private static final Set<String> CONFIGURATION = Set.of(
            "Gemm.parallelism",
            "Gemm.setParallelism",
            "Standardizer.of",
            "Standardizer.features",
            "Standardizer.mean",
            "Standardizer.std",
            "Standardizer.toString");

    private static Path benchClasses() throws Exception {
        return Path.of(DenseBench.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    }

    /** Class.name(descriptor) of every facade method a @Benchmark method invokes. */
    private static Set<String> invokedByBenchmarks() throws Exception {
        Set<String> out = new TreeSet<>();
        Path root = benchClasses().resolve("org/simdnn/bench");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p ->
                            p.toString().endsWith(".class") && !p.toString().contains("jmh_generated"))
                    .toList()) {
                ClassModel cm = ClassFile.of().parse(Files.readAllBytes(f));
                for (MethodModel m : cm.methods()) {
                    boolean benchmark = m.findAttribute(Attributes.runtimeVisibleAnnotations()).stream()
                            .flatMap(a -> a.annotations().stream())
                            .anyMatch(a -> a.classSymbol()
                                    .descriptorString()
                                    .equals("Lorg/openjdk/jmh/annotations/Benchmark;"));
                    if (!benchmark || m.code().isEmpty()) {
                        continue;
                    }
                    m.code().get().forEach(e -> {
                        if (e instanceof InvokeInstruction i
                                && i.owner().asInternalName().startsWith("org/simdnn/core/")) {
                            String owner = i.owner().asInternalName().substring("org/simdnn/core/".length());
                            out.add(owner + "." + i.name().stringValue()
                                    + shortTypes(i.type().stringValue()));
                        }
                    });
                }
            }
        }
        return out;
    }

    /** Descriptors with the core package stripped from the class names of the facades themselves. */
    private static String shortTypes(String descriptor) {
        return descriptor.replace("Lorg/simdnn/core/Standardizer;", "LStandardizer;");
    }

    private static String key(Class<?> c, Method m) {
        StringBuilder d = new StringBuilder("(");
        for (Class<?> p : m.getParameterTypes()) {
            d.append(p.descriptorString());
        }
        d.append(')').append(m.getReturnType().descriptorString());
        return c.getSimpleName() + "." + m.getName() + shortTypes(d.toString());
    }

    @Test
    void everyPublicKernelHasABenchmark() throws Exception {
        Set<String> invoked = invokedByBenchmarks();
        Map<String, String> uncovered = new TreeMap<>();
        List<String> staleDelegates = new ArrayList<>(DELEGATES.keySet());
        int kernels = 0;
        for (Class<?> c : FACADES) {
            for (Method m : c.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic()) {
                    continue;
                }
                String key = key(c, m);
                staleDelegates.remove(key);
                if (CONFIGURATION.contains(c.getSimpleName() + "." + m.getName()) || DELEGATES.containsKey(key)) {
                    continue;
                }
                kernels++;
                if (!invoked.contains(key)) {
                    uncovered.put(key, m.toString());
                }
            }
        }
        assertTrue(
                uncovered.isEmpty(),
                () -> "public kernels with no @Benchmark calling them: " + uncovered.keySet()
                        + "\nAdd a benchmark (and a KernelCatalog entry), or list the method in DELEGATES with what carries its"
                        + " work.\nInvoked by benchmarks: " + invoked);
        assertTrue(staleDelegates.isEmpty(), () -> "DELEGATES names methods that no longer exist: " + staleDelegates);
        assertTrue(kernels >= 25, "the facades' kernel count looks wrong: " + kernels);
    }

    @Test
    void everyBenchmarkMethodIsInTheReportCatalog() throws Exception {
        List<String> missing = new ArrayList<>();
        for (Class<?> family : List.of(
                ReductionBench.class,
                ColumnStatsBench.class,
                ActivationBench.class,
                BatchNormBench.class,
                LossBench.class,
                OptimizerBench.class,
                DenseBench.class,
                GemmBench.Simdnn.class)) {
            String name = family.getEnclosingClass() != null
                    ? family.getEnclosingClass().getSimpleName()
                    : family.getSimpleName();
            for (Method m : family.getMethods()) {
                if (m.isAnnotationPresent(org.openjdk.jmh.annotations.Benchmark.class)
                        && KernelCatalog.lookup(name, m.getName()) == null) {
                    missing.add(name + "." + m.getName());
                }
            }
        }
        assertEquals(
                List.of(),
                missing,
                "benchmark methods the report cannot type (bytes, bound): add them to" + " KernelCatalog");
    }
}
