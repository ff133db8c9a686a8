package org.simdnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simdnn.dsl.Dataset;
import org.simdnn.testkit.IdxFiles;

class DataSourcesTest {

    @TempDir
    Path dir;

    @Test
    void embeddedDigitsHaveTheDocumentedFixedSplit() throws IOException {
        DataSources.Loaded digits = DataSources.load("digits", null, true);
        assertEquals(1438, digits.train().size());
        assertEquals(359, digits.test().size());
        assertEquals(64, digits.train().featureCount());
        assertEquals(10, digits.train().classCount());
        assertEquals(10, digits.test().classCount());
        float max = 0;
        for (float v : digits.train().features()) {
            max = Math.max(max, v);
        }
        assertEquals(1f, max, "pixels 0..16 divided by 16");
        // the split is a function of the seed alone: loading again gives the same test rows
        DataSources.Loaded again = DataSources.digits();
        assertArrayEquals(digits.test().features(), again.test().features());
        assertArrayEquals(digits.test().labels(), again.test().labels());
        // every class is in the held-out part
        int[] counts = new int[10];
        for (int label : digits.test().labels()) {
            counts[label]++;
        }
        assertTrue(Arrays.stream(counts).allMatch(c -> c > 20), Arrays.toString(counts));
        assertEquals(1797, digits.part(DataSources.Part.ALL).size());
    }

    @Test
    void idxDirectoryIsReadAndScaled() throws IOException {
        byte[] pixels = {0, (byte) 255, 51, 102};
        Files.write(dir.resolve("train-images-idx3-ubyte"), IdxFiles.images(2, 1, 2, pixels));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxFiles.gzip(IdxFiles.labels(new byte[] {1, 2})));
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), IdxFiles.gzip(IdxFiles.images(1, 1, 2, new byte[] {
            (byte) 255, 0
        })));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFiles.labels(new byte[] {0}));
        DataSources.Loaded loaded = DataSources.load(dir.toString(), null, true);
        assertArrayEquals(
                new float[] {0, 255 * (1f / 255), 51 * (1f / 255), 102 * (1f / 255)},
                loaded.train().features());
        assertEquals(3, loaded.test().classCount());
        assertArrayEquals(new int[] {0}, loaded.test().labels());
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        IOException e = assertThrows(IOException.class, () -> DataSources.load(dir.toString(), null, true));
        assertTrue(e.getMessage().contains("no t10k-labels-idx1-ubyte or t10k-labels-idx1-ubyte.gz"), e.getMessage());
    }

    @Test
    void csvFileIsSplitWithTheFixedSeed() throws IOException {
        StringBuilder csv = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 50; i++) {
            csv.append(i).append(',').append(-i).append(',').append(i % 3).append('\n');
        }
        Path file = Files.writeString(dir.resolve("data.csv"), csv);
        DataSources.Loaded loaded = DataSources.load(file.toString(), "label", true);
        assertEquals(40, loaded.train().size());
        assertEquals(10, loaded.test().size());
        Dataset all = loaded.part(DataSources.Part.ALL);
        float sum = 0;
        for (float v : all.features()) {
            sum += v;
        }
        assertEquals(0f, sum, "every row once: a + b = 0 for each");
        DataSources.Loaded byIndex = DataSources.load(file.toString(), "2", true);
        assertArrayEquals(loaded.test().labels(), byIndex.test().labels());
    }

    @Test
    void missingFashionMnistSaysHowToInstallIt() {
        String before = System.getProperty(DataSources.FASHION_MNIST_PROPERTY);
        System.setProperty(
                DataSources.FASHION_MNIST_PROPERTY, dir.resolve("nowhere").toString());
        try {
            IOException e = assertThrows(IOException.class, () -> DataSources.load("fashion-mnist", null, true));
            assertTrue(
                    e.getMessage().contains("Fashion-MNIST is not installed: looked for train-images-idx3-ubyte"),
                    e.getMessage());
            assertTrue(e.getMessage().contains(dir.resolve("nowhere").toString()), e.getMessage());
            assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(DataSources.FASHION_MNIST_PROPERTY);
            } else {
                System.setProperty(DataSources.FASHION_MNIST_PROPERTY, before);
            }
        }
    }

    @Test
    void unknownSpecsSayWhatIsAccepted() {
        IOException e = assertThrows(IOException.class, () -> DataSources.load("no-such-thing", null, true));
        assertTrue(
                e.getMessage().contains("expected 'digits' (the embedded default), 'fashion-mnist'"), e.getMessage());
    }
}
