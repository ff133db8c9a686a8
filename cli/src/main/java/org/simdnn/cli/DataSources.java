package org.simdnn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.simdnn.dsl.Dataset;
import org.simdnn.dsl.data.CsvReader;
import org.simdnn.dsl.data.IdxReader;

/**
 * Turns a {@code --data} argument into a training and a held-out test set.
 *
 * <ul>
 *   <li>{@code digits} (the default): the embedded UCI optical digits (64 features, 10 classes), pixels / 16,
 *       split once with {@link #SPLIT_SEED}: 1,438 training and 359 test samples (see
 *       {@code org/simdnn/cli/digits/README.md}).</li>
 *   <li>{@code fashion-mnist}: the IDX files of Debian's {@code dataset-fashion-mnist} in
 *       {@value #FASHION_MNIST_DIR} (60,000 training and 10,000 test images), pixels / 255.</li>
 *   <li>a directory: MNIST-style IDX files {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 *       {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each optionally {@code .gz}; pixels /
 *       255.</li>
 *   <li>a CSV file (optionally gzipped): features as written, the label column from {@code --label} (default:
 *       the last), split like the digits with {@link #SPLIT_SEED} and {@link #TRAIN_FRACTION}.</li>
 * </ul>
 *
 * <p>Scaling happens here, identically for {@code train}, {@code evaluate} and {@code predict}; standardization
 * (fitted on the training set) belongs to the model and is saved with it.
 */
final class DataSources {

    /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
    static final String FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";
    /** System property that points {@code fashion-mnist} at another directory (tests, other distributions). */
    static final String FASHION_MNIST_PROPERTY = "simdnn.fashionMnist.dir";
    /** Seed of the fixed held-out split of the embedded digits and of CSV files. */
    static final long SPLIT_SEED = 20150211L;
    /** Share of the samples that go to training in that split. */
    static final double TRAIN_FRACTION = 0.8;

    private static final String DIGITS_RESOURCE = "/org/simdnn/cli/digits/digits.csv.gz";

    private DataSources() {}

    /**
     * A dataset ready for a command.
     *
     * @param name        what the user asked for ("digits", "fashion-mnist", a path)
     * @param train       the training samples
     * @param test        the held-out samples
     * @param scale       the factor the raw features were multiplied by
     * @param description one line on where the data came from and how it was split
     */
    record Loaded(String name, Dataset train, Dataset test, float scale, String description) {
        Dataset part(Part part) {
            return switch (part) {
                case TRAIN -> train;
                case TEST -> test;
                case ALL -> concat(train, test);
            };
        }
    }

    /** Which samples a command works on. */
    enum Part {
        TRAIN,
        TEST,
        ALL
    }

    /**
     * Resolves {@code spec} as described in the class comment.
     *
     * @param spec        "digits", "fashion-mnist", a directory of IDX files or a CSV file
     * @param labelColumn for CSV files: the label column's header name or 0-based index (negative: from the
     *                    end); null for the last column
     * @param csvHeader   for CSV files: whether the first line is a header
     * @throws IOException with a message that says what was looked for and how to fix it
     */
    static Loaded load(String spec, @Nullable String labelColumn, boolean csvHeader) throws IOException {
        String key = spec.toLowerCase(Locale.ROOT);
        if (key.equals("digits")) {
            return digits();
        }
        if (key.equals("fashion-mnist")) {
            Path dir = fashionMnistDir();
            if (!Files.isDirectory(dir) || findIdx(dir, "train-images-idx3-ubyte") == null) {
                throw new IOException("Fashion-MNIST is not installed: looked for train-images-idx3-ubyte[.gz] "
                        + "and the other IDX files in " + dir + "/. Install them with "
                        + "'sudo apt-get install dataset-fashion-mnist' (Debian/Ubuntu), or download the four files "
                        + "and pass --data DIR");
            }
            return idxDirectory(dir, "fashion-mnist", "Fashion-MNIST (Debian dataset-fashion-mnist), ");
        }
        Path path = Path.of(spec);
        if (Files.isDirectory(path)) {
            return idxDirectory(path, spec, "");
        }
        if (Files.isRegularFile(path)) {
            return csv(path, labelColumn, csvHeader);
        }
        throw new IOException("no dataset '" + spec + "': expected 'digits' (the embedded default), "
                + "'fashion-mnist', a directory of IDX files or a CSV file");
    }

