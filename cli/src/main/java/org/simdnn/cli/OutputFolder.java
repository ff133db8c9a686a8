package org.simdnn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folder a command writes into. {@link #check} runs with the other flag checks, before any data is read, so an
 * unusable folder is refused while nothing has happened yet; {@link #create} makes it only when there is something
 * to write, and {@link #removeIfEmpty} takes back a folder this run made but never used.
 */
final class OutputFolder {

    private final Path dir;
    private boolean created;

    private OutputFolder(Path dir) {
        this.dir = dir;
    }

    /**
     * @param flag the option that named the folder, for the message
     * @param dir  the folder; it or its nearest existing ancestor must be a writable folder
     * @throws IllegalArgumentException naming the flag, the path and the reason
     */
    static OutputFolder check(String flag, Path dir) throws IOException {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        Path probe = existing != null ? existing : Path.of("").toAbsolutePath();
        String what = probe.equals(dir) ? "it" : probe.toString();
        if (!Files.isDirectory(probe)) {
            throw new IllegalArgumentException(flag + " " + dir + ": " + what + " is a file, not a folder");
        }
        if (!Files.isWritable(probe)) {
            String reason = Files.getFileStore(probe).isReadOnly() ? "read-only file system" : "permission denied";
            throw new IllegalArgumentException(flag + " " + dir + ": "
                    + (probe.equals(dir) ? "cannot write in this folder (" : "cannot create it in " + probe + " (")
                    + reason + ")");
        }
        return new OutputFolder(dir);
    }

    Path path() {
        return dir;
    }

    void create() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            created = true;
        }
    }

    /** Deletes the folder when this run created it and left nothing in it. */
    void removeIfEmpty() {
        if (!created) {
            return;
        }
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException e) {
            // an empty folder left behind is harmless; the message the user sees is about the real failure
        }
    }
}
