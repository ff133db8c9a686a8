package org.simdnn.dsl.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A validated simdnn model file (layout: {@link ModelFileFormat}), read whole into memory.
 *
 * <p>{@link #read(Path, String)} and {@link #read(byte[], String, String)} either return a reader over a file
 * whose structure is entirely valid, or throw an {@link IOException} with a one-line reason that names the file;
 * they never return a partially read file. In this order they check: the size cap (before reading anything),
 * the magic bytes, the CRC-32C checksum (before parsing any value), the format version, the kind, and then every
 * entry, comparing each length with the bytes that remain before anything is allocated, so a hostile length costs
 * no memory. Unknown type tags, duplicate keys, malformed UTF-8, booleans other than 0/1 and trailing bytes are
 * refused.
 *
 * <p>The getters then check what the caller expects: a missing key, a different type, a different array length
 * or a value out of range is an {@code IOException} naming the file, the key, what was expected and what was
 * found. A reader is immutable and safe to share between threads.
 */
public final class ModelFileReader {

    /** Where an entry's payload is and what it holds. */
    private record Entry(EntryType type, int offset, int length) {}

    private final String source;
    private final byte[] bytes;
    private final int formatVersion;
    private final String kind;
    private final Map<String, Entry> entries;

    private ModelFileReader(String source, byte[] bytes, int formatVersion, String kind, Map<String, Entry> entries) {
        this.source = source;
        this.bytes = bytes;
        this.formatVersion = formatVersion;
        this.kind = kind;
        this.entries = Collections.unmodifiableMap(entries);
    }

    /**
     * Reads and validates a model file.
     *
     * @param file         the file
     * @param expectedKind the kind it must hold, e.g. {@code "model"}
     * @return the reader
     * @throws IOException if the file is missing, larger than {@link ModelFileFormat#MAX_FILE_BYTES}, not a
     *                     simdnn file, corrupt, of an unsupported version or of another kind (the message says which)
     */
    public static ModelFileReader read(Path file, String expectedKind) throws IOException {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw new IOException(source + ": is a directory, not a model file");
        }
        byte[] bytes;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > ModelFileFormat.MAX_FILE_BYTES) {
                throw new IOException(source + ": the file is " + size + " bytes, larger than the "
                        + ModelFileFormat.MAX_FILE_BYTES + "-byte (1 GiB) limit of a simdnn model file");
            }
            bytes = new byte[(int) size];
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                if (ch.read(buf) < 0) {
                    throw new IOException(source + ": the file shrank while it was being read");
                }
            }
            if (ch.read(ByteBuffer.allocate(1)) > 0) {
                throw new IOException(source + ": the file grew while it was being read");
            }
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(source, null, "no such model file");
        }
        return parse(bytes, source, expectedKind);
    }

    /**
     * Validates a model file held in memory.
     *
     * @param bytes        the file's bytes (copied)
     * @param source       a name for messages, e.g. the file name or URL it came from
     * @param expectedKind the kind it must hold, e.g. {@code "model"}
     * @return the reader
     * @throws IOException as for {@link #read(Path, String)}
     */
    public static ModelFileReader read(byte[] bytes, String source, String expectedKind) throws IOException {
        if (bytes.length > ModelFileFormat.MAX_FILE_BYTES) {
            throw new IOException(source + ": " + bytes.length + " bytes, larger than the "
                    + ModelFileFormat.MAX_FILE_BYTES + "-byte (1 GiB) limit of a simdnn model file");
        }
        return parse(bytes.clone(), source, expectedKind);
    }

    private static ModelFileReader parse(byte[] bytes, String source, String expectedKind) throws IOException {
        int n = bytes.length;
        if (n < ModelFileFormat.MAGIC.length || !startsWithMagic(bytes)) {
            throw new IOException(source + ": not a simdnn model file (it does not start with the simdnn magic bytes"
                    + (n < ModelFileFormat.MAGIC.length ? "; it has only " + n + " bytes)" : ")"));
        }
        if (n < ModelFileFormat.MIN_FILE_BYTES) {
            throw new IOException(source + ": truncated: " + n + " bytes, a simdnn model file has at least "
                    + ModelFileFormat.MIN_FILE_BYTES);
        }
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int version = le.getInt(ModelFileFormat.MAGIC.length);
        int crcOffset = n - ModelFileFormat.TRAILER_BYTES;
        int stored = le.getInt(crcOffset);
        int computed = ModelFileFormat.crc32c(bytes, 0, crcOffset);
        if (stored != computed) {
            if (!ModelFileFormat.supportsVersion(version)) {
                throw new IOException(source + ": format version " + Integer.toUnsignedString(version)
                        + " is not supported (this build reads " + ModelFileFormat.supportedVersions()
                        + "), or the file is corrupt (its checksum does not match)");
            }
            throw new IOException(source + ": checksum mismatch (stored " + hex(stored) + ", computed " + hex(computed)
                    + "): the file is corrupt or truncated");
        }
        if (!ModelFileFormat.supportsVersion(version)) {
            throw new IOException(source + ": format version " + Integer.toUnsignedString(version)
                    + " is not supported: this build of simdnn reads " + ModelFileFormat.supportedVersions()
                    + (version > ModelFileFormat.FORMAT_VERSION ? "; the file was written by a newer simdnn" : ""));
        }
        Cursor in = new Cursor(source, le, ModelFileFormat.MAGIC.length + 4, crcOffset);
        String kind = in.name("the kind", ModelFileFormat.MAX_NAME_BYTES);
        if (!kind.equals(expectedKind)) {
            throw new IOException(source + ": holds a '" + kind + "', expected a '" + expectedKind + "' file");
        }
        int count = in.int32("the entry count");
        if (count < 0) {
            throw new IOException(source + ": corrupt: negative entry count " + count);
        }
        if ((long) count * ModelFileFormat.MIN_ENTRY_BYTES > in.remaining()) {
            throw new IOException(source + ": corrupt: entry count " + count + " cannot fit in the "
                    + in.remaining() + " bytes that follow (an entry takes at least "
                    + ModelFileFormat.MIN_ENTRY_BYTES + ")");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String key = in.name("the key of entry " + i, ModelFileFormat.maxKeyBytes(version));
            String what = "entry " + i + " ('" + key + "')";
            int tag = in.uint8(what + "'s type tag");
            EntryType type = EntryType.ofTag(tag);
            if (type == null) {
                throw new IOException(source + ": " + what + " has the unknown type tag " + tag + " (format version "
                        + version + " knows 1 to " + EntryType.values().length + ")");
            }
            int length = in.int32(what + "'s payload length");
            if (!type.acceptsLength(length)) {
                throw new IOException(source + ": corrupt: " + what + " is " + type.description
                        + " with a payload length of " + length + " bytes (must be " + type.lengthRule() + ")");
            }
            int offset = in.skip(length, what + "'s payload");
            checkPayload(source, what, type, bytes, offset, length);
            if (entries.putIfAbsent(key, new Entry(type, offset, length)) != null) {
                throw new IOException(source + ": corrupt: " + what + " repeats a key that an earlier entry has");
            }
        }
        if (in.remaining() != 0) {
            throw new IOException(source + ": corrupt: " + in.remaining()
                    + " unexpected bytes after the last entry, before the checksum");
        }
        return new ModelFileReader(source, bytes, version, kind, entries);
    }

    private static void checkPayload(String source, String what, EntryType type, byte[] bytes, int offset, int length)
            throws IOException {
        if (type == EntryType.BOOLEAN && bytes[offset] != 0 && bytes[offset] != 1) {
            throw new IOException(source + ": corrupt: " + what + " is a boolean stored as " + (bytes[offset] & 0xFF)
                    + " (must be 0 or 1)");
        }
        if (type == EntryType.STRING && utf8(bytes, offset, length) == null) {
            throw new IOException(source + ": corrupt: " + what + " is a string that is not valid UTF-8");
        }
    }

    /** Strict UTF-8 decoding: null for malformed input instead of replacement characters. */
    private static @Nullable String utf8(byte[] bytes, int offset, int length) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean startsWithMagic(byte[] bytes) {
        for (int i = 0; i < ModelFileFormat.MAGIC.length; i++) {
            if (bytes[i] != ModelFileFormat.MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static String hex(int v) {
        return String.format("0x%08x", v);
    }

    /** Reads header fields front to back, never past {@code limit} (the checksum), with messages naming the field. */
    private static final class Cursor {
        private final String source;
        private final ByteBuffer le;
        private final int limit;
        private int pos;

        Cursor(String source, ByteBuffer le, int pos, int limit) {
            this.source = source;
            this.le = le;
            this.pos = pos;
            this.limit = limit;
        }

        int remaining() {
            return limit - pos;
        }

        int int32(String what) throws IOException {
            need(4, what);
            int v = le.getInt(pos);
            pos += 4;
            return v;
        }

        int uint8(String what) throws IOException {
            need(1, what);
            return le.get(pos++) & 0xFF;
        }

        /** Skips {@code length} bytes (already known to be non-negative) and returns where they start. */
        int skip(int length, String what) throws IOException {
            need(length, what);
            int start = pos;
            pos += length;
            return start;
        }

        String name(String what, int maxBytes) throws IOException {
            int length = int32(what + "'s length");
            if (length < 1 || length > maxBytes) {
                throw new IOException(source + ": corrupt: " + what + " has a length of " + length
                        + " bytes (must be 1 to " + maxBytes + ")");
            }
            int start = skip(length, what);
            String name = utf8(le.array(), start, length);
            if (name == null) {
                throw new IOException(source + ": corrupt: " + what + " is not valid UTF-8");
            }
            String problem = ModelFileFormat.nameProblem(name, maxBytes);
            if (problem != null) {
                throw new IOException(source + ": corrupt: " + what + " " + problem);
            }
            return name;
        }

        private void need(int bytes, String what) throws IOException {
            if (bytes > remaining()) {
                throw new IOException(source + ": corrupt: " + what + " at byte offset " + pos + " needs " + bytes
                        + " bytes but only " + remaining() + " remain before the checksum");
            }
        }
    }

    // ---------------------------------------------------------------- accessors

    /** The name used in messages (the path, or the source given to {@link #read(byte[], String, String)}). */
    public String source() {
        return source;
    }

    /** The file's format version (one this build supports). */
    public int formatVersion() {
        return formatVersion;
    }

    /** What the file holds, e.g. {@code "model"}. */
    public String kind() {
        return kind;
    }

    /**
     * Whether the file has an entry under this key.
     *
     * @param key the key
     * @return true if present, whatever its type
     */
    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The keys in file order (unmodifiable). */
    public Set<String> keys() {
        return entries.keySet();
    }

    /** The type of an entry (package-private: for the tests' byte surgery), or null when absent. */
    @Nullable
    EntryType type(String key) {
        Entry e = entries.get(key);
        return e == null ? null : e.type;
    }

    /**
     * An exception for a semantic problem the caller found in this file, with the same "file: reason" form as
     * the reader's own messages.
     *
     * @param reason what is wrong, e.g. {@code "layer 2 has the unknown type 'conv'"}
     * @return the exception, to be thrown
     */
    public IOException error(String reason) {
        return new IOException(source + ": " + reason);
    }

    /**
     * An int.
     *
     * @param key the key
     * @return the value
     * @throws IOException if the key is missing or holds another type
     */
    public int getInt(String key) throws IOException {
        return le().getInt(entry(key, EntryType.INT).offset);
    }

    /**
     * An int in {@code [min, max]}.
     *
     * @param key the key
     * @param min smallest accepted value
     * @param max largest accepted value
     * @return the value
     * @throws IOException if the key is missing, holds another type or is out of range
     */
    public int getInt(String key, int min, int max) throws IOException {
        int v = getInt(key);
        if (v < min || v > max) {
            throw outOfRange(key, Integer.toString(v), min, max);
        }
        return v;
    }

    /**
     * A long.
     *
     * @param key the key
     * @return the value
     * @throws IOException if the key is missing or holds another type
     */
    public long getLong(String key) throws IOException {
        return le().getLong(entry(key, EntryType.LONG).offset);
    }

    /**
     * A long in {@code [min, max]}.
     *
     * @param key the key
     * @param min smallest accepted value
     * @param max largest accepted value
     * @return the value
     * @throws IOException if the key is missing, holds another type or is out of range
     */
    public long getLong(String key, long min, long max) throws IOException {
        long v = getLong(key);
        if (v < min || v > max) {
            throw outOfRange(key, Long.toString(v), min, max);
        }
        return v;
    }

    /**
     * A float, with its raw bits as written (NaN and infinities included).
     *
     * @param key the key
     * @return the value
     * @throws IOException if the key is missing or holds another type
     */
    public float getFloat(String key) throws IOException {
        return Float.intBitsToFloat(le().getInt(entry(key, EntryType.FLOAT).offset));
    }

    /**
     * A float in {@code [min, max]}; NaN is always refused.
     *
     * @param key the key
     * @param min smallest accepted value
     * @param max largest accepted value
     * @return the value
     * @throws IOException if the key is missing, holds another type, is NaN or is out of range
     */
    public float getFloat(String key, float min, float max) throws IOException {
        float v = getFloat(key);
        if (!(v >= min && v <= max)) {
            throw outOfRange(key, Float.toString(v), min, max);
        }
        return v;
    }

    /**
     * A double, with its raw bits as written.
     *
     * @param key the key
     * @return the value
     * @throws IOException if the key is missing or holds another type
     */
    public double getDouble(String key) throws IOException {
        return Double.longBitsToDouble(le().getLong(entry(key, EntryType.DOUBLE).offset));
    }

    /**
     * A double in {@code [min, max]}; NaN is always refused.
     *
     * @param key the key
     * @param min smallest accepted value
     * @param max largest accepted value
     * @return the value
     * @throws IOException if the key is missing, holds another type, is NaN or is out of range
     */
    public double getDouble(String key, double min, double max) throws IOException {
        double v = getDouble(key);
        if (!(v >= min && v <= max)) {
            throw outOfRange(key, Double.toString(v), min, max);
        }
        return v;
    }

    /**
     * A boolean.
     *
     * @param key the key
     * @return the value
     * @throws IOException if the key is missing or holds another type
     */
    public boolean getBoolean(String key) throws IOException {
        return bytes[entry(key, EntryType.BOOLEAN).offset] == 1;
    }

    /**
     * A string.
     *
     * @param key the key
     * @return the value
     * @throws IOException if the key is missing or holds another type
     */
    public String getString(String key) throws IOException {
        Entry e = entry(key, EntryType.STRING);
        return new String(bytes, e.offset, e.length, StandardCharsets.UTF_8);
    }

    /**
     * An int array of any length.
     *
     * @param key the key
     * @return a new array
     * @throws IOException if the key is missing or holds another type
     */
    public int[] getInts(String key) throws IOException {
        Entry e = entry(key, EntryType.INTS);
        int[] v = new int[e.length / 4];
        slice(e).asIntBuffer().get(v);
        return v;
    }

    /**
     * An int array of exactly {@code expectedLength} elements.
     *
     * @param key            the key
     * @param expectedLength the required number of elements, at least 0
     * @return a new array
     * @throws IOException if the key is missing, holds another type or another length
     */
    public int[] getInts(String key, int expectedLength) throws IOException {
        checkLength(key, EntryType.INTS, expectedLength);
        return getInts(key);
    }

    /**
     * A long array of any length.
     *
     * @param key the key
     * @return a new array
     * @throws IOException if the key is missing or holds another type
     */
    public long[] getLongs(String key) throws IOException {
        Entry e = entry(key, EntryType.LONGS);
        long[] v = new long[e.length / 8];
        slice(e).asLongBuffer().get(v);
        return v;
    }

    /**
     * A long array of exactly {@code expectedLength} elements.
     *
     * @param key            the key
     * @param expectedLength the required number of elements, at least 0
     * @return a new array
     * @throws IOException if the key is missing, holds another type or another length
     */
    public long[] getLongs(String key, int expectedLength) throws IOException {
        checkLength(key, EntryType.LONGS, expectedLength);
        return getLongs(key);
    }

    /**
     * A float array of any length, raw bits as written.
     *
     * @param key the key
     * @return a new array
     * @throws IOException if the key is missing or holds another type
     */
    public float[] getFloats(String key) throws IOException {
        Entry e = entry(key, EntryType.FLOATS);
        float[] v = new float[e.length / 4];
        slice(e).asFloatBuffer().get(v);
        return v;
    }

    /**
     * A float array of exactly {@code expectedLength} elements, raw bits as written.
     *
     * @param key            the key
     * @param expectedLength the required number of elements, at least 0
     * @return a new array
     * @throws IOException if the key is missing, holds another type or another length
     */
    public float[] getFloats(String key, int expectedLength) throws IOException {
        checkLength(key, EntryType.FLOATS, expectedLength);
        return getFloats(key);
    }

    private void checkLength(String key, EntryType type, int expectedLength) throws IOException {
        if (expectedLength < 0) {
            throw new IllegalArgumentException("expectedLength must be >= 0, got " + expectedLength);
        }
        Entry e = entry(key, type);
        int actual = e.length / type.elementBytes;
        if (actual != expectedLength) {
            throw new IOException(source + ": key '" + key + "' holds " + actual + " elements, expected "
                    + expectedLength + " (" + type.description + ")");
        }
    }

    private Entry entry(String key, EntryType type) throws IOException {
        Entry e = entries.get(key);
        if (e == null) {
            throw new IOException(source + ": missing key '" + key + "' (expected " + type.description + ")");
        }
        if (e.type != type) {
            throw new IOException(
                    source + ": key '" + key + "' holds " + e.type.description + ", expected " + type.description);
        }
        return e;
    }

    private IOException outOfRange(String key, String value, Object min, Object max) {
        return new IOException(
                source + ": key '" + key + "' is " + value + ", expected a value in [" + min + ", " + max + "]");
    }

    private ByteBuffer le() {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private ByteBuffer slice(Entry e) {
        return ByteBuffer.wrap(bytes, e.offset, e.length).slice().order(ByteOrder.LITTLE_ENDIAN);
    }
}
