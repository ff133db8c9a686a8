package org.simdnn.cli;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes one indented JSON document: objects, arrays, strings, numbers, booleans and null, nothing else.
 *
 * <p>Why not a JSON library: the CLI only writes a small record (run.json); reading JSON is never needed at run
 * time, and this class is short enough to check by eye. The tests parse its output with Jackson, so a mistake in
 * escaping or nesting fails the build. Non-finite numbers, which JSON cannot represent, are written as
 * {@code null}.
 *
 * <pre>{@code
 * String json = new JsonWriter().beginObject().name("epochs").value(5).name("loss").value(0.25).endObject().toJson();
 * }</pre>
 */
final class JsonWriter {

    private final StringBuilder out = new StringBuilder();
    /** The open containers, innermost first. */
    private final Deque<Frame> open = new ArrayDeque<>();

    private boolean afterName;
    private boolean done;

    JsonWriter beginObject() {
        return open('{', true);
    }

    JsonWriter endObject() {
        return close('}', true);
    }

    JsonWriter beginArray() {
        return open('[', false);
    }

    JsonWriter endArray() {
        return close(']', false);
    }

    /** The name of the next member of the current object. */
    JsonWriter name(String name) {
        if (open.isEmpty() || !open.peek().object || afterName) {
            throw new IllegalStateException("name(\"" + name + "\") outside an object or after another name");
        }
        separate();
        string(name);
        out.append(": ");
        afterName = true;
        return this;
    }

    JsonWriter value(String value) {
        beforeValue();
        string(value);
        return this;
    }

    JsonWriter value(long value) {
        beforeValue();
        out.append(value);
        return this;
    }

    JsonWriter value(double value) {
        beforeValue();
        if (Double.isFinite(value)) {
            // shortest representation that reads back to the same double; integers keep a ".0"
            out.append(value);
        } else {
            out.append("null");
        }
        return this;
    }

    /** A float as its shortest decimal form ({@code 0.1f} is written 0.1, not 0.10000000149011612). */
    JsonWriter value(float value) {
        beforeValue();
        out.append(Float.isFinite(value) ? Float.toString(value) : "null");
        return this;
    }

    JsonWriter value(boolean value) {
        beforeValue();
        out.append(value);
        return this;
    }

    JsonWriter nullValue() {
        beforeValue();
        out.append("null");
        return this;
    }

    /** The document; every container must be closed. */
    String toJson() {
        if (!done) {
            throw new IllegalStateException("the JSON document is not complete (" + open.size() + " open containers)");
        }
        return out.toString() + "\n";
    }

    private JsonWriter open(char bracket, boolean object) {
        beforeValue();
        out.append(bracket);
        open.push(new Frame(object));
        return this;
    }

    private JsonWriter close(char bracket, boolean object) {
        if (open.isEmpty() || open.peek().object != object || afterName) {
            throw new IllegalStateException("'" + bracket + "' does not close the innermost open container");
        }
        if (open.pop().members > 0) {
            newline();
        }
        out.append(bracket);
        if (open.isEmpty()) {
            done = true;
        }
        return this;
    }

    private void beforeValue() {
        if (done) {
            throw new IllegalStateException("the JSON document is already complete");
        }
        if (open.isEmpty()) {
            return; // the top-level value
        }
        if (open.peek().object) {
            if (!afterName) {
                throw new IllegalStateException("a member of an object needs name(...) first");
            }
            afterName = false;
        } else {
            separate();
        }
    }

    private void separate() {
        if (open.peek().members++ > 0) {
            out.append(',');
        }
        newline();
    }

    private void newline() {
        out.append('\n');
        out.append("  ".repeat(open.size()));
    }

    private static final class Frame {
        final boolean object;
        int members;

        Frame(boolean object) {
            this.object = object;
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
