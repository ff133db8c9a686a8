package org.simdnn.cli;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Makes a folder read-only for this process: by permissions, or, for root (whom permissions do not stop), with the
 * immutable attribute ({@code chattr +i}). {@link #undo()} makes it writable again so the test can clean up.
 */
final class ReadOnly {

    private final Path folder;
    private final boolean immutable;

    private ReadOnly(Path folder, boolean immutable) {
        this.folder = folder;
        this.immutable = immutable;
    }

    static ReadOnly make(Path folder) throws IOException, InterruptedException {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (!Files.isWritable(folder)) {
            return new ReadOnly(folder, false);
        }
        boolean set = chattr("+i", folder) && !Files.isWritable(folder);
        assumeFalse(!set, "cannot make a folder read-only here (root without chattr)");
        return new ReadOnly(folder, true);
    }

    void undo() throws IOException, InterruptedException {
        if (immutable) {
            chattr("-i", folder);
        }
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static boolean chattr(String flag, Path folder) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("chattr", flag, folder.toString())
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
