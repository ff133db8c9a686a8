package org.simdnn.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks of option values that picocli's types cannot express, each refusing with a one-line message that names the
 * flag and the value given. Commands call them before any work, so a typo costs nothing.
 */
final class Flags {

    private Flags() {}

    static int atLeast(String flag, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(flag + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    static float positive(String flag, float value) {
        if (!(value > 0) || Float.isInfinite(value)) {
            throw new IllegalArgumentException(flag + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    /** A value in [0, 1), such as a momentum. */
    static float fraction(String flag, float value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(flag + " must be at least 0 and below 1, got " + value);
        }
        return value;
    }

    /** A file the command will read, such as a checkpoint to resume from. */
    static Path readableFile(String flag, Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(flag + " " + file + ": it is a folder, not a file");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(flag + " " + file + ": no such file");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(flag + " " + file + ": cannot be read (permission denied)");
        }
        return file;
    }
}
