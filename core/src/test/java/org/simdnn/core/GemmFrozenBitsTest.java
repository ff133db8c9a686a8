package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.simdnn.core.internal.BackendSelector;
import org.simdnn.core.internal.GemmKernels;
import org.simdnn.core.internal.vector.Lanes;
import org.simdnn.core.internal.vector.VectorGemm;

/**
 * The GEMM kernels' output bits over a fixed set of awkward calls, hashed and compared with constants recorded
 * from the code before the issue-12 split of {@code VectorGemm} into its parts (commit 441cb71). Any change that
 * alters a single bit of any output (summation order, blocking, epilogue, a stray write outside C) changes the
 * hash. The calls cover every path of the vector kernel: both register tiles' edge cases, the transposed (swapped)
 * problem, the dot-product path (small N and small M), R read in place, several MC/KC/NC blocks, the k = 0 and
 * alpha = 0 shortcuts, every activation with and without bias, beta 0/1/other, offsets and padded leading
 * dimensions, and 1 and 3 threads; plus {@code columnSums}.
 *
 * <p>The vector hashes depend on the species width and the register tile (one constant per pair) and on the
 * blocking knobs ({@code -Dsimdnn.gemm.*}), so the test is skipped
 * when a knob is set. If a deliberate change of the arithmetic makes a constant obsolete, record the new value in
 * the same commit and say why in its message.
 */
class GemmFrozenBitsTest {
    /**
     * FNV-1a 64 over the raw bits of every output array, in call order (vector provider), by species bits and
     * register tile ({@code -Dsimdnn.gemm.tile} reaches every pair on any machine). The tile matters only through
     * the dot path: whether a small-N product is transposed, and so goes to the dot path, depends on the tile's
     * width. 512/12x2, 256/3x3 and 128/3x3 are the constants recorded at 441cb71; the other pairs were recorded when
     * the 6x2, 5x2, 4x3 and 4x2 kernels were added (the old pairs unchanged, so nothing else moved).
     */
    private static final Map<String, Long> VECTOR = Map.ofEntries(
            Map.entry("512/12x2", 0x991fea9fe8b3a561L),
            Map.entry("512/5x2", 0x0a3d83eb27372171L),
            Map.entry("512/4x2", 0x0a3d83eb27372171L),
            Map.entry("512/6x2", 0x805f1e855ff2bf96L),
            Map.entry("512/4x3", 0x536a091630666776L),
            Map.entry("512/3x3", 0x536a091630666776L),
            Map.entry("256/12x2", 0xa8576361e64f99abL),
            Map.entry("256/5x2", 0x089b2aec0371358cL),
            Map.entry("256/4x2", 0x920f435b31a765e1L),
            Map.entry("256/6x2", 0x512f2b2d0b2ccc39L),
            Map.entry("256/4x3", 0x0baa97c8224da1ecL),
            Map.entry("256/3x3", 0xea6f5c06ff3aa9d1L),
            Map.entry("128/12x2", 0x88bf9b21b4a7047eL),
            Map.entry("128/5x2", 0x0d4ad9b7cb8921c3L),
            Map.entry("128/4x2", 0x0d4ad9b7cb8921c3L),
            Map.entry("128/6x2", 0x6a3b4e84530fb68fL),
            Map.entry("128/4x3", 0xece4bfd2e5395d42L),
            Map.entry("128/3x3", 0xece4bfd2e5395d42L));

    /** The same calls on the scalar twin. */
    private static final long SCALAR = 0x3446643914045711L;

    /** {m, n, k}: edge tiles for MR 3/12 and NR 12/24/32, small N/M, K around DIRECT_MAX_K and KC, M past MC. */
    private static final int[][] SHAPES = {
        {1, 1, 1},
        {3, 5, 7},
        {13, 17, 19},
        {37, 61, 53},
        {61, 37, 53},
        {2, 3, 300},
        {10, 97, 40},
        {17, 33, 32},
        {300, 10, 67},
        {250, 70, 270},
        {15, 2100, 33},
        {15, 2100, 20},
        {25, 26, 600}
    };

    /** Above the 2^22 multiply-add threshold: run with 1 and with 3 threads. */
    private static final int[][] PARALLEL_SHAPES = {{213, 157, 131}, {600, 10, 784}, {10, 600, 784}, {61, 520, 160}};

    @Test
    void vectorKernelBitsAsRecorded() {
        Assumptions.assumeTrue(
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "no jdk.incubator.vector");
        Assumptions.assumeTrue(noKnobs(), "a -Dsimdnn.gemm.* blocking knob is set");
        long h = hash(BackendSelector.vectorProvider().gemm());
        String key = Lanes.BITS + "/" + VectorGemm.tile();
        Long expected = VECTOR.get(key);
        assertTrue(expected != null, "no recorded hash for " + key + "; this run's is 0x" + Long.toHexString(h));
        assertEquals(
                expected.longValue(),
                h,
                "vector GEMM output bits changed at " + key + " (bits/tile): hash 0x" + Long.toHexString(h));
    }

    /**
     * The tiles this JVM does not use (one per fresh JVM: the tile is a {@code static final}), at this width, so a
     * broken kernel of another register budget shows red here too. Once per build: in the default vector run.
     */
    @Test
    void everyOtherTileAsRecorded() throws Exception {
        Assumptions.assumeTrue(
                "vector".equals(System.getProperty("simdnn.test.expectBackend")), "only in the default vector run");
        Assumptions.assumeTrue(noKnobs(), "a -Dsimdnn.gemm.* blocking knob is set");
        for (String tile : new String[] {"12x2", "6x2", "5x2", "4x3", "4x2", "3x3"}) {
            if (tile.equals(VectorGemm.tile())) {
                continue;
            }
            String out = ChildJvm.run(GemmFrozenBitsTest.class, "-Dsimdnn.gemm.tile=" + tile);
            String key = Lanes.BITS + "/" + tile;
            String line = out.lines()
                    .filter(l -> l.startsWith("gemm-hash "))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no hash from the child JVM: " + out));
            assertEquals("gemm-hash " + key + " " + Long.toHexString(VECTOR.get(key)), line, "tile " + tile);
        }
    }

