package org.simdnn.dsl.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opening data files: gzip is recognized by its magic bytes, not by the file name. */
final class DataStreams {

    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    private DataStreams() {}

    /**
     * Opens {@code file} for reading, through a gzip decoder when it starts with the gzip magic bytes.
     *
     * @throws IOException naming the file when it is missing or unreadable
     */
    static InputStream open(Path file) throws IOException {
        InputStream raw;
        try {
            raw = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        } catch (IOException e) {
            throw new IOException(file + ": cannot open (" + e.getMessage() + ")", e);
        }
        try {
            return decompressIfGzip(raw, file.toString());
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    /** Wraps {@code in} in a gzip decoder when its first two bytes are the gzip magic; buffered either way. */
    static InputStream decompressIfGzip(InputStream in, String source) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int b1 = buffered.read();
        int b2 = buffered.read();
        buffered.reset();
        if (b1 == GZIP_MAGIC_1 && b2 == GZIP_MAGIC_2) {
            try {
                return new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16);
            } catch (IOException e) {
                throw new IOException(
                        source + ": starts like a gzip file but its gzip header is corrupt (" + e.getMessage() + ")",
                        e);
            }
        }
        return buffered;
    }

    /**
     * Reads up to {@code n} bytes, growing the buffer as data arrives (so a header that claims far more data than
     * the file holds costs no more memory than the file), and turns gzip decoding errors into one-line messages.
     */
    static byte[] readUpTo(InputStream in, int n, String source) throws IOException {
        try {
            return in.readNBytes(n);
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            throw new IOException(source + ": truncated or corrupt gzip data (" + e.getMessage() + ")", e);
        }
    }
}
