package org.simdnn.cli;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.regex.Pattern;

/** The one line a user sees for a failed command: what failed, on which file, and why. */
final class ErrorMessages {

    /**
     * Model files and checkpoints are written through a temporary file {@code .NAME.HEX.tmp} next to them; a failure
     * names the file the user asked for, not the temporary one.
     */
    private static final Pattern TEMPORARY = Pattern.compile("(^|[/\\\\])\\.([^/\\\\]+?)\\.[0-9a-f]{1,16}\\.tmp\\b");

    private ErrorMessages() {}

    static String of(Throwable failure) {
        String message;
        if (failure instanceof UncheckedIOException u
                && (u.getMessage() == null || u.getMessage().equals(String.valueOf(u.getCause())))) {
            // a bare wrapper: the cause says it all
            return of(u.getCause());
        }
        if (failure instanceof UncheckedIOException u && u.getCause() instanceof FileSystemException f) {
            // the library's message gives the context (which checkpoint, after which epoch); add the reason
            message = f.getReason() == null ? u.getMessage() + " (" + reason(f) + ")" : u.getMessage();
        } else if (failure instanceof UncheckedIOException u) {
            message = u.getMessage();
        } else if (failure instanceof FileSystemException f) {
            message = f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": " + reason(f);
        } else {
            message = failure.getMessage();
        }
        if (message == null) {
            message = failure.getClass().getSimpleName();
        }
        return TEMPORARY.matcher(message).replaceAll("$1$2");
    }

    /** The operating system's reason, or the one its exception type stands for (Java drops the text for these). */
    static String reason(FileSystemException f) {
        if (f.getReason() != null) {
            return f.getReason();
        }
        if (f instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (f instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (f instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (f instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (f instanceof DirectoryNotEmptyException) {
            return "folder not empty";
        }
        return f.getClass().getSimpleName();
    }
}
