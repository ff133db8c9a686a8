package org.simdnn.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;

/**
 * Small IDX files for tests (the MNIST container: a big-endian magic number, one big-endian int per dimension, then
 * the data bytes), written from the format's description, independently of the reader under test.
 */
public final class IdxFiles {

    /** Magic number of an unsigned-byte, three-dimensional file (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an unsigned-byte, one-dimensional file (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxFiles() {}

    /** An IDX file: {@code magic}, the {@code sizes}, then the {@code data} bytes, whether or not they agree. */
    public static byte[] idx(int magic, int[] sizes, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * sizes.length + data.length);
        b.putInt(magic);
        for (int s : sizes) {
            b.putInt(s);
        }
        b.put(data);
        return b.array();
    }

    /** An images file of {@code count} images of {@code rows x cols} pixels. */
    public static byte[] images(int count, int rows, int cols, byte[] pixels) {
        return idx(IMAGES_MAGIC, new int[] {count, rows, cols}, pixels);
    }

    /** A labels file holding {@code labels}. */
    public static byte[] labels(byte[] labels) {
        return idx(LABELS_MAGIC, new int[] {labels.length}, labels);
    }

    /** {@code bytes} gzip-compressed (as the {@code .gz} files of the MNIST distribution). */
    public static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
