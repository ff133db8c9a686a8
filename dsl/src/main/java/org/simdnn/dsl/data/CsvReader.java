package org.simdnn.dsl.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.simdnn.dsl.Dataset;

/**
 * Reads a numeric CSV file into a {@link Dataset}: one sample per line, one column holds the label (a class
 * index for classification, a number for regression), every other column is a numeric feature. Files may be
 * gzipped (recognized by the magic bytes); text is UTF-8; blank lines are skipped; fields may be quoted with
 * {@code "..."} (no line breaks inside quotes).
 *
 * <pre>{@code
 * Dataset train = new CsvReader().labelColumn("species").readClassification(Path.of("iris.csv"));
 * Dataset digits = new CsvReader().header(false).labelColumn(-1).readClassification(Path.of("digits.csv.gz"));
 * }</pre>
 *
 * <p>Every malformed file gives an {@link IOException} with a one-line message that names the file, and for a bad
 * cell {@code file:line:column} (1-based, the column counted in characters, as editors do): an empty file, a
 * header without rows, a row with another number of fields (ragged), a cell that is not a finite decimal number,
 * a classification label that is not a non-negative integer, a label column that does not exist.
 *
 * <p>The reader is a mutable options object (every setter returns {@code this}); it keeps no state between reads.
 */
public final class CsvReader {

    private boolean header = true;
    private @Nullable String labelName;
    private int labelIndex = -1;
    private char separator = ',';
    private int classCount;

    /** A reader for a comma-separated file with a header line whose last column is the label. */
    public CsvReader() {}

    /**
     * Whether the first non-blank line is a header of column names (default true).
     *
     * @param present true when the file starts with a header line
     * @return this reader
     */
    public CsvReader header(boolean present) {
        this.header = present;
        return this;
    }

