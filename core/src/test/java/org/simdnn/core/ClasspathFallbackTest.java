package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Runs in its own surefire execution, on the plain classpath WITHOUT {@code --add-modules jdk.incubator.vector}:
 * the scalar fallback must be chosen, say why, be logged once as a warning, and still compute correctly.
 */
class ClasspathFallbackTest {
    private static final List<LogRecord> RECORDS = new ArrayList<>();
    private static final Logger JUL = Logger.getLogger("org.simdnn");

    static {
        // Installed before any simdnn class selects the backend: this class is alone in its JVM.
        JUL.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (RECORDS) {
                    RECORDS.add(r);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
    }

    @Test
    void fallbackIsChosenLoggedOnceAndWorks() {
        assertTrue(Boolean.getBoolean("simdnn.test.fallbackRun"), "this test belongs to the classpath-fallback run");
        assertTrue(
                ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty(),
                "this run must not resolve jdk.incubator.vector");
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertEquals(45f, Reductions.sum(x, 0, x.length));
        Backend b = Simdnn.backend();
        assertFalse(b.vectorized());
        assertEquals("scalar", b.name());
        assertTrue(b.reason().contains("--add-modules jdk.incubator.vector"), b.reason());
        Simdnn.backend();
        assertEquals(30f, Reductions.dot(x, 0, x, 0, 4));
        synchronized (RECORDS) {
            assertEquals(1, RECORDS.size(), "the backend is logged exactly once: " + RECORDS);
            LogRecord r = RECORDS.get(0);
            assertEquals(Level.WARNING, r.getLevel());
            assertTrue(r.getMessage().contains("SCALAR FALLBACK"), r.getMessage());
            assertTrue(r.getMessage().contains("--add-modules jdk.incubator.vector"), r.getMessage());
        }
    }
}
