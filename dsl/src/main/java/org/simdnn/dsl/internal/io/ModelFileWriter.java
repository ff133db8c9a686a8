package org.simdnn.dsl.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds one simdnn model file (layout: {@link ModelFileFormat}): a kind such as {@code "model"} or
 * {@code "checkpoint"} and a list of typed entries, each under a unique key, in the order they are put.
 *
 * <pre>{@code
 * new ModelFileWriter("model").putInt("layers", 3).putFloats("dense_1.weights", w).write(path);
 * }</pre>
 *
 * <p>Values are encoded when they are put (arrays are copied then, later changes to them are not seen).
 * The output is deterministic: the same entries in the same order give the same bytes, floats keeping their raw
 * bits (NaN payloads and negative zero included). A writer is not thread-safe.
 *
 * <p>Every {@code put} throws {@link IllegalArgumentException}, leaving the writer unchanged, when the key is
 * invalid (empty, over {@value ModelFileFormat#MAX_KEY_BYTES} UTF-8 bytes, control characters), already used, or
 * when the file would grow past {@link ModelFileFormat#MAX_FILE_BYTES}: a writer never produces a file the reader
 * refuses.
 */
public final class ModelFileWriter {

    private final byte[] kind;
    private final int maxFileBytes;
    private final Set<String> keys = new HashSet<>();
    private byte[] body = new byte[256];
    private int bodySize;
    private ByteBuffer view = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);

    /**
     * A writer for a file of the given kind.
     *
     * @param kind what the file holds, e.g. {@code "model"} or {@code "checkpoint"}; the reader refuses a file
     *             whose kind differs from the one it expects
     * @throws IllegalArgumentException if the kind is empty, longer than {@value ModelFileFormat#MAX_NAME_BYTES}
     *                                  UTF-8 bytes or contains control characters
     */
    public ModelFileWriter(String kind) {
        this(kind, ModelFileFormat.MAX_FILE_BYTES);
    }

    /** A writer with a smaller size cap than {@link ModelFileFormat#MAX_FILE_BYTES}, so tests can reach it. */
    ModelFileWriter(String kind, int maxFileBytes) {
        checkName("kind", kind, ModelFileFormat.MAX_NAME_BYTES);
        this.kind = kind.getBytes(StandardCharsets.UTF_8);
        this.maxFileBytes = Math.min(maxFileBytes, ModelFileFormat.MAX_FILE_BYTES);
    }

    /**
     * Puts an int.
     *
     * @param key unique key
     * @param value the value
     * @return this
     */
    public ModelFileWriter putInt(String key, int value) {
        begin(key, EntryType.INT, 4);
        view.putInt(bodySize, value);
        bodySize += 4;
        return this;
    }

    /**
     * Puts a long.
     *
     * @param key unique key
     * @param value the value
     * @return this
     */
    public ModelFileWriter putLong(String key, long value) {
        begin(key, EntryType.LONG, 8);
        view.putLong(bodySize, value);
        bodySize += 8;
        return this;
    }

    /**
     * Puts a float (raw bits kept).
     *
     * @param key unique key
     * @param value the value
     * @return this
     */
    public ModelFileWriter putFloat(String key, float value) {
        begin(key, EntryType.FLOAT, 4);
        view.putInt(bodySize, Float.floatToRawIntBits(value));
        bodySize += 4;
        return this;
    }

    /**
     * Puts a double (raw bits kept).
     *
     * @param key unique key
     * @param value the value
     * @return this
     */
    public ModelFileWriter putDouble(String key, double value) {
        begin(key, EntryType.DOUBLE, 8);
        view.putLong(bodySize, Double.doubleToRawLongBits(value));
        bodySize += 8;
        return this;
    }

    /**
     * Puts a boolean (one byte, 0 or 1).
     *
     * @param key unique key
     * @param value the value
     * @return this
     */
    public ModelFileWriter putBoolean(String key, boolean value) {
        begin(key, EntryType.BOOLEAN, 1);
        body[bodySize++] = (byte) (value ? 1 : 0);
        return this;
    }

    /**
     * Puts a string as UTF-8.
     *
     * @param key unique key
     * @param value the value
     * @return this
     */
    public ModelFileWriter putString(String key, String value) {
        Objects.requireNonNull(value, "value");
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (!new String(utf8, StandardCharsets.UTF_8).equals(value)) {
            throw new IllegalArgumentException("the string for key '" + key
                    + "' is not valid Unicode (it has an unpaired surrogate) and would not read back unchanged");
        }
        begin(key, EntryType.STRING, utf8.length);
        System.arraycopy(utf8, 0, body, bodySize, utf8.length);
        bodySize += utf8.length;
        return this;
    }

    /**
     * Puts an int array (copied now).
     *
     * @param key unique key
     * @param values the values
     * @return this
     */
    public ModelFileWriter putInts(String key, int[] values) {
        begin(key, EntryType.INTS, payloadBytes(key, values.length, 4));
        view.slice(bodySize, values.length * 4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asIntBuffer()
                .put(values);
        bodySize += values.length * 4;
        return this;
    }

    /**
     * Puts a long array (copied now).
     *
     * @param key unique key
     * @param values the values
     * @return this
     */
    public ModelFileWriter putLongs(String key, long[] values) {
        begin(key, EntryType.LONGS, payloadBytes(key, values.length, 8));
        view.slice(bodySize, values.length * 8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asLongBuffer()
                .put(values);
        bodySize += values.length * 8;
        return this;
    }

    /**
     * Puts a float array, raw bits kept (copied now).
     *
     * @param key unique key
     * @param values the values
     * @return this
     */
    public ModelFileWriter putFloats(String key, float[] values) {
        begin(key, EntryType.FLOATS, payloadBytes(key, values.length, 4));
        // A heap FloatBuffer view stores raw bits, like floatToRawIntBits.
        view.slice(bodySize, values.length * 4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .put(values);
        bodySize += values.length * 4;
        return this;
    }

    /**
     * The complete file: header, the entries in the order they were put, CRC-32C trailer.
     *
     * @return a new array each call
     */
    public byte[] toBytes() {
        int headerBytes = ModelFileFormat.PREFIX_BYTES + kind.length + 4;
        byte[] out = new byte[headerBytes + bodySize + ModelFileFormat.TRAILER_BYTES];
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ModelFileFormat.MAGIC)
                .putInt(ModelFileFormat.FORMAT_VERSION)
                .putInt(kind.length)
                .put(kind)
                .putInt(keys.size())
                .put(body, 0, bodySize);
        b.putInt(ModelFileFormat.crc32c(out, 0, out.length - ModelFileFormat.TRAILER_BYTES));
        return out;
    }

    /**
     * Writes the file atomically: the bytes go to a temporary file in the same directory, are forced to the
     * device, and the temporary file is then moved over {@code file}. A crash leaves either the old file or the
     * new one, never a mixture; on failure the temporary file is removed.
     *
     * @param file the destination; replaced if it exists
     * @throws IOException if the directory does not exist or the file cannot be written (the message names it)
     */
    public void write(Path file) throws IOException {
        byte[] bytes = toBytes();
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(
                    file.toString(), null, "cannot write the model file: directory " + dir + " does not exist");
        }
        if (Files.isDirectory(target)) {
            throw new IOException(file + ": cannot write the model file: it is a directory");
        }
        String name = target.getFileName().toString();
        String stem = "." + name.substring(0, Math.min(name.length(), 64)) + ".";
        Path tmp = createTemporary(dir, stem);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Creates an empty temporary file in {@code dir}. Not {@link Files#createTempFile}: its owner-only permissions
     * would end up on the model file; {@link Files#createFile} gives those of any new file (the umask's).
     */
    private static Path createTemporary(Path dir, String stem) throws IOException {
        while (true) {
            Path tmp = dir.resolve(
                    stem + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                // another writer's temporary file: draw another name
            }
        }
    }

    /** Writes the entry header (key length, key, tag, payload length) after checking key and size. */
    private void begin(String key, EntryType type, int payloadBytes) {
        checkName("key", key, ModelFileFormat.MAX_KEY_BYTES);
        if (keys.contains(key)) {
            throw new IllegalArgumentException(
                    "key '" + key + "' was already put in this " + kindName() + " file; keys must be unique");
        }
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        int entryBytes = 4 + k.length + 1 + 4;
        ensureRoom(key, (long) entryBytes + payloadBytes);
        view.putInt(bodySize, k.length);
        System.arraycopy(k, 0, body, bodySize + 4, k.length);
        body[bodySize + 4 + k.length] = (byte) type.tag;
        view.putInt(bodySize + 4 + k.length + 1, payloadBytes);
        bodySize += entryBytes;
        keys.add(key);
    }

    private int payloadBytes(String key, int elements, int elementBytes) {
        long bytes = (long) elements * elementBytes;
        if (bytes > maxFileBytes) {
            throw tooLarge(key, bytes);
        }
        return (int) bytes;
    }

    private void ensureRoom(String key, long entryBytes) {
        long fileBytes =
                ModelFileFormat.PREFIX_BYTES + kind.length + 4L + bodySize + entryBytes + ModelFileFormat.TRAILER_BYTES;
        if (fileBytes > maxFileBytes) {
            throw tooLarge(key, entryBytes);
        }
        long needed = bodySize + entryBytes;
        if (needed > body.length) {
            // needed <= MAX_FILE_BYTES (1 GiB), so doubling stays below the array size limit
            long doubled = Math.min(2L * body.length, ModelFileFormat.MAX_FILE_BYTES);
            body = Arrays.copyOf(body, (int) Math.max(needed, doubled));
            view = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private IllegalArgumentException tooLarge(String key, long entryBytes) {
        return new IllegalArgumentException("entry '" + key + "' (" + entryBytes + " bytes) would make the "
                + kindName() + " file larger than the " + maxFileBytes + "-byte"
                + (maxFileBytes == ModelFileFormat.MAX_FILE_BYTES ? " (1 GiB)" : "") + " limit of a simdnn model file");
    }

    private String kindName() {
        return "'" + new String(kind, StandardCharsets.UTF_8) + "'";
    }

    private static void checkName(String what, String name, int maxBytes) {
        Objects.requireNonNull(name, what);
        String problem = ModelFileFormat.nameProblem(name, maxBytes);
        if (problem != null) {
            String shown = problem.startsWith("is ") && !name.isEmpty()
                    ? " '" + (name.length() > 40 ? name.substring(0, 40) + "..." : name) + "'"
                    : "";
            throw new IllegalArgumentException(what + shown + " " + problem + "; names are 1 to " + maxBytes
                    + " UTF-8 bytes without control characters");
        }
    }
}