    /** {@value #FASHION_MNIST_DIR}, unless the system property {@value #FASHION_MNIST_PROPERTY} says otherwise. */
    static Path fashionMnistDir() {
        return Path.of(System.getProperty(FASHION_MNIST_PROPERTY, FASHION_MNIST_DIR));
    }

    /** The embedded UCI digits, pixels / 16, split with {@link #SPLIT_SEED}. */
    static Loaded digits() throws IOException {
        try (InputStream in = DataSources.class.getResourceAsStream(DIGITS_RESOURCE)) {
            if (in == null) {
                throw new IOException("the embedded digits dataset " + DIGITS_RESOURCE + " is missing from the "
                        + "class path (a broken build?)");
            }
            Dataset all = new CsvReader()
                    .header(false)
                    .labelColumn(-1)
                    .classCount(10)
                    .readClassification(in, "digits.csv.gz (embedded)")
                    .scaled(1f / 16);
            Dataset.Split split = all.split(TRAIN_FRACTION, SPLIT_SEED);
            return new Loaded(
                    "digits",
                    split.train(),
                    split.test(),
                    1f / 16,
                    "UCI optical handwritten digits, 8x8 (embedded, CC BY 4.0), pixels / 16, fixed split "
                            + split.train().size() + " train / " + split.test().size() + " test (seed " + SPLIT_SEED
                            + ")");
        }
    }

    private static Loaded idxDirectory(Path dir, String name, String what) throws IOException {
        Path trainImages = requireIdx(dir, "train-images-idx3-ubyte");
        Path trainLabels = requireIdx(dir, "train-labels-idx1-ubyte");
        Path testImages = requireIdx(dir, "t10k-images-idx3-ubyte");
        Path testLabels = requireIdx(dir, "t10k-labels-idx1-ubyte");
        Dataset train = IdxReader.read(trainImages, trainLabels);
        Dataset test = IdxReader.read(testImages, testLabels, train.classCount());
        if (test.featureCount() != train.featureCount()) {
            throw new IOException(testImages + " has images of " + test.featureCount() + " pixels but " + trainImages
                    + " has " + train.featureCount());
        }
        return new Loaded(
                name,
                train.scaled(1f / 255),
                test.scaled(1f / 255),
                1f / 255,
                what + "IDX files in " + dir + ", pixels / 255, " + train.size() + " train / " + test.size() + " test");
    }

    private static Loaded csv(Path file, @Nullable String labelColumn, boolean header) throws IOException {
        CsvReader reader = new CsvReader().header(header);
        if (labelColumn != null) {
            if (labelColumn.matches("-?\\d+")) {
                reader.labelColumn(Integer.parseInt(labelColumn));
            } else {
                reader.labelColumn(labelColumn);
            }
        }
        Dataset all = reader.readClassification(file);
        if (all.size() < 2) {
            throw new IOException(file + ": one sample cannot be split into a training and a test set");
        }
        Dataset.Split split = all.split(TRAIN_FRACTION, SPLIT_SEED);
        return new Loaded(
                file.toString(),
                split.train(),
                split.test(),
                1f,
                "CSV " + file + ", features as written, fixed split "
                        + split.train().size() + " train / " + split.test().size() + " test (seed " + SPLIT_SEED + ")");
    }

    private static @Nullable Path findIdx(Path dir, String stem) {
        for (String candidate : new String[] {stem, stem + ".gz"}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static Path requireIdx(Path dir, String stem) throws IOException {
        Path p = findIdx(dir, stem);
        if (p == null) {
            throw new IOException(dir + ": no " + stem + " or " + stem + ".gz (a dataset directory holds "
                    + "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and "
                    + "t10k-labels-idx1-ubyte, each optionally gzipped)");
        }
        return p;
    }

    static Dataset concat(Dataset a, Dataset b) {
        int features = a.featureCount();
        float[] x = new float[Math.multiplyExact(a.size() + b.size(), features)];
        System.arraycopy(a.features(), 0, x, 0, a.features().length);
        System.arraycopy(b.features(), 0, x, a.features().length, b.features().length);
        int[] y = new int[a.size() + b.size()];
        System.arraycopy(a.labels(), 0, y, 0, a.size());
        System.arraycopy(b.labels(), 0, y, a.size(), b.size());
        return Dataset.classification(x, a.size() + b.size(), features, y, Math.max(a.classCount(), b.classCount()));
    }
}
