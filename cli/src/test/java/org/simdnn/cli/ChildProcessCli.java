package org.simdnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command line in a child JVM, as {@code ./simdnn} does (same JDK, {@code --add-modules
 * jdk.incubator.vector}), in a working directory of the test's choosing: what a user sees is the exit code, the two
 * streams and the files left behind, and signals reach a real process.
 */
final class ChildProcessCli {

    /** What the JVM itself prints on standard error when the incubator module is added; not simdnn's output. */
    static final String JVM_INCUBATOR_WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";

    private ChildProcessCli() {}

    /** A running command; {@link #finish()} waits for it. */
    static final class Child {
        final Process process;
        private final CompletableFuture<String> out;
        private final CompletableFuture<String> err;

        private Child(Process process) {
            this.process = process;
            this.out = drain(process.getInputStream());
            this.err = drain(process.getErrorStream());
        }

        Result finish() throws InterruptedException {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("the command did not end within 5 minutes");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        }

        /** Sends a signal by name (INT, TERM) to the child, as a shell's kill does. */
        void signal(String name) throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .inheritIO()
                    .start();
            assertEquals(0, kill.waitFor(), "kill -" + name);
        }
    }

    /**
     * Exit status and the two streams.
     *
     * @param err standard error without the JVM's incubator warning line
     */
    record Result(int status, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }

        /** Standard error without the framed warning a run on the scalar backend prints (lines starting "!!"). */
        List<String> errLinesWithoutScalarWarning() {
            return errLines().stream().filter(l -> !l.startsWith("!!")).toList();
        }

        /** Exit code, exactly one line on standard error starting with {@code prefix}, no stack trace. */
        void assertOneLineError(int expectedStatus, String prefix) {
            String all = "stdout:\n" + out + "\nstderr:\n" + err;
            assertEquals(expectedStatus, status, all);
            assertEquals(1, errLines().size(), "exactly one line on stderr; " + all);
            assertTrue(err.startsWith(prefix), all);
            assertFalse(err.contains("Exception") || out.contains("\tat "), "no stack trace; " + all);
        }
    }

    static Child start(Path workDir, String... args) throws IOException {
        return start(workDir, List.of(), args);
    }

    /** As above, with extra JVM options (system properties) before the main class. */
    static Child start(Path workDir, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        command.add("--add-modules");
        command.add("jdk.incubator.vector");
        command.add("-Djava.awt.headless=true");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SimdnnCli.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        return new Child(builder.start());
    }

    static Result run(Path workDir, String... args) throws IOException, InterruptedException {
        return start(workDir, args).finish();
    }

    static Result run(Path workDir, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        return start(workDir, jvmOptions, args).finish();
    }

    /** Reads a stream to its end on a thread of its own (the common pool may have one thread on 2 cores). */
    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (in) {
                        text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8)
                                .replace(JVM_INCUBATOR_WARNING + "\n", ""));
                    } catch (IOException e) {
                        text.completeExceptionally(new UncheckedIOException(e));
                    }
                },
                "child-process-reader");
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
