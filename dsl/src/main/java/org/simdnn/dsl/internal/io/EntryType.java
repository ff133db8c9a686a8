package org.simdnn.dsl.internal.io;

import org.jspecify.annotations.Nullable;

/**
 * The type tag of one entry: how its payload bytes are to be read. The numeric tags are part of the file format
 * and never change meaning; a new type gets a new tag (and a new format version, since old readers refuse unknown
 * tags).
 */
enum EntryType {
    INT(1, "an int", 4, 0),
    LONG(2, "a long", 8, 0),
    FLOAT(3, "a float", 4, 0),
    DOUBLE(4, "a double", 8, 0),
    BOOLEAN(5, "a boolean", 1, 0),
    STRING(6, "a string", -1, 1),
    INTS(7, "an int array", -1, 4),
    LONGS(8, "a long array", -1, 8),
    FLOATS(9, "a float array", -1, 4);

    /** The tag byte written to the file. */
    final int tag;
    /** "an int", "a float array": for messages. */
    final String description;
    /** Payload size of a scalar type in bytes, or -1 for variable-length types. */
    final int fixedBytes;
    /** For variable-length types: the payload length must be a multiple of this (1 for UTF-8 strings). */
    final int elementBytes;

    EntryType(int tag, String description, int fixedBytes, int elementBytes) {
        this.tag = tag;
        this.description = description;
        this.fixedBytes = fixedBytes;
        this.elementBytes = elementBytes;
    }

    private static final EntryType[] BY_TAG = new EntryType[16];

    static {
        for (EntryType t : values()) {
            BY_TAG[t.tag] = t;
        }
    }

    /** The type with this tag byte (0..255), or {@code null} when the tag is unknown. */
    static @Nullable EntryType ofTag(int tag) {
        return tag >= 0 && tag < BY_TAG.length ? BY_TAG[tag] : null;
    }

    /** Whether a payload of {@code length} bytes is well-formed for this type (before looking at its content). */
    boolean acceptsLength(int length) {
        return fixedBytes >= 0 ? length == fixedBytes : length >= 0 && length % elementBytes == 0;
    }

    /** The expected payload length, worded for an error message. */
    String lengthRule() {
        return fixedBytes >= 0 ? "exactly " + fixedBytes : "a multiple of " + elementBytes;
    }
}
