package org.simdnn.dsl.internal.io;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * Constants and shared rules of the simdnn model-file container (format version {@value #FORMAT_VERSION}; version 1
 * files are read too: they differ only in the longest key, {@value #MAX_NAME_BYTES} bytes instead of
 * {@value #MAX_KEY_BYTES}, which schema-2 keys holding a layer name of up to 256 characters need).
 *
 * <p>Byte layout, all integers little-endian, all lengths signed 32-bit and never negative:
 * <pre>
 * offset  size  field
 * 0       8     magic        89 53 44 4E 0D 0A 1A 0A   ("\x89SDN\r\n\x1A\n", PNG-style)
 * 8       4     version      int32, format version ({@value #FORMAT_VERSION})
 * 12      4     kindLength   int32, 1..{@value #MAX_NAME_BYTES}
 * 16      k     kind         UTF-8, e.g. "model", "checkpoint"
 * 16+k    4     entryCount   int32, &gt;= 0
 *         ...   entries      entryCount times:
 *                 4  keyLength     int32, 1..{@value #MAX_KEY_BYTES} (1..{@value #MAX_NAME_BYTES} in version 1)
 *                 n  key           UTF-8, unique within the file
 *                 1  typeTag       1 int, 2 long, 3 float, 4 double, 5 boolean, 6 string (UTF-8),
 *                                  7 int[], 8 long[], 9 float[]
 *                 4  payloadLength int32, bytes: 4/8/4/8/1 for scalars, a multiple of the element size for arrays
 *                 p  payload       values little-endian; floats/doubles as their raw IEEE 754 bits;
 *                                  a boolean is 0 or 1
 * end-4   4     crc32c       CRC-32C (Castagnoli) of every byte before it
 * </pre>
 * Names (the kind and the keys) are valid UTF-8 without control characters: the kind 1 to {@value #MAX_NAME_BYTES}
 * bytes, a key 1 to {@value #MAX_KEY_BYTES} (version 1: {@value #MAX_NAME_BYTES}).
 * A file is at most {@value #MAX_FILE_BYTES} bytes.
 */
public final class ModelFileFormat {

    /** The 8 magic bytes every model file starts with. */
    public static final byte[] MAGIC = {(byte) 0x89, 'S', 'D', 'N', '\r', '\n', 0x1A, '\n'};

    /** The format version this build writes. */
    public static final int FORMAT_VERSION = 2;

    /**
     * The largest file the reader accepts and the writer produces: 1 GiB (about 268 million float parameters),
     * checked before anything is read so a huge or hostile file costs no memory.
     */
    public static final int MAX_FILE_BYTES = 1 << 30;

    /** The longest kind (and key of a version-1 file), in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 255;

    /** The longest key of a version-2 file, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1024;

    /** Bytes of the fixed fields before the kind: magic, version, kind length. */
    static final int PREFIX_BYTES = MAGIC.length + 4 + 4;

    /** Bytes of the CRC-32C trailer. */
    static final int TRAILER_BYTES = 4;

    /** The smallest possible entry: key length, a 1-byte key, the tag, the payload length, an empty payload. */
    static final int MIN_ENTRY_BYTES = 4 + 1 + 1 + 4;

    /** The smallest possible file: prefix, a 1-byte kind, the entry count, no entries, the trailer. */
    static final int MIN_FILE_BYTES = PREFIX_BYTES + 1 + 4 + TRAILER_BYTES;

    private ModelFileFormat() {}

    /** Whether this build reads the given format version. */
    public static boolean supportsVersion(int version) {
        return version == 1 || version == FORMAT_VERSION;
    }

    /** The versions this build reads, worded for messages. */
    static String supportedVersions() {
        return "versions 1 and " + FORMAT_VERSION;
    }

    /**
     * @param version a supported format version
     * @return the longest key it allows, in UTF-8 bytes
     */
    static int maxKeyBytes(int version) {
        return version == 1 ? MAX_NAME_BYTES : MAX_KEY_BYTES;
    }

    /**
     * The CRC-32C of {@code bytes[offset, offset + length)}, as stored in the trailer.
     *
     * @param bytes  the data
     * @param offset first byte
     * @param length number of bytes
     * @return the checksum as an unsigned 32-bit value in an int
     */
    public static int crc32c(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /**
     * Why {@code name} is not a valid kind or key, or {@code null} when it is valid.
     *
     * @param name     the candidate name
     * @param maxBytes the longest it may be, in UTF-8 bytes
     * @return a reason worded to follow the name ("is empty", ...), or null
     */
    static @Nullable String nameProblem(String name, int maxBytes) {
        if (name.isEmpty()) {
            return "is empty";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)) {
                return "contains the control character U+" + String.format("%04X", (int) c) + " at index " + i;
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c)
                        && i + 1 < name.length()
                        && Character.isLowSurrogate(name.charAt(i + 1));
                if (!paired) {
                    return "contains an unpaired surrogate at index " + i;
                }
                i++;
            }
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            return "is " + bytes + " UTF-8 bytes long, the limit is " + maxBytes;
        }
        return null;
    }
}
