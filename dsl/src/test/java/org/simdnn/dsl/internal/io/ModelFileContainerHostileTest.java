package org.simdnn.dsl.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simdnn.testkit.Qt;

/**
 * Hostile input for the container: truncation at every byte offset, random byte flips, and absurd values in every
 * header field. Every case must end in an {@link IOException} from {@code read}, never another exception, an
 * {@link OutOfMemoryError} or a returned reader.
 *
 * <p>Meant to run in the {@code hostile-small-heap} surefire execution ({@code -Xmx64m}, see dsl/pom.xml), where an
 * allocation sized by a hostile length (up to 2^31 - 1 bytes or elements) fails: with the default heap of a large
 * machine such an allocation could quietly succeed. Run alone elsewhere (e.g. {@code -Dtest=...}) the tests still
 * check the exceptions, and say that the heap was not small.
 */
class ModelFileContainerHostileTest {

    private static final byte[] GOOD = ModelFileBytes.sampleFile();

    @BeforeAll
    static void heapIsSmallInTheHostileRun() {
        long maxHeap = Runtime.getRuntime().maxMemory();
        if (Boolean.getBoolean("simdnn.test.smallHeap")) {
            assertTrue(
                    maxHeap <= 96L << 20,
                    "the hostile-small-heap run must have a heap of at most 96 MiB, it has " + (maxHeap >> 20)
                            + " MiB");
        } else {
            System.out.println("[ModelFileContainerHostileTest] heap " + (maxHeap >> 20)
                    + " MiB: not the small-heap run, OutOfMemoryError risks are not exercised here");
        }
    }

    @Test
    void sampleIsValid() throws IOException {
        ModelFileReader r = ModelFileReader.read(GOOD, "sample", "model");
        assertEquals(10, r.keys().size());
        assertEquals(ModelFileBytes.fields(GOOD).size(), 3 + 3 * 10);
    }

    @Test
    void truncationAtEveryOffsetIsRefused() {
        for (int length = 0; length < GOOD.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(GOOD, length);
            assertRefused(cut, "truncated to " + length + " bytes");
        }
    }

    @Test
    void truncationWithARecomputedChecksumIsRefusedByTheStructureChecks() {
        // every prefix of the body, followed by a valid checksum of it: the checksum passes, the structure must not
        for (int length = 0; length < GOOD.length - ModelFileFormat.TRAILER_BYTES; length++) {
            assertRefused(
                    ModelFileBytes.prefixWithChecksum(GOOD, length),
                    "body cut at " + length + " bytes, checksum recomputed");
        }
    }

    @Test
    void randomByteFlipsAreRefusedByTheChecksum() {
        SplittableRandom rnd = Qt.random(11);
        for (int trial = 0; trial < 2000; trial++) {
            byte[] bad = GOOD.clone();
            int flips = 1 + rnd.nextInt(4);
            StringBuilder where = new StringBuilder();
            for (int f = 0; f < flips; f++) {
                int at = rnd.nextInt(bad.length);
                int mask = 1 + rnd.nextInt(255);
                bad[at] ^= (byte) mask;
                where.append(at).append("^").append(mask).append(' ');
            }
            if (java.util.Arrays.equals(bad, GOOD)) {
                continue; // two flips cancelled out
            }
            assertRefused(bad, "bytes flipped at " + where + "(QT_SEED=" + Qt.SEED + ")");
        }
    }

    @Test
    void randomByteFlipsWithARecomputedChecksumNeverEscapeAsAnotherException() {
        // With the checksum fixed, a flip inside a payload can give a valid file; anything else must be refused.
        // Either way nothing but IOException may come out, also from the getters of a reader that was returned.
        SplittableRandom rnd = Qt.random(12);
        int refused = 0;
        for (int trial = 0; trial < 2000; trial++) {
            byte[] bad = GOOD.clone();
            int at = rnd.nextInt(bad.length - ModelFileFormat.TRAILER_BYTES);
            bad[at] ^= (byte) (1 + rnd.nextInt(255));
            bad = ModelFileBytes.withChecksum(bad);
            String what = "byte " + at + " flipped, checksum recomputed (QT_SEED=" + Qt.SEED + ")";
            ModelFileReader r;
            try {
                r = ModelFileReader.read(bad, "flipped", "model");
            } catch (IOException expected) {
                refused++;
                continue;
            } catch (Throwable t) {
                throw new AssertionError(what + ": " + t, t);
            }
            exerciseEveryGetter(r, what);
        }
        assertTrue(refused > 0, "some flips must hit a header field");
    }

    @Test
    void absurdValuesInEveryHeaderFieldAreRefused() {
        List<ModelFileBytes.Field> fields = ModelFileBytes.fields(GOOD);
        int bodyEnd = GOOD.length - ModelFileFormat.TRAILER_BYTES;
        for (ModelFileBytes.Field field : fields) {
            if (field.size() == 1) {
                for (int tag : new int[] {0, 10, 0x7F, 0x80, 0xFF}) {
                    assertRefused(ModelFileBytes.withByte(GOOD, field.offset(), tag), field.name() + " = " + tag);
                }
                continue;
            }
            int remaining = bodyEnd - (field.offset() + 4);
            int[] absurd = {
                -1,
                Integer.MIN_VALUE,
                Integer.MIN_VALUE + 1,
                Integer.MAX_VALUE,
                Integer.MAX_VALUE - 3,
                1 << 30,
                1 << 28,
                remaining + 1,
                remaining + 4,
                0x7FFF_FFF0
            };
            for (int value : absurd) {
                assertRefused(ModelFileBytes.withInt(GOOD, field.offset(), value), field.name() + " = " + value);
            }
        }
    }

    @Test
    void aFileOverTheCapIsRefusedBeforeReading(@TempDir Path dir) throws IOException {
        // a sparse file: no disk blocks, but reading it whole would need 1 GiB of heap
        Path huge = dir.resolve("huge.simdnn");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(ModelFileFormat.MAX_FILE_BYTES + 1L);
        }
        IOException e = assertThrows(IOException.class, () -> ModelFileReader.read(huge, "model"));
        assertEquals(
                huge + ": the file is 1073741825 bytes, larger than the 1073741824-byte (1 GiB) limit of a "
                        + "simdnn model file",
                e.getMessage());
    }

    private static void assertRefused(byte[] file, String what) {
        try {
            ModelFileReader r = ModelFileReader.read(file, "hostile.simdnn", "model");
            fail(what + ": accepted (keys " + r.keys() + ")");
        } catch (IOException expected) {
            String m = expected.getMessage();
            assertTrue(m.startsWith("hostile.simdnn: ") && !m.contains("\n"), what + ": " + m);
        } catch (Throwable t) {
            throw new AssertionError(what + ": " + t + " instead of an IOException", t);
        }
    }

    /** Calls every getter on every key; each call must return a value or throw IOException. */
    private static void exerciseEveryGetter(ModelFileReader r, String what) {
        List<Getter> getters = List.of(
                r::getInt,
                r::getLong,
                r::getFloat,
                r::getDouble,
                r::getBoolean,
                r::getString,
                r::getInts,
                r::getLongs,
                r::getFloats,
                k -> r.getFloats(k, 6),
                k -> r.getInt(k, 0, 10));
        for (String key : r.keys()) {
            for (Getter g : getters) {
                try {
                    g.get(key);
                } catch (IOException expected) {
                    // wrong type or out of range: fine
                } catch (Throwable t) {
                    throw new AssertionError(what + ": getter on '" + key + "' threw " + t, t);
                }
            }
        }
    }

    @FunctionalInterface
    private interface Getter {
        Object get(String key) throws IOException;
    }
}
