package org.simdnn.dsl.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Byte-level surgery on model files for the hostile-input tests: re-computing the checksum after a change (so the
 * structural and semantic checks are reached, not only the checksum) and locating every header field of a valid
 * file (so each can be set to an absurd value). Public so the dsl-level hostile test can use it too.
 */
public final class ModelFileBytes {

    /** One header field of a file: what it is, where it starts, and its size in bytes (1 or 4). */
    public record Field(String name, int offset, int size) {}

    /**
     * One decoded entry: its key, its type and its value (an Integer, Long, Float, Double, Boolean, String, int[],
     * long[] or float[]), so a test can rewrite one value of a valid file whatever the file's schema.
     */
    public record Item(String key, Object value) {
        /** A copy with another value (of any of the supported classes). */
        public Item with(Object newValue) {
            return new Item(key, newValue);
        }
    }

    private ModelFileBytes() {}

    /** A copy of {@code file} with its CRC-32C trailer recomputed over everything before it. */
    public static byte[] withChecksum(byte[] file) {
        byte[] out = file.clone();
        int crcOffset = out.length - ModelFileFormat.TRAILER_BYTES;
        int crc = ModelFileFormat.crc32c(out, 0, crcOffset);
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(crcOffset, crc);
        return out;
    }

    /** The first {@code length} bytes of {@code file} followed by a valid checksum of them. */
    public static byte[] prefixWithChecksum(byte[] file, int length) {
        byte[] out = Arrays.copyOf(file, length + ModelFileFormat.TRAILER_BYTES);
        return withChecksum(out);
    }

    /** {@code file} with the little-endian int at {@code offset} replaced and the checksum recomputed. */
    public static byte[] withInt(byte[] file, int offset, int value) {
        byte[] out = file.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return withChecksum(out);
    }

    /** {@code file} with the byte at {@code offset} replaced and the checksum recomputed. */
    public static byte[] withByte(byte[] file, int offset, int value) {
        byte[] out = file.clone();
        out[offset] = (byte) value;
        return withChecksum(out);
    }

    /** The little-endian int at {@code offset}. */
    public static int intAt(byte[] file, int offset) {
        return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(offset);
    }

    /**
     * Every header field of a valid file: version, kind length, entry count, and per entry the key length, the type
     * tag and the payload length. Walks the layout independently of the reader (a second reading of the spec).
     */
    public static List<Field> fields(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        List<Field> fields = new ArrayList<>();
        int pos = ModelFileFormat.MAGIC.length;
        fields.add(new Field("version", pos, 4));
        pos += 4;
        fields.add(new Field("kind length", pos, 4));
        pos += 4 + b.getInt(pos);
        fields.add(new Field("entry count", pos, 4));
        int count = b.getInt(pos);
        pos += 4;
        for (int i = 0; i < count; i++) {
            fields.add(new Field("entry " + i + " key length", pos, 4));
            pos += 4 + b.getInt(pos);
            fields.add(new Field("entry " + i + " type tag", pos, 1));
            pos += 1;
            fields.add(new Field("entry " + i + " payload length", pos, 4));
            pos += 4 + b.getInt(pos);
        }
        if (pos != file.length - ModelFileFormat.TRAILER_BYTES) {
            throw new IllegalArgumentException("not a well-formed file: entries end at " + pos + ", the trailer at "
                    + (file.length - ModelFileFormat.TRAILER_BYTES));
        }
        return fields;
    }

    /** The entries of a valid file, in file order. */
    public static List<Item> items(byte[] file, String kind) throws IOException {
        ModelFileReader r = ModelFileReader.read(file, "items", kind);
        List<Item> items = new ArrayList<>();
        for (String key : r.keys()) {
            EntryType type = r.type(key);
            Object value = switch (type) {
                case INT -> r.getInt(key);
                case LONG -> r.getLong(key);
                case FLOAT -> r.getFloat(key);
                case DOUBLE -> r.getDouble(key);
                case BOOLEAN -> r.getBoolean(key);
                case STRING -> r.getString(key);
                case INTS -> r.getInts(key);
                case LONGS -> r.getLongs(key);
                case FLOATS -> r.getFloats(key);
            };
            items.add(new Item(key, value));
        }
        return items;
    }

    /** A valid file of the given kind holding these entries in this order (the writer's checks apply). */
    public static byte[] file(String kind, List<Item> items) {
        ModelFileWriter w = new ModelFileWriter(kind);
        for (Item item : items) {
            String k = item.key();
            switch (item.value()) {
                case Integer v -> w.putInt(k, v);
                case Long v -> w.putLong(k, v);
                case Float v -> w.putFloat(k, v);
                case Double v -> w.putDouble(k, v);
                case Boolean v -> w.putBoolean(k, v);
                case String v -> w.putString(k, v);
                case int[] v -> w.putInts(k, v);
                case long[] v -> w.putLongs(k, v);
                case float[] v -> w.putFloats(k, v);
                default ->
                    throw new IllegalArgumentException(
                            "unsupported value class " + item.value().getClass());
            }
        }
        return w.toBytes();
    }

    /** A small file of kind "model" with one entry of every type (and an empty array). */
    public static byte[] sampleFile() {
        return new ModelFileWriter("model")
                .putInt("layers", 3)
                .putLong("seed", -42L)
                .putFloat("eps", 1e-5f)
                .putDouble("lr", 0.125)
                .putBoolean("affine", true)
                .putString("activation", "relu")
                .putInts("units", new int[] {4, 3, 2})
                .putLongs("rng", new long[] {Long.MIN_VALUE, 7})
                .putFloats("weights", new float[] {0.5f, -1.25f, Float.MIN_VALUE, -0.0f, 3e38f, 1f})
                .putFloats("empty", new float[0])
                .toBytes();
    }
}
