package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test class's {@code main} in a fresh JVM that selects the same kernels as this one: same class path, the
 * vector module, the same instruction set ({@code -XX:UseAVX}) and the same kernel properties (backend, width,
 * registers, tile), each overridable by an argument.
 */
final class ChildJvm {
    private static final String[] KERNEL_PROPERTIES = {
        "simdnn.backend", "simdnn.vectorBits", "simdnn.vectorRegisters", "simdnn.gemm.tile"
    };

    private ChildJvm() {}

    /** The child's merged stdout and stderr; fails the test when it does not exit with 0 within 300 s. */
    static String run(Class<?> main, String... jvmArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules",
                "jdk.incubator.vector",
                "-cp",
                String.join(
                        File.pathSeparator,
                        System.getProperty("jdk.module.path", ""),
                        System.getProperty("java.class.path", ""))));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-XX:UseAVX=")) {
                command.add(arg);
            }
        }
        for (String property : KERNEL_PROPERTIES) {
            String v = System.getProperty(property);
            boolean overridden = Arrays.stream(jvmArgs).anyMatch(a -> a.startsWith("-D" + property + "="));
            if (v != null && !overridden) {
                command.add("-D" + property + "=" + v);
            }
        }
        command.addAll(List.of(jvmArgs));
        command.add(main.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the child JVM did not finish: " + command);
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