    /** The child JVM's entry point: the vector GEMM's hash with this JVM's width and tile. */
    public static void main(String[] args) {
        long h = hash(BackendSelector.vectorProvider().gemm());
        System.out.println("gemm-hash " + Lanes.BITS + "/" + VectorGemm.tile() + " " + Long.toHexString(h));
    }

    @Test
    void scalarKernelBitsAsRecorded() {
        long h = hash(BackendSelector.scalarProvider().gemm());
        assertEquals(SCALAR, h, "scalar GEMM output bits changed: hash 0x" + Long.toHexString(h));
    }

    private static boolean noKnobs() {
        for (String p : System.getProperties().stringPropertyNames()) {
            if (p.startsWith("simdnn.gemm.") && !p.equals("simdnn.gemm.tile")) {
                return false;
            }
        }
        return true;
    }

    private static long hash(GemmKernels g) {
        SplittableRandom r = new SplittableRandom(20260712L);
        long h = 0xcbf29ce484222325L;
        int q = 0;
        Activation[] acts = Activation.values();
        for (int[] s : SHAPES) {
            for (int t = 0; t < 4; t++, q++) {
                h = call(g, r, h, s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, acts[q % acts.length], q, 1);
            }
        }
        for (int[] s : PARALLEL_SHAPES) {
            for (int t = 0; t < 4; t++, q++) {
                for (int threads : new int[] {1, 3}) {
                    h = call(g, r, h, s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, acts[q % acts.length], q, threads);
                }
            }
        }
        // The shortcuts: k = 0 and alpha = 0 (C = act(beta C + bias)), with and without an epilogue.
        for (int v = 0; v < 6; v++, q++) {
            int k = v % 2 == 0 ? 0 : 9;
            float alpha = v % 2 == 0 ? 1f : 0f;
            h = call(g, r, h, 23, 41, k, v % 3 == 1, v % 3 == 2, acts[v], q, 1, alpha);
        }
        // columnSums: below and above the row count where sums are read from memory, ragged column counts.
        int[][] sums = {{1, 1}, {5, 17}, {33, 70}, {300, 45}, {1000, 129}};
        for (int[] s : sums) {
            int rows = s[0];
            int cols = s[1];
            int ld = cols + 3;
            float[] x = uniform(r, 2 + rows * ld);
            float[] out = uniform(r, cols + 4);
            g.columnSums(x, 2, rows, cols, ld, out, 1);
            h = fnv(h, out);
        }
        return h;
    }

    private static long call(
            GemmKernels g,
            SplittableRandom r,
            long h,
            int m,
            int n,
            int k,
            boolean ta,
            boolean tb,
            Activation act,
            int q,
            int threads) {
        float alpha = q % 3 == 0 ? 1f : q % 3 == 1 ? 0.5f : -1.75f;
        return call(g, r, h, m, n, k, ta, tb, act, q, threads, alpha);
    }

    private static long call(
            GemmKernels g,
            SplittableRandom r,
            long h,
            int m,
            int n,
            int k,
            boolean ta,
            boolean tb,
            Activation act,
            int q,
            int threads,
            float alpha) {
        float beta = q % 4 == 0 ? 0f : q % 4 == 1 ? 1f : q % 4 == 2 ? -0.75f : 2f;
        boolean withBias = q % 5 != 2;
        int pad = q % 3;
        int aRows = ta ? k : m;
        int aCols = ta ? m : k;
        int bRows = tb ? n : k;
        int bCols = tb ? k : n;
        int lda = aCols + pad;
        int ldb = bCols + (q % 2);
        int ldc = n + (q % 4 == 3 ? 5 : 0);
        int aOff = q % 7;
        int bOff = q % 5;
        int cOff = q % 3;
        int biasOff = q % 4;
        float[] a = uniform(r, aOff + Math.max(0, aRows - 1) * lda + aCols);
        float[] b = uniform(r, bOff + Math.max(0, bRows - 1) * ldb + bCols);
        // C includes elements outside the m x n region (offset, padding): any write there changes the hash.
        float[] c = uniform(r, cOff + (m - 1) * ldc + n + 2);
        float[] bias = uniform(r, biasOff + n);
        g.gemm(
                ta ? Transpose.TRANSPOSE : Transpose.NONE,
                tb ? Transpose.TRANSPOSE : Transpose.NONE,
                m,
                n,
                k,
                alpha,
                a,
                aOff,
                lda,
                b,
                bOff,
                ldb,
                beta,
                c,
                cOff,
                ldc,
                withBias ? bias : null,
                biasOff,
                act,
                0.125f,
                threads);
        return fnv(h, c);
    }

    private static float[] uniform(SplittableRandom r, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            // wide enough that tanh and sigmoid saturate on some elements
            x[i] = (float) r.nextDouble(-1.5, 1.5);
        }
        return x;
    }

    private static long fnv(long h, float[] x) {
        for (float v : x) {
            int bits = Float.floatToRawIntBits(v);
            for (int s = 0; s < 32; s += 8) {
                h ^= (bits >>> s) & 0xff;
                h *= 0x100000001b3L;
            }
        }
        return h;
    }
}
