package org.simdnn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the run records say about the machine. */
final class Machine {

    private Machine() {}

    /** The CPU model from /proc/cpuinfo on Linux, otherwise the architecture. */
    static String cpu() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try {
                List<String> lines = Files.readAllLines(cpuinfo);
                for (String line : lines) {
                    if (line.startsWith("model name")) {
                        int colon = line.indexOf(':');
                        return line.substring(colon + 1).strip();
                    }
                }
            } catch (IOException | RuntimeException e) {
                // fall through: the architecture is still worth recording
            }
        }
        return System.getProperty("os.arch");
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    static String os() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
    }
}
