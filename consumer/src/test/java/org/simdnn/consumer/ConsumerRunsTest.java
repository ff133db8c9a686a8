package org.simdnn.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link Main} in a fresh JVM the two ways an application can use the library: as a named module on the
 * module path (the dsl and core jars as modules, {@code requires org.simdnn.dsl} only) and on the classpath.
 */
class ConsumerRunsTest {

    /** The jars and class folders the test JVM was given, minus the test tooling: the application's path. */
    private static String applicationPath() {
        String path = System.getProperty("jdk.module.path", "");
        if (path.isEmpty()) {
            path = System.getProperty("java.class.path");
        }
        List<String> keep = new ArrayList<>();
        for (String entry : path.split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (!entry.isEmpty()
                    && !name.startsWith("junit")
                    && !name.startsWith("opentest4j")
                    && !name.startsWith("apiguardian")
                    && !name.equals("test-classes")) {
                keep.add(entry);
            }
        }
        String classes = System.getProperty("consumer.classes");
        if (!keep.contains(classes)) {
            keep.add(0, classes);
        }
        return String.join(File.pathSeparator, keep);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the consumer did not finish");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void runsAsANamedModuleOnTheModulePath() throws Exception {
        String out = run(List.of(
                java(),
                "--add-modules",
                "jdk.incubator.vector",
                "--module-path",
                applicationPath(),
                "--module",
                "org.simdnn.consumer/org.simdnn.consumer.Main"));
        assertTrue(out.contains("consumer ok: backend=") && out.contains("module=org.simdnn.consumer"), out);
        assertTrue(!out.contains("backend=scalar"), "the Vector API backend loads on the module path: " + out);
    }

    @Test
    void runsOnTheClasspath() throws Exception {
        String out = run(List.of(
                java(), "--add-modules", "jdk.incubator.vector", "-cp", applicationPath(), "org.simdnn.consumer.Main"));
        assertTrue(out.contains("consumer ok: backend=") && out.contains("module=unnamed"), out);
    }
}
