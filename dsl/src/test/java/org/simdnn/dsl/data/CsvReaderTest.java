package org.simdnn.dsl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simdnn.dsl.Dataset;
import org.simdnn.testkit.IdxFiles;
import org.simdnn.testkit.Qt;

class CsvReaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void roundTripOfGeneratedFiles() {
        Qt.qt()
                .forAll(integers().between(1, 25), integers().between(1, 7), longs().all())
                .checkAssert((rows, features, seed) -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    int labelAt = random.nextInt(features + 1);
                    boolean header = random.nextBoolean();
                    boolean classification = random.nextBoolean();
                    float[] x = new float[rows * features];
                    float[] y = new float[rows];
                    StringBuilder csv = new StringBuilder();
                    if (header) {
                        for (int c = 0; c <= features; c++) {
                            csv.append(c == 0 ? "" : ",").append(c == labelAt ? "\"the label\"" : "f" + c);
                        }
                        csv.append('\n');
                    }
                    for (int r = 0; r < rows; r++) {
                        int f = 0;
                        y[r] = classification ? random.nextInt(4) : (float) random.nextDouble(-1e6, 1e6);
                        for (int c = 0; c <= features; c++) {
                            float v = c == labelAt
                                    ? y[r]
                                    : (float) (random.nextGaussian() * Math.pow(10, random.nextInt(-8, 9)));
                            if (c != labelAt) {
                                x[r * features + f++] = v;
                            }
                            csv.append(c == 0 ? "" : random.nextBoolean() ? "," : " , ")
                                    .append(
                                            classification && c == labelAt
                                                    ? Integer.toString((int) v)
                                                    : Float.toString(v));
                        }
                        csv.append(random.nextBoolean() ? "\n" : "\r\n");
                        if (random.nextInt(8) == 0) {
                            csv.append('\n'); // blank lines are skipped
                        }
                    }
                    try {
                        Path file = write("data-" + seed + ".csv", csv.toString());
                        CsvReader reader = new CsvReader().header(header);
                        if (header && random.nextBoolean()) {
                            reader.labelColumn("the label");
                        } else {
                            reader.labelColumn(random.nextBoolean() ? labelAt : labelAt - (features + 1));
                        }
                        Dataset d = classification ? reader.readClassification(file) : reader.readRegression(file);
                        assertEquals(rows, d.size());
                        assertEquals(features, d.featureCount());
                        assertArrayEquals(x, d.features());
                        if (classification) {
                            for (int r = 0; r < rows; r++) {
                                assertEquals((int) y[r], d.labels()[r]);
                            }
                        } else {
                            assertArrayEquals(y, d.targets());
                        }
                        Files.delete(file);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    void gzippedFilesAndStreamsAreRead() throws IOException {
        String text = "a,b,label\n1,2,0\n3,4.5,2\n";
        Path gz = Files.write(dir.resolve("x.csv.gz"), IdxFiles.gzip(text.getBytes(StandardCharsets.UTF_8)));
        Dataset d = new CsvReader().readClassification(gz);
        assertArrayEquals(new float[] {1, 2, 3, 4.5f}, d.features());
        assertArrayEquals(new int[] {0, 2}, d.labels());
        assertEquals(3, d.classCount());
        Dataset s = new CsvReader()
                .classCount(10)
                .readClassification(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "resource");
        assertEquals(10, s.classCount());
        assertArrayEquals(new int[] {0, 2}, s.labels());
    }

    @Test
    void integralDecimalLabelsAndOtherSeparators() throws IOException {
        Path file = write("semi.csv", "\uFEFFx;y\n0.5;3.0\n-1e-3;1\n");
        Dataset d = new CsvReader().separator(';').labelColumn("y").readClassification(file);
        assertArrayEquals(new int[] {3, 1}, d.labels());
        assertArrayEquals(new float[] {0.5f, -1e-3f}, d.features());
    }

    private IOException fails(CsvReader reader, Path file) {
        IOException e = assertThrows(IOException.class, () -> reader.readClassification(file));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    private static void assertContains(String expected, IOException e) {
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void nonNumericCellNamesFileLineAndColumn() throws IOException {
        Path file = write("bad.csv", "a,b,label\n1,2,0\n\n1, abc,1\n");
        assertContains(file + ":4:4: 'abc' is not a number (column 2, 'b')", fails(new CsvReader(), file));
        Path noHeader = write("bad2.csv", "1,2,0\n1,2,\n");
        assertContains(noHeader + ":2:5: empty cell (column 3)", fails(new CsvReader().header(false), noHeader));
        Path nan = write("nan.csv", "a,label\nNaN,1\n");
        assertContains(nan + ":2:1: 'NaN' is not a number", fails(new CsvReader(), nan));
        Path huge = write("huge.csv", "a,label\n1e39,1\n");
        assertContains(huge + ":2:1: '1e39' does not fit in a float", fails(new CsvReader(), huge));
    }

    @Test
    void labelsThatAreNotClassIndices() throws IOException {
        Path file = write("labels.csv", "a,label\n1,0\n2,1.5\n");
        assertContains(
                file + ":3:3: label '1.5' in column 2, 'label' is not a class index", fails(new CsvReader(), file));
        Path negative = write("neg.csv", "a,label\n1,-1\n");
        assertContains(negative + ":2:3: label '-1'", fails(new CsvReader(), negative));
        Path many = write("many.csv", "a,label\n1,0\n1,12\n");
        assertContains(
                many + ": label 12 in data row 2 is outside [0, 10)", fails(new CsvReader().classCount(10), many));
        // a regression target may be any finite number
        assertArrayEquals(
                new float[] {0, 1.5f}, new CsvReader().readRegression(file).targets());
    }

    @Test
    void raggedRows() throws IOException {
        Path file = write("ragged.csv", "a,b,label\n1,2,0\n1,2\n");
        assertContains(file + ":3: ragged row: 2 fields but the header has 3", fails(new CsvReader(), file));
        Path noHeader = write("ragged2.csv", "1,2,0\n1,2,3,4\n");
        assertContains(
                noHeader + ":2: ragged row: 4 fields but the first row has 3",
                fails(new CsvReader().header(false), noHeader));
    }

    @Test
    void emptyFilesAndHeaderOnly() throws IOException {
        Path empty = write("empty.csv", "");
        assertContains(empty + ": empty file", fails(new CsvReader(), empty));
        Path blank = write("blank.csv", "\n  \n");
        assertContains(blank + ": empty file", fails(new CsvReader(), blank));
        Path headerOnly = write("header.csv", "a,b,label\n");
        assertContains(headerOnly + ": has a header but no data rows", fails(new CsvReader(), headerOnly));
        Path oneColumn = write("one.csv", "a\n1\n");
        assertContains(oneColumn + ":1: found 1 column", fails(new CsvReader(), oneColumn));
    }

    @Test
    void labelColumnThatDoesNotExist() throws IOException {
        Path file = write("cols.csv", "a,b,c\n1,2,0\n");
        assertContains(
                file + ":1: no column named 'label' in the header (columns: a, b, c)",
                fails(new CsvReader().labelColumn("label"), file));
        assertContains(
                file + ":1: label column 3 is outside the 3 columns", fails(new CsvReader().labelColumn(3), file));
        assertContains("label column -4 is outside", fails(new CsvReader().labelColumn(-4), file));
        assertThrows(
                IllegalStateException.class,
                () -> new CsvReader().header(false).labelColumn("c").readClassification(file));
    }

    @Test
    void quotedFields() throws IOException {
        Path file = write("quoted.csv", "\"a, with comma\",\"say \"\"hi\"\"\",label\n\"1\", 2 ,\"0\"\n");
        Dataset d = new CsvReader().labelColumn("label").readClassification(file);
        assertArrayEquals(new float[] {1, 2}, d.features());
        Path open = write("open.csv", "a,label\n\"1,0\n");
        assertContains(open + ":2:1: quoted field is not closed", fails(new CsvReader(), open));
        Path after = write("after.csv", "a,label\n\"1\"x,0\n");
        assertContains(after + ":2:4: unexpected text after a quoted field", fails(new CsvReader(), after));
        Path badHeader = write("bad-header.csv", "a,\"b\"c,label\n1,2,0\n");
        assertContains(badHeader + ":1:", fails(new CsvReader(), badHeader));
    }

    @Test
    void optionsRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new CsvReader().separator('.'));
        assertThrows(IllegalArgumentException.class, () -> new CsvReader().separator('"'));
        assertThrows(IllegalArgumentException.class, () -> new CsvReader().classCount(1));
        assertThrows(IllegalArgumentException.class, () -> new CsvReader().labelColumn(" "));
    }

    @Test
    void decimalsAreStrict() {
        for (String ok : new String[] {"0", "-1", "+2.5", ".5", "5.", "1e3", "1E-3", "-0.25e+2"}) {
            assertTrue(CsvReader.isDecimal(ok), ok);
        }
        for (String bad : new String[] {
            "", "-", ".", "e3", "1e", "1e+", "NaN", "Infinity", "0x1p3", "1f", "1d", "1.2.3", "1,5", "١"
        }) {
            assertFalse(CsvReader.isDecimal(bad), bad);
        }
    }
}
