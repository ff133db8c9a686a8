package org.simdnn.core.internal;

/**
 * Boundary checks shared by the public kernels. Every message names the array or matrix and both the shape it
 * has and the shape the call needs, so a user can fix the call without reading simdnn's code.
 */
public final class Checks {
    private Checks() {}

    /** A non-null array with room for {@code len} elements from {@code off}. */
    public static void range(String name, float[] a, int off, int len) {
        if (a == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (len < 0) {
            throw new IllegalArgumentException(name + ": negative length " + len);
        }
        if (off < 0) {
            throw new IllegalArgumentException(name + ": negative offset " + off);
        }
        if ((long) off + len > a.length) {
            throw new IllegalArgumentException(name + ": needs " + len + " elements from offset " + off
                    + " (up to index " + ((long) off + len - 1) + ") but has length " + a.length);
        }
    }

    /** Like {@link #range(String, float[], int, int)} for int arrays (labels, indices). */
    public static void range(String name, int[] a, int off, int len) {
        if (a == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (len < 0) {
            throw new IllegalArgumentException(name + ": negative length " + len);
        }
        if (off < 0) {
            throw new IllegalArgumentException(name + ": negative offset " + off);
        }
        if ((long) off + len > a.length) {
            throw new IllegalArgumentException(
                    name + ": needs " + len + " elements from offset " + off + " but has length " + a.length);
        }
    }

    /** A row-major {@code rows x cols} matrix at {@code off} with leading dimension {@code ld >= cols}. */
    public static void matrix(String name, float[] a, int off, int rows, int cols, int ld) {
        if (a == null) {
            throw new IllegalArgumentException(name + " (" + rows + " x " + cols + ") is null");
        }
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(name + ": negative shape " + rows + " x " + cols);
        }
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(name + " (" + rows + " x " + cols + "): leading dimension " + ld
                    + " is smaller than its " + cols + " columns");
        }
        if (off < 0) {
            throw new IllegalArgumentException(name + ": negative offset " + off);
        }
        long need = rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * ld + cols;
        if (off + need > a.length) {
            throw new IllegalArgumentException(name + " (" + rows + " x " + cols + ", leading dimension " + ld
                    + ", offset " + off + ") needs " + (off + need) + " elements but the array has " + a.length);
        }
    }

    /** A vector of exactly {@code len} elements (per-feature parameters such as gamma, beta, mean). */
    public static void length(String name, float[] a, int len, String what) {
        if (a == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (a.length < len) {
            throw new IllegalArgumentException(name + " has length " + a.length + " but " + what + " needs " + len);
        }
    }

    /** {@code v > 0}. */
    public static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
    }

    /** A finite {@code v > 0}. */
    public static void positiveFinite(String name, float v) {
        if (!(v > 0f) || Float.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + v);
        }
    }

    /** A finite {@code v >= 0}. */
    public static void nonNegativeFinite(String name, float v) {
        if (!(v >= 0f) || Float.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + v);
        }
    }

    /** Two arrays (or the same array) that may not overlap in the given ranges unless identical. */
    public static void sameOrDisjoint(String nameA, float[] a, int offA, String nameB, float[] b, int offB, int len) {
        if (a == b && offA != offB && offA < offB + len && offB < offA + len) {
            throw new IllegalArgumentException(
                    nameA + " [" + offA + ", " + (offA + len) + ") and " + nameB + " [" + offB + ", " + (offB + len)
                            + ") partially overlap in the same array; use identical or disjoint ranges");
        }
    }

    /**
     * Whether {@code a} holds a row-major {@code rows x cols} matrix at {@code off} with leading dimension
     * {@code ld}: the condition of {@link #matrix}, without building any message. Facades whose messages are
     * composed from the shapes test this first, so a valid call allocates nothing.
     */
    public static boolean matrixFits(float[] a, int off, int rows, int cols, int ld) {
        if (a == null || rows < 0 || cols < 0 || off < 0 || ld < Math.max(1, cols)) {
            return false;
        }
        long need = rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * ld + cols;
        return off + need <= a.length;
    }

    /**
     * A per-feature array of at least {@code cols} elements for an {@code rows x cols} batch x; the message
     * ("... but x (rows x cols) needs cols") is built only on failure.
     */
    public static void perFeature(String name, float[] a, int rows, int cols) {
        if (a == null || a.length < cols) {
            length(name, a, cols, "x (" + rows + " x " + cols + ")");
        }
    }
}
