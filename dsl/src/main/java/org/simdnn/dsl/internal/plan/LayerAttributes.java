package org.simdnn.dsl.internal.plan;

import java.io.IOException;
import org.simdnn.dsl.internal.io.ModelFileReader;
import org.simdnn.dsl.internal.io.ModelFileWriter;

/**
 * One layer's scope of model-file keys: {@code layer.<name>.} in schema 2, {@code layer.<index>.} in schema 1. A
 * layer kind writes and reads its attributes by short names ({@code units}, {@code eps}) and never sees the prefix.
 * Readers check only the type here; the kind's constructor checks the value, the same rule the builder applies.
 */
public final class LayerAttributes {

    private LayerAttributes() {}

    /** Writes attributes under a prefix. */
    public static final class Writer {
        private final ModelFileWriter out;
        private final String prefix;

        /**
         * @param out    the file
         * @param prefix e.g. {@code layer.dense_1.}
         */
        public Writer(ModelFileWriter out, String prefix) {
            this.out = out;
            this.prefix = prefix;
        }

        /** @param key short name @param value value @return this */
        public Writer putInt(String key, int value) {
            out.putInt(prefix + key, value);
            return this;
        }

        /** @param key short name @param value value @return this */
        public Writer putFloat(String key, float value) {
            out.putFloat(prefix + key, value);
            return this;
        }

        /** @param key short name @param value value @return this */
        public Writer putBoolean(String key, boolean value) {
            out.putBoolean(prefix + key, value);
            return this;
        }

        /** @param key short name @param value value @return this */
        public Writer putString(String key, String value) {
            out.putString(prefix + key, value);
            return this;
        }
    }

    /** Reads attributes under a prefix. */
    public static final class Reader {
        private final ModelFileReader in;
        private final String prefix;

        /**
         * @param in     the file
         * @param prefix e.g. {@code layer.3.}
         */
        public Reader(ModelFileReader in, String prefix) {
            this.in = in;
            this.prefix = prefix;
        }

        /** @param key short name @return the value @throws IOException when missing or not an int */
        public int getInt(String key) throws IOException {
            return in.getInt(prefix + key);
        }

        /** @param key short name @return the value @throws IOException when missing or not a float */
        public float getFloat(String key) throws IOException {
            return in.getFloat(prefix + key);
        }

        /** @param key short name @return the value @throws IOException when missing or not a boolean */
        public boolean getBoolean(String key) throws IOException {
            return in.getBoolean(prefix + key);
        }

        /** @param key short name @return the value @throws IOException when missing or not a string */
        public String getString(String key) throws IOException {
            return in.getString(prefix + key);
        }

        /**
         * @param key   short name
         * @param what  what the value should have named, e.g. {@code activation}
         * @param value the value read
         * @return an error naming the key and the value
         */
        public IOException unknown(String key, String what, String value) {
            String v = value.length() <= 40 ? value : value.substring(0, 40) + "...";
            return in.error("key '" + prefix + key + "' is the unknown " + what + " '" + v + "'");
        }
    }
}
