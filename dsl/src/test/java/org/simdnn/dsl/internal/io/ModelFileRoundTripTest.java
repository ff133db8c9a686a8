package org.simdnn.dsl.internal.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simdnn.testkit.Qt;

/**
 * Property: any list of entries (every type, random keys including non-ASCII ones, random raw bit patterns
 * including NaN payloads, empty arrays) reads back exactly, bit for bit, in the same key order; and the bytes are
 * a function of the entries alone.
 */
class ModelFileRoundTripTest {

    /** One generated entry: its key, type and value (boxed or an array). */
    private record Item(String key, EntryType type, Object value) {}

    private static final String[] KEY_PIECES = {
        "dense", "_", "1", ".", "weights", "bn", "γ", "层", "\uD83D\uDE00", "x", "running_mean", "é", "-", "Z"
    };

    @Test
    void everyEntryReadsBackBitForBit() {
        Qt.qt().forAll(longs().all()).checkAssert(seed -> {
            List<Item> items = randomItems(new SplittableRandom(seed));
            String kind = seed % 2 == 0 ? "model" : "checkpoint";
            byte[] bytes = writer(kind, items).toBytes();
            assertArrayEquals(bytes, writer(kind, items).toBytes(), "same entries, same order -> same bytes");
            try {
                ModelFileReader r = ModelFileReader.read(bytes, "generated.simdnn", kind);
                assertEquals(kind, r.kind());
                assertEquals(ModelFileFormat.FORMAT_VERSION, r.formatVersion());
                assertEquals(items.stream().map(Item::key).toList(), List.copyOf(r.keys()));
                for (Item item : items) {
                    assertTrue(r.has(item.key()));
                    assertReadsBack(r, item);
                }
                assertFalse(r.has("not-a-key"));
                // the hostile tests' decode/re-encode helper is faithful
                assertArrayEquals(bytes, ModelFileBytes.file(kind, ModelFileBytes.items(bytes, kind)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void writeToFileGivesTheSameBytesAndReplacesAtomically(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("net.simdnn");
        ModelFileWriter first = new ModelFileWriter("model").putInt("a", 1);
        first.write(file);
        assertArrayEquals(first.toBytes(), Files.readAllBytes(file));
        ModelFileWriter second = new ModelFileWriter("model").putFloats("w", new float[] {1, 2, 3});
        second.write(file);
        assertArrayEquals(second.toBytes(), Files.readAllBytes(file));
        assertArrayEquals(
                new float[] {1, 2, 3}, ModelFileReader.read(file, "model").getFloats("w", 3));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList(), "no temporary file is left behind");
        }
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            // a model file gets the permissions of any new file, not a temporary file's owner-only ones
            Path plain = Files.write(dir.resolve("plain"), new byte[1]);
            Path fresh = dir.resolve("fresh.simdnn");
            first.write(fresh);
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(fresh));
        }
    }

    private static void assertReadsBack(ModelFileReader r, Item item) throws IOException {
        String k = item.key();
        switch (item.type()) {
            case INT -> assertEquals((int) item.value(), r.getInt(k));
            case LONG -> assertEquals((long) item.value(), r.getLong(k));
            case FLOAT ->
                assertEquals(Float.floatToRawIntBits((float) item.value()), Float.floatToRawIntBits(r.getFloat(k)), k);
            case DOUBLE ->
                assertEquals(
                        Double.doubleToRawLongBits((double) item.value()),
                        Double.doubleToRawLongBits(r.getDouble(k)),
                        k);
            case BOOLEAN -> assertEquals((boolean) item.value(), r.getBoolean(k));
            case STRING -> assertEquals(item.value(), r.getString(k));
            case INTS -> {
                int[] v = (int[]) item.value();
                assertArrayEquals(v, r.getInts(k));
                assertArrayEquals(v, r.getInts(k, v.length));
            }
            case LONGS -> {
                long[] v = (long[]) item.value();
                assertArrayEquals(v, r.getLongs(k));
                assertArrayEquals(v, r.getLongs(k, v.length));
            }
            case FLOATS -> {
                float[] v = (float[]) item.value();
                assertArrayEquals(rawBits(v), rawBits(r.getFloats(k)), k);
                assertArrayEquals(rawBits(v), rawBits(r.getFloats(k, v.length)), k);
            }
        }
    }

    private static ModelFileWriter writer(String kind, List<Item> items) {
        ModelFileWriter w = new ModelFileWriter(kind);
        for (Item item : items) {
            String k = item.key();
            switch (item.type()) {
                case INT -> w.putInt(k, (int) item.value());
                case LONG -> w.putLong(k, (long) item.value());
                case FLOAT -> w.putFloat(k, (float) item.value());
                case DOUBLE -> w.putDouble(k, (double) item.value());
                case BOOLEAN -> w.putBoolean(k, (boolean) item.value());
                case STRING -> w.putString(k, (String) item.value());
                case INTS -> w.putInts(k, (int[]) item.value());
                case LONGS -> w.putLongs(k, (long[]) item.value());
                case FLOATS -> w.putFloats(k, (float[]) item.value());
            }
        }
        return w;
    }

    private static List<Item> randomItems(SplittableRandom rnd) {
        int count = rnd.nextInt(0, 24);
        Set<String> keys = new LinkedHashSet<>();
        while (keys.size() < count) {
            keys.add(randomKey(rnd));
        }
        List<Item> items = new ArrayList<>();
        EntryType[] types = EntryType.values();
        for (String key : keys) {
            EntryType type = types[rnd.nextInt(types.length)];
            items.add(new Item(key, type, randomValue(type, rnd)));
        }
        return items;
    }

    private static String randomKey(SplittableRandom rnd) {
        StringBuilder sb = new StringBuilder();
        int pieces = rnd.nextInt(1, 8);
        for (int i = 0; i < pieces; i++) {
            sb.append(KEY_PIECES[rnd.nextInt(KEY_PIECES.length)]);
        }
        if (rnd.nextInt(20) == 0) {
            // a key of exactly the maximum length
            return "k".repeat(ModelFileFormat.MAX_NAME_BYTES);
        }
        return sb.toString();
    }

    private static Object randomValue(EntryType type, SplittableRandom rnd) {
        int length = rnd.nextInt(8) == 0 ? 0 : rnd.nextInt(1, 70);
        return switch (type) {
            case INT -> rnd.nextInt();
            case LONG -> rnd.nextLong();
            case FLOAT -> randomFloat(rnd);
            case DOUBLE -> randomDouble(rnd);
            case BOOLEAN -> rnd.nextBoolean();
            case STRING -> {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < length; i++) {
                    sb.append(KEY_PIECES[rnd.nextInt(KEY_PIECES.length)]).append(rnd.nextInt(3) == 0 ? "\n\t\0" : "");
                }
                yield sb.toString();
            }
            case INTS -> rnd.ints(length).toArray();
            case LONGS -> rnd.longs(length).toArray();
            case FLOATS -> {
                float[] v = new float[length];
                for (int i = 0; i < length; i++) {
                    v[i] = randomFloat(rnd);
                }
                yield v;
            }
        };
    }

    /** Bit patterns a careless encoder changes: NaNs with payloads (quiet, signalling, negative), -0, subnormals. */
    private static final int[] SPECIAL_FLOAT_BITS = {
        0x7fc00000,
        0x7f800001,
        0x7fa00000,
        0xffc00001,
        0x7fffffff,
        0x80000000,
        0x00000001,
        0x807fffff,
        0x7f800000,
        0xff800000,
        0x7f7fffff
    };

    /** Half ordinary weights, a quarter special bit patterns, a quarter any bit pattern. */
    private static float randomFloat(SplittableRandom rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> Float.intBitsToFloat(SPECIAL_FLOAT_BITS[rnd.nextInt(SPECIAL_FLOAT_BITS.length)]);
            case 1 -> Float.intBitsToFloat(rnd.nextInt());
            default -> (float) rnd.nextDouble(-3, 3);
        };
    }

    private static double randomDouble(SplittableRandom rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> Double.longBitsToDouble(0x7ff0000000000001L + rnd.nextInt(1000)); // NaN payloads
            case 1 -> Double.longBitsToDouble(rnd.nextLong());
            default -> rnd.nextDouble(-1e6, 1e6);
        };
    }

    private static int[] rawBits(float[] v) {
        int[] bits = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            bits[i] = Float.floatToRawIntBits(v[i]);
        }
        return bits;
    }
}
