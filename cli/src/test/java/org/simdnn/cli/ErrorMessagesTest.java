package org.simdnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import org.junit.jupiter.api.Test;

class ErrorMessagesTest {

    @Test
    void aDeniedTemporaryFileIsReportedAsTheFileItStandsForWithTheReason() {
        assertEquals(
                "/data/run/model.simdnn: permission denied",
                ErrorMessages.of(new AccessDeniedException("/data/run/.model.simdnn.25d5366f5e1dbafe.tmp")));
        assertEquals(
                "could not write the checkpoint after epoch 2 to run/checkpoint.simdnn: "
                        + "/data/run/checkpoint.simdnn (permission denied)",
                ErrorMessages.of(new UncheckedIOException(
                        "could not write the checkpoint after epoch 2 to "
                                + "run/checkpoint.simdnn: /data/run/.checkpoint.simdnn.5a0690a68eebaad.tmp",
                        new AccessDeniedException("/data/run/.checkpoint.simdnn.5a0690a68eebaad.tmp"))));
    }

    @Test
    void aFileWhereAFolderShouldBeSaysSo() {
        assertEquals("/etc/passwd: already exists", ErrorMessages.of(new FileAlreadyExistsException("/etc/passwd")));
        assertEquals(
                "a file named .notes.tmp stays",
                ErrorMessages.of(new IllegalArgumentException("a file named .notes.tmp stays")));
    }
}
