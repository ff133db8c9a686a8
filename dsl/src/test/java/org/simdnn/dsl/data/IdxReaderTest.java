package org.simdnn.dsl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.simdnn.testkit.IdxFiles.gzip;
import static org.simdnn.testkit.IdxFiles.idx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simdnn.dsl.Dataset;
import org.simdnn.testkit.Qt;

class IdxReaderTest {

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void roundTripOfGeneratedFilesGzippedOrNot() {
        Qt.qt()
                .forAll(
                        integers().between(1, 30),
                        integers().between(1, 6),
                        integers().between(1, 6),
                        longs().all())
                .checkAssert((count, rows, cols, seed) -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    byte[] pixels = new byte[count * rows * cols];
                    for (int i = 0; i < pixels.length; i++) {
                        pixels[i] = (byte) random.nextInt(256);
                    }
                    byte[] labels = new byte[count];
                    for (int i = 0; i < count; i++) {
                        labels[i] = (byte) random.nextInt(10);
                    }
                    try {
                        byte[] imageFile = idx(IdxReader.IMAGES_MAGIC, new int[] {count, rows, cols}, pixels);
                        byte[] labelFile = idx(IdxReader.LABELS_MAGIC, new int[] {count}, labels);
                        boolean gzipImages = random.nextBoolean();
                        boolean gzipLabels = random.nextBoolean();
                        Path x = write("x-" + seed, gzipImages ? gzip(imageFile) : imageFile);
                        Path y = write("y-" + seed, gzipLabels ? gzip(labelFile) : labelFile);
                        Dataset d = IdxReader.read(x, y, 10);
                        assertEquals(count, d.size());
                        assertEquals(rows * cols, d.featureCount());
                        assertEquals(10, d.classCount());
                        for (int i = 0; i < pixels.length; i++) {
                            assertEquals(pixels[i] & 0xff, d.features()[i], "pixel " + i);
                        }
                        for (int i = 0; i < count; i++) {
                            assertEquals(labels[i], d.labels()[i], "label " + i);
                        }
                        IdxReader.Images images = IdxReader.readImages(x);
                        assertEquals(rows, images.rows());
                        assertEquals(cols, images.columns());
                        Files.delete(x);
                        Files.delete(y);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    void classCountIsInferredFromTheLabelsWhenNotGiven() throws IOException {
        Path x = write("x", idx(IdxReader.IMAGES_MAGIC, new int[] {3, 1, 2}, new byte[6]));
        Path y = write("y", idx(IdxReader.LABELS_MAGIC, new int[] {3}, new byte[] {0, 4, 2}));
        assertEquals(5, IdxReader.read(x, y).classCount());
        Path zeros = write("zeros", idx(IdxReader.LABELS_MAGIC, new int[] {3}, new byte[3]));
        assertEquals(2, IdxReader.read(x, zeros).classCount());
    }

    private IOException fails(ThrowingRead read) {
        IOException e = assertThrows(IOException.class, read::run);
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    private interface ThrowingRead {
        void run() throws IOException;
    }

    private static void assertContains(String expected, IOException e) {
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void wrongMagicNumber() throws IOException {
        Path text = write("notes.txt", "hello, world".getBytes());
        IOException e = fails(() -> IdxReader.readImages(text));
        assertContains(text + ": wrong magic number 0x68656c6c, expected 0x00000803", e);
        assertContains("not an IDX file", e);

        Path labels = write("labels", idx(IdxReader.LABELS_MAGIC, new int[] {1}, new byte[1]));
        assertContains(
                "this is a label file, not an image file (swapped arguments?)",
                fails(() -> IdxReader.readImages(labels)));
        Path images = write("images", idx(IdxReader.IMAGES_MAGIC, new int[] {1, 1, 1}, new byte[1]));
        assertContains("this is an image file, not a label file", fails(() -> IdxReader.readLabels(images)));
        Path floats = write("floats", idx(0x00000d03, new int[] {1, 1, 1}, new byte[4]));
        assertContains("only unsigned bytes (0x08) are supported", fails(() -> IdxReader.readImages(floats)));
        // the gzip layer is transparent: the magic inside is what counts
        Path gzText = write("notes.gz", gzip("hello, world".getBytes()));
        assertContains(gzText + ": wrong magic number", fails(() -> IdxReader.readImages(gzText)));
    }

    @Test
    void emptyAndMissingFiles() throws IOException {
        Path empty = write("empty", new byte[0]);
        assertContains(empty + ": empty file", fails(() -> IdxReader.readImages(empty)));
        Path missing = dir.resolve("missing.idx");
        assertContains(missing + ": no such file", fails(() -> IdxReader.readLabels(missing)));
    }

    @Test
    void truncatedHeaderAndData() throws IOException {
        byte[] full = idx(IdxReader.IMAGES_MAGIC, new int[] {4, 2, 3}, new byte[24]);
        Path inMagic = write("a", Arrays.copyOf(full, 2));
        assertContains(inMagic + ": truncated: ends after 2 bytes", fails(() -> IdxReader.readImages(inMagic)));
        Path inHeader = write("b", Arrays.copyOf(full, 10));
        assertContains(
                inHeader + ": truncated: the header needs 16 bytes but the file ends after 10",
                fails(() -> IdxReader.readImages(inHeader)));
        Path inData = write("c", Arrays.copyOf(full, 16 + 13));
        assertContains(
                inData + ": truncated: the header describes 4 images of 2 x 3 (24 bytes of data) but the "
                        + "file has only 13 bytes after the header (2 whole images)",
                fails(() -> IdxReader.readImages(inData)));
        Path gzInData = write("d.gz", gzip(Arrays.copyOf(full, 16 + 13)));
        assertContains(
                gzInData + ": truncated: the header describes 4 images of 2 x 3 (24 bytes of data) but the "
                        + "data ends after 13 bytes (2 whole images)",
                fails(() -> IdxReader.readImages(gzInData)));
        byte[] labels = idx(IdxReader.LABELS_MAGIC, new int[] {5}, new byte[5]);
        Path shortLabels = write("e", Arrays.copyOf(labels, 11));
        assertContains(shortLabels + ": truncated", fails(() -> IdxReader.readLabels(shortLabels)));
    }

    @Test
    void truncatedGzipStream() throws IOException {
        byte[] gz = gzip(idx(IdxReader.IMAGES_MAGIC, new int[] {50, 4, 4}, new byte[800]));
        Path cut = write("cut.gz", Arrays.copyOf(gz, gz.length - 12));
        assertContains(cut + ": truncated or corrupt gzip data", fails(() -> IdxReader.readImages(cut)));
    }

    @Test
    void extraBytesAfterTheData() throws IOException {
        Path x = write("x", idx(IdxReader.IMAGES_MAGIC, new int[] {2, 1, 2}, new byte[5]));
        assertContains(x + ": extra bytes after the 2 images of 1 x 2", fails(() -> IdxReader.readImages(x)));
    }

    @Test
    void headersClaimingHugeSizesFailBeforeAllocating() throws IOException {
        // 2^31 - 1 images of 28 x 28: no array holds that
        Path huge = write("huge", idx(IdxReader.IMAGES_MAGIC, new int[] {Integer.MAX_VALUE, 28, 28}, new byte[1000]));
        assertContains("more than one Java array can hold", fails(() -> IdxReader.readImages(huge)));
        // 2^31 (negative as a signed int)
        Path negative = write("neg", idx(IdxReader.LABELS_MAGIC, new int[] {Integer.MIN_VALUE}, new byte[1000]));
        assertContains(
                negative + ": corrupt header: dimension 0 has size 2147483648",
                fails(() -> IdxReader.readLabels(negative)));
        // 2 * 10^9 bytes claimed by a 1 KB file, uncompressed and gzipped: a truncation, not an OutOfMemoryError
        byte[] lying = idx(IdxReader.IMAGES_MAGIC, new int[] {2_000_000, 1000, 1}, new byte[1000]);
        Path raw = write("lying", lying);
        assertContains("truncated", fails(() -> IdxReader.readImages(raw)));
        Path gz = write("lying.gz", gzip(lying));
        assertContains("truncated", fails(() -> IdxReader.readImages(gz)));
        Path labels =
                write("lying-labels.gz", gzip(idx(IdxReader.LABELS_MAGIC, new int[] {2_000_000_000}, new byte[10])));
        assertContains("truncated", fails(() -> IdxReader.readLabels(labels)));
    }

    @Test
    void zeroSizedDimensions() throws IOException {
        Path none = write("none", idx(IdxReader.IMAGES_MAGIC, new int[] {0, 28, 28}, new byte[0]));
        assertContains(none + ": the header describes 0 images", fails(() -> IdxReader.readImages(none)));
        Path flat = write("flat", idx(IdxReader.IMAGES_MAGIC, new int[] {3, 0, 28}, new byte[0]));
        assertContains("an image needs at least 1 pixel", fails(() -> IdxReader.readImages(flat)));
    }

    @Test
    void mismatchedImageAndLabelCounts() throws IOException {
        Path x = write("x", idx(IdxReader.IMAGES_MAGIC, new int[] {3, 2, 2}, new byte[12]));
        Path y = write("y", idx(IdxReader.LABELS_MAGIC, new int[] {2}, new byte[2]));
        assertContains(x + " has 3 images but " + y + " has 2 labels", fails(() -> IdxReader.read(x, y)));
    }

    @Test
    void labelsOutsideTheClassCount() throws IOException {
        Path x = write("x", idx(IdxReader.IMAGES_MAGIC, new int[] {3, 1, 1}, new byte[3]));
        Path y = write("y", idx(IdxReader.LABELS_MAGIC, new int[] {3}, new byte[] {1, 10, 2}));
        assertContains(y + ": label 10 at index 1 is outside [0, 10)", fails(() -> IdxReader.read(x, y, 10)));
        assertThrows(IllegalArgumentException.class, () -> IdxReader.read(x, y, 1));
    }

    @Test
    void imagesRecordChecksItsShape() {
        assertThrows(IllegalArgumentException.class, () -> new IdxReader.Images(2, 2, 2, new float[7]));
        assertArrayEquals(new float[8], new IdxReader.Images(2, 2, 2, new float[8]).pixels());
    }
}
