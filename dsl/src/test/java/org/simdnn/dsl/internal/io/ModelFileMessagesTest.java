package org.simdnn.dsl.internal.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** The documented byte layout, and the one-line message of every refusal (reader and writer). */
class ModelFileMessagesTest {

    private static final String SRC = "net.simdnn";

    @Test
    void checksumIsCrc32cCastagnoli() {
        // the standard check value of CRC-32C over the ASCII digits 1..9
        assertEquals(0xE3069283, ModelFileFormat.crc32c("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9));
    }

    @Test
    void byteLayoutIsTheDocumentedOne() {
        byte[] file = new ModelFileWriter("model")
                .putInt("a", 7)
                .putFloats("w", new float[] {1f, -2f})
                .toBytes();
        String expectedWithoutCrc = "8953444e0d0a1a0a" // magic
                + "02000000" // version 2, little-endian
                + "05000000" + "6d6f64656c" // kind length 5, "model"
                + "02000000" // 2 entries
                + "01000000" + "61" + "01" + "04000000" + "07000000" // "a", INT, 4 bytes, 7
                + "01000000" + "77" + "09" + "08000000" + "0000803f" + "000000c0"; // "w", FLOATS, 8 bytes, 1f, -2f
        byte[] body = Arrays.copyOf(file, file.length - 4);
        assertEquals(expectedWithoutCrc, HexFormat.of().formatHex(body));
        int crc = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(file.length - 4);
        assertEquals(ModelFileFormat.crc32c(body, 0, body.length), crc);
    }

    @Test
    void gettersNameKeyExpectationAndFile() throws IOException {
        ModelFileReader r = ModelFileReader.read(ModelFileBytes.sampleFile(), SRC, "model");
        assertMessage(() -> r.getInt("nope"), "net.simdnn: missing key 'nope' (expected an int)");
        assertMessage(() -> r.getFloats("layers"), "net.simdnn: key 'layers' holds an int, expected a float array");
        assertMessage(() -> r.getInt("layers", 4, 10), "net.simdnn: key 'layers' is 3, expected a value in [4, 10]");
        assertMessage(() -> r.getLong("seed", 0, 10), "net.simdnn: key 'seed' is -42, expected a value in [0, 10]");
        assertMessage(
                () -> r.getFloat("eps", 0.1f, 1f), "net.simdnn: key 'eps' is 1.0E-5, expected a value in [0.1, 1.0]");
        assertMessage(() -> r.getDouble("lr", 0.5, 1), "net.simdnn: key 'lr' is 0.125, expected a value in [0.5, 1.0]");
        assertMessage(
                () -> r.getFloats("weights", 5),
                "net.simdnn: key 'weights' holds 6 elements, expected 5 (a float array)");
        assertMessage(
                () -> r.getInts("units", 2), "net.simdnn: key 'units' holds 3 elements, expected 2 (an int array)");
        assertMessage(() -> r.getLongs("rng", 3), "net.simdnn: key 'rng' holds 2 elements, expected 3 (a long array)");
        assertMessage(() -> r.getString("affine"), "net.simdnn: key 'affine' holds a boolean, expected a string");
        assertEquals(
                "net.simdnn: layer 2 is unknown", r.error("layer 2 is unknown").getMessage());
        // in range, at the bounds
        assertEquals(3, r.getInt("layers", 3, 3));
        assertEquals(1e-5f, r.getFloat("eps", 1e-5f, 1e-5f));
        assertEquals(0, r.getFloats("empty", 0).length);
    }

    @Test
    void nanIsOutsideEveryRange() throws IOException {
        byte[] file = new ModelFileWriter("model")
                .putFloat("eps", Float.NaN)
                .putDouble("d", Double.NaN)
                .toBytes();
        ModelFileReader r = ModelFileReader.read(file, SRC, "model");
        assertTrue(Float.isNaN(r.getFloat("eps")));
        assertMessage(
                () -> r.getFloat("eps", Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY),
                "net.simdnn: key 'eps' is NaN, expected a value in [-Infinity, Infinity]");
        assertMessage(() -> r.getDouble("d", 0, 1), "net.simdnn: key 'd' is NaN, expected a value in [0.0, 1.0]");
    }

    @Test
    void fileLevelRefusals() {
        byte[] good = ModelFileBytes.sampleFile();
        assertRefused(
                "hello".getBytes(StandardCharsets.US_ASCII),
                "model",
                "net.simdnn: not a simdnn model file (it does not start with the simdnn magic bytes; it has only 5 bytes)");
        byte[] png = good.clone();
        png[1] = 'P';
        assertRefused(
                png, "model", "net.simdnn: not a simdnn model file (it does not start with the simdnn magic bytes)");
        assertRefused(
                Arrays.copyOf(good, 12),
                "model",
                "net.simdnn: truncated: 12 bytes, a simdnn model file has at least 25");
        assertRefused(good, "checkpoint", "net.simdnn: holds a 'model', expected a 'checkpoint' file");

        byte[] flipped = good.clone();
        flipped[40] ^= 0x10;
        String m = refusal(flipped, "model");
        assertTrue(m.startsWith("net.simdnn: checksum mismatch (stored 0x"), m);
        assertTrue(m.endsWith("): the file is corrupt or truncated"), m);

        assertRefused(
                ModelFileBytes.withInt(good, 8, 3),
                "model",
                "net.simdnn: format version 3 is not supported: "
                        + "this build of simdnn reads versions 1 and 2; the file was written by a newer simdnn");
        assertRefused(
                ModelFileBytes.withInt(good, 8, 0),
                "model",
                "net.simdnn: format version 0 is not supported: this build of simdnn reads versions 1 and 2");
        byte[] newerAndBroken = good.clone();
        newerAndBroken[8] = 9;
        assertRefused(
                newerAndBroken,
                "model",
                "net.simdnn: format version 9 is not supported (this build reads "
                        + "versions 1 and 2), or the file is corrupt (its checksum does not match)");
    }

    @Test
    void structuralRefusals() {
        byte[] good = new ModelFileWriter("model")
                .putInt("a1", 1)
                .putBoolean("b", true)
                .putString("s", "ok")
                .toBytes();
        // header layout: kind at 16..21, count at 21, entry 0 at 25: keyLength(4) "a1" tag(1) len(4) payload(4)
        int entry0 = 25;
        int entry1 = entry0 + 4 + 2 + 1 + 4 + 4; // "b": keyLength, "b", tag, len, 1 byte
        int entry2 = entry1 + 4 + 1 + 1 + 4 + 1; // "s"
        assertRefused(
                ModelFileBytes.withByte(good, entry0 + 6, 42),
                "model",
                "net.simdnn: entry 0 ('a1') has the unknown type tag 42 (format version 2 knows 1 to 9)");
        assertRefused(
                ModelFileBytes.withInt(good, entry0 + 7, 8),
                "model",
                "net.simdnn: corrupt: entry 0 ('a1') is an int with a payload length of 8 bytes (must be exactly 4)");
        assertEquals(67, good.length);
        assertRefused(
                ModelFileBytes.prefixWithChecksum(good, 62),
                "model",
                "net.simdnn: corrupt: entry 2 ('s')'s "
                        + "payload at byte offset 61 needs 2 bytes but only 1 remain before the checksum");
        assertRefused(
                ModelFileBytes.prefixWithChecksum(good, 51),
                "model",
                "net.simdnn: corrupt: entry count 3 "
                        + "cannot fit in the 26 bytes that follow (an entry takes at least 10)");
        byte[] padded = new ModelFileWriter("model")
                .putInts("i", new int[3])
                .putInt("j", 0)
                .toBytes();
        // 25-byte header, entry 0 is 4 + 1 + 1 + 4 + 12 = 22 bytes: cut 2 bytes into entry 1's key length
        assertRefused(
                ModelFileBytes.prefixWithChecksum(padded, 25 + 22 + 2),
                "model",
                "net.simdnn: corrupt: the key "
                        + "of entry 1's length at byte offset 47 needs 4 bytes but only 2 remain before the checksum");
        assertRefused(ModelFileBytes.withInt(good, 21, -1), "model", "net.simdnn: corrupt: negative entry count -1");
        assertRefused(
                ModelFileBytes.withInt(good, 21, Integer.MAX_VALUE),
                "model",
                "net.simdnn: corrupt: entry "
                        + "count 2147483647 cannot fit in the 38 bytes that follow (an entry takes at least 10)");
        assertRefused(
                ModelFileBytes.withInt(good, 21, 2),
                "model",
                "net.simdnn: corrupt: 12 unexpected bytes after the last entry, before the checksum");
        assertRefused(
                ModelFileBytes.withInt(good, 12, 0),
                "model",
                "net.simdnn: corrupt: the kind has a length of 0 bytes (must be 1 to 255)");
        assertRefused(
                ModelFileBytes.withInt(good, entry0 + 7, 1 << 30),
                "model",
                "net.simdnn: corrupt: entry 0 "
                        + "('a1') is an int with a payload length of 1073741824 bytes (must be exactly 4)");
        assertRefused(
                ModelFileBytes.withByte(good, entry1 + 10, 2),
                "model",
                "net.simdnn: corrupt: entry 1 ('b') is a boolean stored as 2 (must be 0 or 1)");
        assertRefused(
                ModelFileBytes.withByte(good, entry2 + 10, 0xFF),
                "model",
                "net.simdnn: corrupt: entry 2 ('s') is a string that is not valid UTF-8");
        // a duplicate key: write "a1" and "a2", then patch the second key's last byte
        byte[] two =
                new ModelFileWriter("model").putInt("a1", 1).putInt("a2", 2).toBytes();
        assertRefused(
                ModelFileBytes.withByte(two, 25 + 15 + 5, '1'),
                "model",
                "net.simdnn: corrupt: entry 1 ('a1') repeats a key that an earlier entry has");
        assertRefused(
                ModelFileBytes.withByte(two, 25 + 4, 0x07),
                "model",
                "net.simdnn: corrupt: the key of entry 0 contains the control character U+0007 at index 0");
        assertRefused(
                ModelFileBytes.withByte(two, 25 + 4, 0xC3),
                "model",
                "net.simdnn: corrupt: the key of entry 0 is not valid UTF-8");
        byte[] appended = ModelFileBytes.withChecksum(Arrays.copyOf(good, good.length + 3));
        assertRefused(
                appended, "model", "net.simdnn: corrupt: 3 unexpected bytes after the last entry, before the checksum");
    }

    @Test
    void version1FilesKeepTheirShorterKeyLimit() throws IOException {
        String key = "k".repeat(300);
        byte[] v2 = new ModelFileWriter("model").putInt(key, 1).toBytes();
        assertEquals(1, ModelFileReader.read(v2, "net.simdnn", "model").getInt(key));
        assertRefused(
                ModelFileBytes.withInt(v2, 8, 1),
                "model",
                "net.simdnn: corrupt: the key of entry 0 has a length of 300 bytes (must be 1 to 255)");
    }

    @Test
    void pathRefusalsNameTheFile(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing.simdnn");
        var e = assertThrows(IOException.class, () -> ModelFileReader.read(missing, "model"));
        assertEquals(missing + ": no such model file", e.getMessage());
        e = assertThrows(IOException.class, () -> ModelFileReader.read(dir, "model"));
        assertEquals(dir + ": is a directory, not a model file", e.getMessage());
        Path empty = Files.createFile(dir.resolve("empty.simdnn"));
        e = assertThrows(IOException.class, () -> ModelFileReader.read(empty, "model"));
        assertEquals(
                empty + ": not a simdnn model file (it does not start with the simdnn magic bytes; it has only "
                        + "0 bytes)",
                e.getMessage());
        Path noDir = dir.resolve("no/such/dir/net.simdnn");
        e = assertThrows(IOException.class, () -> new ModelFileWriter("model").write(noDir));
        assertEquals(
                noDir + ": cannot write the model file: directory " + noDir.getParent() + " does not exist",
                e.getMessage());
        e = assertThrows(IOException.class, () -> new ModelFileWriter("model").write(dir));
        assertEquals(dir + ": cannot write the model file: it is a directory", e.getMessage());
    }

    @Test
    void writerRefusesBadNamesAndDuplicates() {
        ModelFileWriter w = new ModelFileWriter("model").putInt("a", 1);
        var e = assertThrows(IllegalArgumentException.class, () -> w.putFloat("a", 1f));
        assertEquals("key 'a' was already put in this 'model' file; keys must be unique", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> w.putInt("", 1));
        assertEquals("key is empty; names are 1 to 1024 UTF-8 bytes without control characters", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> w.putInt("a\nb", 1));
        assertEquals(
                "key contains the control character U+000A at index 1; names are 1 to 1024 UTF-8 bytes without "
                        + "control characters",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> w.putInt("é".repeat(513), 1));
        assertTrue(e.getMessage().startsWith("key 'éééé"), e.getMessage());
        assertTrue(e.getMessage().contains("...' is 1026 UTF-8 bytes long, the limit is 1024"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> w.putInt("x\uD800", 1));
        assertEquals(
                "key contains an unpaired surrogate at index 1; names are 1 to 1024 UTF-8 bytes without control "
                        + "characters",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> w.putString("s", "bad\uDC00"));
        assertEquals(
                "the string for key 's' is not valid Unicode (it has an unpaired surrogate) and would not read "
                        + "back unchanged",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ModelFileWriter("\tmodel"));
        assertEquals(
                "kind contains the control character U+0009 at index 0; names are 1 to 255 UTF-8 bytes without "
                        + "control characters",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ModelFileWriter(""));
        assertEquals("kind is empty; names are 1 to 255 UTF-8 bytes without control characters", e.getMessage());
        // a failed put leaves the writer unchanged
        assertArrayEquals(new ModelFileWriter("model").putInt("a", 1).toBytes(), w.toBytes());
    }

    @Test
    void writerRefusesFilesOverTheCap() {
        // The production cap is 1 GiB; the same check with a 100-byte cap, without allocating a gigabyte.
        // Header 25 bytes + trailer 4 + an entry "w" of 10 floats (4 + 1 + 1 + 4 + 40 = 50 bytes) = 79 bytes.
        ModelFileWriter w = new ModelFileWriter("model", 100).putFloats("w", new float[10]);
        var e = assertThrows(IllegalArgumentException.class, () -> w.putFloats("v", new float[10]));
        assertEquals(
                "entry 'v' (50 bytes) would make the 'model' file larger than the 100-byte limit of a simdnn "
                        + "model file",
                e.getMessage());
        assertEquals(79, w.toBytes().length);
        ModelFileWriter exact = new ModelFileWriter("model", 79).putFloats("w", new float[10]);
        assertEquals(79, exact.toBytes().length, "a file of exactly the cap is allowed");
    }

    private static void assertRefused(byte[] file, String kind, String expected) {
        assertEquals(expected, refusal(file, kind));
    }

    private static String refusal(byte[] file, String kind) {
        IOException e = assertThrows(IOException.class, () -> ModelFileReader.read(file, SRC, kind));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), "one line: " + m);
        assertTrue(m.startsWith(SRC + ": "), m);
        return m;
    }

    private static void assertMessage(Executable call, String expected) {
        IOException e = assertThrows(IOException.class, call);
        assertEquals(expected, e.getMessage());
    }
}
