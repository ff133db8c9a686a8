package org.simdnn.dsl.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.simdnn.dsl.Dataset;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: a big-endian header (two zero bytes, a type byte, a
 * dimension count, one 32-bit size per dimension) followed by the data. Images are {@code 0x00000803} (unsigned
 * bytes, 3 dimensions: count, rows, columns) and labels {@code 0x00000801} (unsigned bytes, 1 dimension). Files may
 * be gzipped or not; gzip is recognized by its magic bytes.
 *
 * <p>Pixels are returned as floats in {@code 0..255}, unscaled: scaling (for example
 * {@link Dataset#scaled(float) scaled(1f / 255)}) and standardization are the caller's choice.
 *
 * <p>Every malformed file gives an {@link IOException} with a one-line message that names the file: wrong magic
 * number, truncated data, extra data, a header whose sizes are impossible, image and label files with different
 * counts, labels out of range. Sizes are checked before anything is allocated, so a corrupt header cannot cause
 * an {@link OutOfMemoryError}.
 */
public final class IdxReader {

    /** Magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned bytes with 1 dimension (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    /** The largest data block read into one array (a Java array holds a little under 2^31 elements). */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private IdxReader() {}

    /**
     * The content of an IDX image file.
     *
     * @param count   number of images
     * @param rows    pixel rows per image
     * @param columns pixel columns per image
     * @param pixels  {@code count * rows * columns} values in {@code 0..255}, image after image, each row-major
     */
    public record Images(int count, int rows, int columns, float[] pixels) {
        /**
         * Checks that the pixel array matches the shape.
         *
         * @param count   number of images
         * @param rows    pixel rows per image
         * @param columns pixel columns per image
         * @param pixels  the pixel values
         */
        public Images {
            if ((long) count * rows * columns != pixels.length) {
                throw new IllegalArgumentException(count + " images of " + rows + " x " + columns + " need "
                        + (long) count * rows * columns + " pixels but the array has " + pixels.length);
            }
        }

        /** @return pixels per image ({@code rows * columns}), the feature count of a dataset built from them */
        public int pixelsPerImage() {
            return rows * columns;
        }
    }

    /**
     * Reads an image file and a label file into a classification dataset whose class count is
     * {@code max(label) + 1} (at least 2).
     *
     * @param images the IDX image file ({@value #IMAGES_MAGIC} magic), gzipped or not
     * @param labels the IDX label file ({@value #LABELS_MAGIC} magic), gzipped or not
     * @return {@code count} samples of {@code rows * columns} features, pixels in {@code 0..255}
     * @throws IOException with a one-line message naming the file for any malformed file or count mismatch
     */
    public static Dataset read(Path images, Path labels) throws IOException {
        return read(images, labels, 0);
    }

    /**
     * Reads an image file and a label file into a classification dataset with {@code classCount} classes (use
     * the same count for the training and the test file, e.g. 10 for MNIST).
     *
     * @param images     the IDX image file, gzipped or not
     * @param labels     the IDX label file, gzipped or not
     * @param classCount the number of classes (at least 2), or 0 for {@code max(label) + 1}
     * @return {@code count} samples of {@code rows * columns} features, pixels in {@code 0..255}
     * @throws IOException with a one-line message naming the file for any malformed file, a count mismatch or a
     *                     label outside {@code [0, classCount)}
     */
    public static Dataset read(Path images, Path labels, int classCount) throws IOException {
        if (classCount != 0 && classCount < 2) {
            throw new IllegalArgumentException("classCount must be 0 (infer) or at least 2, got " + classCount);
        }
        Images x = readImages(images);
        int[] y = readLabels(labels);
        if (y.length != x.count()) {
            throw new IOException(images + " has " + x.count() + " images but " + labels + " has " + y.length
                    + " labels: the two files must describe the same samples");
        }
        int classes = classCount;
        if (classes == 0) {
            classes = 2;
            for (int label : y) {
                classes = Math.max(classes, label + 1);
            }
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] >= classes) {
                throw new IOException(
                        labels + ": label " + y[i] + " at index " + i + " is outside [0, " + classes + ")");
            }
        }
        return Dataset.classification(x.pixels(), x.count(), x.pixelsPerImage(), y, classes);
    }

    /**
     * Reads an IDX image file.
     *
     * @param file the file ({@value #IMAGES_MAGIC} magic), gzipped or not
     * @return the images, pixels in {@code 0..255}
     * @throws IOException with a one-line message naming the file when it is malformed
     */
    public static Images readImages(Path file) throws IOException {
        try (InputStream in = DataStreams.open(file)) {
            String name = file.toString();
            int[] dims = readHeader(in, name, IMAGES_MAGIC, "images (unsigned bytes, 3 dimensions)");
            int count = dims[0];
            int rows = dims[1];
            int columns = dims[2];
            long bytes = (long) count * rows * columns;
            String shape = count + " images of " + rows + " x " + columns;
            if (rows == 0 || columns == 0) {
                throw new IOException(name + ": the header describes " + shape + ": an image needs at least 1 pixel");
            }
            byte[] data = readData(in, file, name, bytes, 16, shape, (long) rows * columns, "images");
            float[] pixels = new float[data.length];
            for (int i = 0; i < data.length; i++) {
                pixels[i] = data[i] & 0xff;
            }
            return new Images(count, rows, columns, pixels);
        }
    }

    /**
     * Reads an IDX label file.
     *
     * @param file the file ({@value #LABELS_MAGIC} magic), gzipped or not
     * @return the labels, each in {@code 0..255}
     * @throws IOException with a one-line message naming the file when it is malformed
     */
    public static int[] readLabels(Path file) throws IOException {
        try (InputStream in = DataStreams.open(file)) {
            String name = file.toString();
            int[] dims = readHeader(in, name, LABELS_MAGIC, "labels (unsigned bytes, 1 dimension)");
            int count = dims[0];
            byte[] data = readData(in, file, name, count, 8, count + " labels", 1, "labels");
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = data[i] & 0xff;
            }
            return labels;
        }
    }

    /** Reads and checks the magic number and the dimension sizes; returns the sizes. */
    private static int[] readHeader(InputStream in, String name, int magic, String what) throws IOException {
        byte[] magicBytes = DataStreams.readUpTo(in, 4, name);
        if (magicBytes.length == 0) {
            throw new IOException(name + ": empty file (expected IDX " + what + ")");
        }
        if (magicBytes.length < 4) {
            throw new IOException(name + ": truncated: ends after " + magicBytes.length
                    + " bytes, inside the 4-byte IDX magic number");
        }
        int found = bigEndian(magicBytes, 0);
        if (found != magic) {
            throw new IOException(name + ": wrong magic number 0x" + hex(found) + ", expected 0x" + hex(magic)
                    + " (IDX " + what + ")" + hint(found));
        }
        int dimensions = magic & 0xff;
        byte[] sizeBytes = DataStreams.readUpTo(in, 4 * dimensions, name);
        if (sizeBytes.length < 4 * dimensions) {
            throw new IOException(name + ": truncated: the header needs " + (4 + 4 * dimensions)
                    + " bytes but the file ends after " + (4 + sizeBytes.length));
        }
        int[] dims = new int[dimensions];
        for (int d = 0; d < dimensions; d++) {
            dims[d] = bigEndian(sizeBytes, 4 * d);
            if (dims[d] < 0) {
                throw new IOException(name + ": corrupt header: dimension " + d + " has size "
                        + Integer.toUnsignedString(dims[d]) + " (more than 2^31 - 1)");
            }
        }
        if (dims[0] == 0) {
            throw new IOException(
                    name + ": the header describes 0 " + (dimensions == 1 ? "labels" : "images") + ": nothing to read");
        }
        return dims;
    }

    /**
     * Reads exactly {@code bytes} bytes of data after a header of {@code headerBytes}: refuses sizes no array can
     * hold, compares uncompressed files against their size before allocating, and rejects short and long files.
     */
    private static byte[] readData(
            InputStream in,
            Path file,
            String name,
            long bytes,
            int headerBytes,
            String shape,
            long bytesPerItem,
            String items)
            throws IOException {
        if (bytes > MAX_BYTES) {
            throw new IOException(name + ": the header describes " + shape + " = " + bytes
                    + " bytes, more than one Java array can hold (corrupt header?)");
        }
        // An uncompressed file's size tells at once whether the data is all there; a gzipped one is read in
        // growing chunks instead (readUpTo), so a lying header costs no more memory than the file.
        long fileSize = Files.size(file);
        if (!isGzip(file) && fileSize < headerBytes + bytes) {
            throw new IOException(name + ": truncated: the header describes " + shape + " (" + bytes
                    + " bytes of data) but the file has only " + (fileSize - headerBytes) + " bytes after the header ("
                    + (fileSize - headerBytes) / bytesPerItem + " whole " + items + ")");
        }
        byte[] data = DataStreams.readUpTo(in, (int) bytes, name);
        if (data.length < bytes) {
            throw new IOException(name + ": truncated: the header describes " + shape + " (" + bytes
                    + " bytes of data) but the data ends after " + data.length + " bytes ("
                    + data.length / bytesPerItem + " whole " + items + ")");
        }
        if (DataStreams.readUpTo(in, 1, name).length != 0) {
            throw new IOException(name + ": extra bytes after the " + shape
                    + " that the header describes (a different file, or a corrupt header?)");
        }
        return data;
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            return raw.read() == 0x1f && raw.read() == 0x8b;
        }
    }

    private static String hint(int found) {
        if (found == IMAGES_MAGIC) {
            return ": this is an image file, not a label file (swapped arguments?)";
        }
        if (found == LABELS_MAGIC) {
            return ": this is a label file, not an image file (swapped arguments?)";
        }
        if ((found >>> 16) == 0 && (found >>> 8 & 0xff) != 0x08) {
            return ": an IDX file of another element type; only unsigned bytes (0x08) are supported";
        }
        return ": not an IDX file";
    }

    private static int bigEndian(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    private static String hex(int v) {
        return String.format("%08x", v);
    }
}
