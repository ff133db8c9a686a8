package org.simdnn.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every ```java block of the repository's README compiles and runs: each is wrapped in a method that declares the
 * variables the snippet uses but does not define (the data, the arrays), compiled with the JDK's compiler against
 * the library by the JDK's {@code javac}, and run in a fresh JVM. {@code Path.of("...")} in a snippet is redirected
 * into a temporary folder.
 */
class ReadmeExamplesTest {

    /** Declarations a snippet may use, keyed by a text that identifies the snippet. */
    private static final Map<String, String> GIVEN = new LinkedHashMap<>();

    static {
        String data = """
            java.util.SplittableRandom r = new java.util.SplittableRandom(1);
            int n = 256;
            float[] features = new float[n * 784];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i % 10;
                for (int j = 0; j < 784; j++) {
                    features[i * 784 + j] = (float) (r.nextGaussian() + (j % 10 == labels[i] ? 2 : 0));
                }
            }
            Dataset all = Dataset.classification(features, n, 784, labels, 10);
            """;
        GIVEN.put("TrainingHistory history", data + """
            Dataset train = all.subset(0, 192);
            Dataset test = all.subset(192, 256);
            float[] x = java.util.Arrays.copyOf(features, 8 * 784);
            int rows = 8;
            """);
        GIVEN.put("Gradients.merge", data + """
            Dataset shard1 = all.subset(0, 64);
            Dataset shard2 = all.subset(64, 128);
            long step = 0;
            """);
        GIVEN.put("Reductions.dot", """
            float[] a = new float[1000];
            float[] b = new float[1000];
            int n = 256;
            float[] train = new float[n * 784];
            for (int i = 0; i < train.length; i++) {
                train[i] = (float) Math.sin(i);
            }
            float[] x = new float[128 * 784];
            float[] y = new float[128 * 784];
            float[] w = new float[256 * 784];
            float[] h = new float[128 * 256];
            float[] gamma = new float[256];
            float[] beta = new float[256];
            float[] saveMean = new float[256];
            float[] saveInvStd = new float[256];
            float[] runningMean = new float[256];
            float[] runningVar = new float[256];
            java.util.Arrays.fill(gamma, 1f);
            java.util.Arrays.fill(runningVar, 1f);
            """);
    }

    @TempDir
    Path dir;

    private static List<String> javaBlocks() throws IOException {
        Path readme =
                Path.of(System.getProperty("user.dir")).resolve("../README.md").normalize();
        List<String> blocks = new ArrayList<>();
        StringBuilder current = null;
        for (String line : Files.readAllLines(readme)) {
            if (current == null && line.strip().equals("```java")) {
                current = new StringBuilder();
            } else if (current != null && line.strip().equals("```")) {
                blocks.add(current.toString());
                current = null;
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        return blocks;
    }

    private static void run(String failure, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), failure + "\n(timed out)");
        assertEquals(0, p.exitValue(), failure + "\n" + out);
    }

    @Test
    void everyJavaExampleOfTheReadmeCompilesAndRuns() throws Exception {
        List<String> blocks = javaBlocks();
        assertEquals(GIVEN.size(), blocks.size(), "README java blocks: give each new one its declarations here");
        Path bin = Path.of(System.getProperty("java.home"), "bin");
        String path = String.join(
                File.pathSeparator,
                System.getProperty("jdk.module.path", ""),
                System.getProperty("java.class.path", ""));
        for (int i = 0; i < blocks.size(); i++) {
            String block = blocks.get(i);
            String given = GIVEN.entrySet().stream()
                    .filter(e -> block.contains(e.getKey()))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no declarations for README block:\n" + block));
            StringBuilder imports = new StringBuilder("import org.simdnn.core.*;\nimport org.simdnn.dsl.*;\n"
                    + "import java.nio.file.Path;\nimport java.util.List;\n");
            StringBuilder body = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("import ")) {
                    imports.append(line).append('\n');
                } else {
                    body.append(line.replace("Path.of(\"", "dir.resolve(\"")).append('\n');
                }
            }
            String name = "Snippet" + i;
            String source = imports + "public class " + name + " {\n  public static void main(String[] args) throws"
                    + " Exception {\n    Path dir = Path.of(args[0]);\n" + given + body + "  }\n}\n";
            Path src = dir.resolve(name + ".java");
            Files.writeString(src, source);
            Files.createDirectories(dir.resolve("run"));
            run(
                    "README block " + i + " does not compile:\n" + source,
                    bin.resolve("javac").toString(),
                    "-proc:none",
                    "--add-modules",
                    "jdk.incubator.vector",
                    "-cp",
                    path,
                    "-d",
                    dir.toString(),
                    src.toString());
            run(
                    "README block " + i + " fails:\n" + source,
                    bin.resolve("java").toString(),
                    "--add-modules",
                    "jdk.incubator.vector",
                    "-cp",
                    dir + File.pathSeparator + path,
                    name,
                    dir.toString());
        }
        assertTrue(Files.exists(dir.resolve("model.simdnn")), "the first example saves its model");
    }
}