    /**
     * The label column by its header name (needs {@link #header(boolean) header(true)}).
     *
     * @param name the column name, compared exactly after trimming spaces and quotes
     * @return this reader
     */
    public CsvReader labelColumn(String name) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("label column name must not be blank");
        }
        this.labelName = name;
        return this;
    }

    /**
     * The label column by its 0-based index; a negative index counts from the end ({@code -1}, the default, is the
     * last column).
     *
     * @param index the column index
     * @return this reader
     */
    public CsvReader labelColumn(int index) {
        this.labelName = null;
        this.labelIndex = index;
        return this;
    }

    /**
     * The field separator (default {@code ','}; e.g. {@code ';'} or {@code '\t'}).
     *
     * @param separator the separator character; not a quote, line break or digit
     * @return this reader
     */
    public CsvReader separator(char separator) {
        if (separator == '"'
                || separator == '\n'
                || separator == '\r'
                || Character.isDigit(separator)
                || separator == '.'
                || separator == '-'
                || separator == '+') {
            throw new IllegalArgumentException(
                    "separator " + quote(String.valueOf(separator)) + " cannot be told apart from a number or a quote");
        }
        this.separator = separator;
        return this;
    }

    /**
     * The number of classes of a classification file (use the same count for the training and the test file);
     * 0, the default, means {@code max(label) + 1} (at least 2).
     *
     * @param classes 0, or at least 2
     * @return this reader
     */
    public CsvReader classCount(int classes) {
        if (classes != 0 && classes < 2) {
            throw new IllegalArgumentException("classCount must be 0 (infer) or at least 2, got " + classes);
        }
        this.classCount = classes;
        return this;
    }

    /**
     * Reads a classification file: labels are non-negative integers ({@code 3} or {@code 3.0}).
     *
     * @param file the file, gzipped or not
     * @return the dataset, features in file order without the label column
     * @throws IOException with a one-line message naming the file (and line and column) for a malformed file
     */
    public Dataset readClassification(Path file) throws IOException {
        try (InputStream in = DataStreams.open(file)) {
            return read(in, file.toString(), true);
        }
    }

    /**
     * Reads a classification file from a stream (for example a class-path resource).
     *
     * @param in     the content, gzipped or not; read to the end, not closed
     * @param source the name used in error messages (a file name or resource path)
     * @return the dataset
     * @throws IOException with a one-line message naming {@code source} for malformed content
     */
    public Dataset readClassification(InputStream in, String source) throws IOException {
        return read(DataStreams.decompressIfGzip(in, source), source, true);
    }

    /**
     * Reads a regression file: the label column is the single target.
     *
     * @param file the file, gzipped or not
     * @return the dataset, features in file order without the label column
     * @throws IOException with a one-line message naming the file (and line and column) for a malformed file
     */
    public Dataset readRegression(Path file) throws IOException {
        try (InputStream in = DataStreams.open(file)) {
            return read(in, file.toString(), false);
        }
    }

    /**
     * Reads a regression file from a stream.
     *
     * @param in     the content, gzipped or not; read to the end, not closed
     * @param source the name used in error messages
     * @return the dataset
     * @throws IOException with a one-line message naming {@code source} for malformed content
     */
    public Dataset readRegression(InputStream in, String source) throws IOException {
        return read(DataStreams.decompressIfGzip(in, source), source, false);
    }

    private Dataset read(InputStream in, String source, boolean classification) throws IOException {
        if (labelName != null && !header) {
            throw new IllegalStateException("labelColumn(\"" + labelName + "\") finds the column by its header name, "
                    + "but header(false) says " + source + " has no header: give the column index instead");
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        List<Field> fields = new ArrayList<>();
        int columns = -1;
        int label = -1;
        List<String> names = List.of();
        float[] x = new float[1024];
        int xSize = 0;
        float[] y = new float[256];
        int rows = 0;
        int lineNumber = 0;
        int maxLabel = 0;
        String line;
        while ((line = readLine(reader, source)) != null) {
            lineNumber++;
            if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1); // a UTF-8 byte-order mark, as spreadsheet programs write it
            }
            if (line.isBlank()) {
                continue;
            }
            split(line, source, lineNumber, fields);
            if (columns < 0) {
                columns = fields.size();
                if (columns < 2) {
                    throw new IOException(at(source, lineNumber) + "found " + columns
                            + " column; a dataset needs a label column and at least one feature column"
                            + (separator == ',' ? " (is the separator another character than ','?)" : ""));
                }
                if (header) {
                    names = new ArrayList<>();
                    for (Field f : fields) {
                        names.add(f.text);
                    }
                }
                label = labelColumnIndex(source, lineNumber, columns, names);
                if (header) {
                    continue;
                }
            }
            if (fields.size() != columns) {
                throw new IOException(at(source, lineNumber) + "ragged row: " + fields.size() + " fields but "
                        + (header ? "the header has " : "the first row has ") + columns);
            }
            if (xSize + columns - 1 > x.length) {
                x = Arrays.copyOf(x, grow(x.length, xSize + columns - 1, source));
            }
            if (rows == y.length) {
                y = Arrays.copyOf(y, grow(y.length, rows + 1, source));
            }
            for (int c = 0; c < columns; c++) {
                Field f = fields.get(c);
                if (c == label) {
                    float value = number(f, source, lineNumber, names, c);
                    if (classification) {
                        if (value < 0 || value != Math.rint(value) || value > 1 << 24) {
                            throw new IOException(at(source, lineNumber, f) + "label " + quote(f.text) + " in column "
                                    + describe(c, names) + " is not a class index (a non-negative integer)");
                        }
                        maxLabel = Math.max(maxLabel, (int) value);
                    }
                    y[rows] = value;
                } else {
                    x[xSize++] = number(f, source, lineNumber, names, c);
                }
            }
            rows++;
        }
        if (lineNumber == 0 || columns < 0) {
            throw new IOException(source + ": empty file (no header and no rows)");
        }
        if (rows == 0) {
            throw new IOException(source + ": has a header but no data rows");
        }
        int features = columns - 1;
        float[] featureMatrix = xSize == x.length ? x : Arrays.copyOf(x, xSize);
        if (!classification) {
            return Dataset.regression(featureMatrix, rows, features, Arrays.copyOf(y, rows), 1);
        }
        int classes = classCount != 0 ? classCount : Math.max(2, maxLabel + 1);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = (int) y[i];
            if (labels[i] >= classes) {
                throw new IOException(source + ": label " + labels[i] + " in data row " + (i + 1) + " is outside [0, "
                        + classes + ") (classCount(" + classes + "))");
            }
        }
        return Dataset.classification(featureMatrix, rows, features, labels, classes);
    }

    private int labelColumnIndex(String source, int lineNumber, int columns, List<String> names) throws IOException {
        if (labelName != null) {
            int index = names.indexOf(labelName.strip());
            if (index < 0) {
                throw new IOException(at(source, lineNumber) + "no column named " + quote(labelName)
                        + " in the header (columns: " + String.join(", ", names) + ")");
            }
            return index;
        }
        int index = labelIndex < 0 ? columns + labelIndex : labelIndex;
        if (index < 0 || index >= columns) {
            throw new IOException(at(source, lineNumber) + "label column " + labelIndex + " is outside the " + columns
                    + " columns (0-based; -1 is the last)");
        }
        return index;
    }

    /** A cell: its text (trimmed, unquoted) and the 1-based character column where it starts. */
    private record Field(String text, int column) {}

    private void split(String line, String source, int lineNumber, List<Field> out) throws IOException {
        out.clear();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            String text;
            if (i < n && line.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IOException(source + ":" + lineNumber + ":" + (start + 1)
                                + ": quoted field is not closed on this line");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            sb.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        sb.append(c);
                    }
                }
                while (i < n && line.charAt(i) == ' ') {
                    i++;
                }
                if (i < n && line.charAt(i) != separator) {
                    throw new IOException(
                            source + ":" + lineNumber + ":" + (i + 1) + ": unexpected text after a quoted field");
                }
                text = sb.toString();
            } else {
                int end = line.indexOf(separator, i);
                if (end < 0) {
                    end = n;
                }
                text = line.substring(i, end).strip();
                i = end;
            }
            out.add(new Field(text, start + 1));
            if (i >= n) {
                return;
            }
            i++; // the separator
        }
    }

    private static float number(Field f, String source, int lineNumber, List<String> names, int c) throws IOException {
        if (!isDecimal(f.text)) {
            throw new IOException(
                    at(source, lineNumber, f) + (f.text.isEmpty() ? "empty cell" : quote(f.text) + " is not a number")
                            + " (column " + describe(c, names) + ")");
        }
        float value = Float.parseFloat(f.text);
        if (!Float.isFinite(value)) {
            throw new IOException(at(source, lineNumber, f) + quote(f.text) + " does not fit in a float (column "
                    + describe(c, names) + ")");
        }
        return value;
    }

    /**
     * A plain decimal: optional sign, digits with an optional point, optional exponent. Stricter than
     * {@link Float#parseFloat}, which also takes "NaN", "Infinity", hexadecimal and a trailing 'f' or 'd'.
     */
    static boolean isDecimal(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isAsciiDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isAsciiDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < n && isAsciiDigit(s.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static @Nullable String readLine(BufferedReader reader, String source) throws IOException {
        try {
            return reader.readLine();
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            throw new IOException(source + ": truncated or corrupt gzip data (" + e.getMessage() + ")", e);
        }
    }

    private static int grow(int length, int needed, String source) throws IOException {
        long grown = Math.max((long) length * 2, needed);
        if (needed < 0 || grown > Integer.MAX_VALUE - 8) {
            if (needed >= 0 && needed <= Integer.MAX_VALUE - 8) {
                return Integer.MAX_VALUE - 8;
            }
            throw new IOException(source + ": more values than one Java array can hold");
        }
        return (int) grown;
    }

    private static String describe(int column, List<String> names) {
        return names.isEmpty() ? String.valueOf(column + 1) : (column + 1) + ", " + quote(names.get(column));
    }

    private static String at(String source, int line) {
        return source + ":" + line + ": ";
    }

    private static String at(String source, int line, Field f) {
        return source + ":" + line + ":" + f.column + ": ";
    }

    private static String quote(String s) {
        return "'" + s + "'";
    }
}
