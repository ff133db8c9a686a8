package org.simdnn.core.internal.vector;

import static org.simdnn.core.internal.BatchNormMath.TILE;
import static org.simdnn.core.internal.vector.Lanes.F;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.jspecify.annotations.Nullable;
import org.simdnn.core.Activation;
import org.simdnn.core.internal.ActivationFamily;
import org.simdnn.core.internal.BatchNormDriver;
import org.simdnn.core.internal.BatchNormMath;
import org.simdnn.core.internal.ScalarBatchNorm;

/**
 * Vector API batch normalization, SIMD across feature columns. Every pass evaluates
 * {@code z = (x - mean) * scale + beta} with {@code scale = gamma*invstd} (see {@link BatchNormMath#z}). The
 * forward pass forms the per-feature scale once per call in a small per-thread row and then streams the batch row
 * by row; the backward passes work on tiles of {@link BatchNormMath#TILE} rows, forming their
 * per-feature constants once per column vector and tile. One loop nest per activation kind (the switch is outside
 * the loops); the columns past {@code F.loopBound(c)} go to the scalar twin's column-range methods, which use the
 * same formulas.
 */
public final class VectorBatchNorm extends BatchNormDriver {
    public VectorBatchNorm() {
        super(new VectorReductions());
    }

    // ---------------------------------------------------------------- per-feature constants (inlined helpers)

    /** {@link BatchNormMath#invStd} lane-wise (the same correctly rounded add, sqrt and divide). */
    private static FloatVector invStdOf(float[] var, int j, float eps) {
        return FloatVector.broadcast(F, 1f)
                .div(FloatVector.fromArray(F, var, j).add(eps).sqrt());
    }

    private static FloatVector scale(FloatVector inv, float @Nullable [] gamma, int j) {
        return gamma == null ? inv : inv.mul(FloatVector.fromArray(F, gamma, j));
    }

    private static FloatVector beta(float @Nullable [] beta, int j) {
        return beta == null ? FloatVector.zero(F) : FloatVector.fromArray(F, beta, j);
    }

    /** {@link BatchNormMath#z}: {@code (x - m) * s + b}, exact b for x = m. */
    private static FloatVector z(FloatVector x, FloatVector m, FloatVector s, FloatVector b) {
        return x.sub(m).fma(s, b);
    }

    // ---------------------------------------------------------------- forward

    /**
     * Rows per call of a row kernel: about 64 KiB of x, a multiple of {@code TILE} (so tiled sums keep their order
     * and bits). A DRAM-size batch in one call would reach C2 only through on-stack replacement, whose loops re-box
     * their vectors (tens of KB allocated per call were measured); many short calls get the ordinary compilation.
     */
    static int blockRows(int ld) {
        return Math.max(TILE, (BLOCK_FLOATS / Math.max(1, ld)) / TILE * TILE);
    }

    private static final int BLOCK_FLOATS = 1 << 14;

    /** Per-thread scale, mean and beta rows of the forward pass (3 x c floats), grown on demand, never shrunk. */
    private static final ThreadLocal<float[][]> AFFINE = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

    @Override
    protected void normalize(
            float[] x,
            int xOff,
            int n,
            int c,
            int ldx,
            float[] mean,
            float[] invStd,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            Activation act,
            float slope,
            float[] y,
            int yOff,
            int ldy) {
        int cb = F.loopBound(c);
        // The per-feature scale = gamma*invstd is computed once per call into a small L1-resident row beside the mean
        // and beta; the elementwise pass then streams x and y strictly row by row, which keeps the hardware
        // prefetchers on two sequential streams (row tiles of 4 interleave 8 streams and ran ~2x slower once the batch
        // no longer fits in cache). The row blocks and streams do the same operations on every element, so the same
        // bits.
        float[][] holder = AFFINE.get();
        if (holder[0].length < 3 * cb) {
            holder[0] = new float[3 * cb];
        }
        float[] st = holder[0];
        for (int j = 0; j < cb; j += F.length()) {
            scale(FloatVector.fromArray(F, invStd, j), gamma, j).intoArray(st, j);
            FloatVector.fromArray(F, mean, j).intoArray(st, cb + j);
            beta(beta, j).intoArray(st, 2 * cb + j);
        }
        ActivationFamily kind = ActivationFamily.of(act);
        int r0 = 0;
        if (streamsFromMemory(n, ldx, cb)) {
            // One row from each quarter of the batch per call (the row stride is a quarter of the batch): four read and
            // four write streams on separate pages keep more memory traffic in flight than one of each. Measured on
            // EPYC
            // (one thread): an affine pass over 64 MiB moves about 22 GB/s with one stream pair, 28 with four, more
            // than
            // System.arraycopy's 24.
            int q = n / FORWARD_STREAMS;
            for (int r = 0; r < q; r++) {
                fwdRows(
                        kind,
                        act,
                        slope,
                        x,
                        xOff + r * ldx,
                        q * ldx,
                        FORWARD_STREAMS,
                        cb,
                        st,
                        y,
                        yOff + r * ldy,
                        q * ldy);
            }
            r0 = FORWARD_STREAMS * q;
        }
        for (int block = blockRows(ldx); r0 < n; r0 += block) {
            fwdRows(
                    kind,
                    act,
                    slope,
                    x,
                    xOff + r0 * ldx,
                    ldx,
                    Math.min(block, n - r0),
                    cb,
                    st,
                    y,
                    yOff + r0 * ldy,
                    ldy);
        }
        if (cb < c) {
            ScalarBatchNorm.normalizeCols(x, xOff, ldx, n, cb, c, mean, invStd, gamma, beta, act, slope, y, yOff, ldy);
        }
    }

    /**
     * Whether a batch is large enough to come from memory rather than cache (more than 4 MiB) with rows long enough
     * (at least 128 floats in whole vectors) that a call per group of four rows costs nothing next to its traffic.
     */
    /**
     * Regions of a batch from memory read side by side: the forward pass has two arrays (4 x 2 streams); the
     * backward passes have three (x, dy, dx: 2 x 3 streams). Measured at 65536 x 256 on EPYC, one thread: the
     * training forward went from about 14 to 9.7 ms with four regions; the inference backward took 13.7 ms with
     * four regions (12 streams) and 11.2 ms with two, from about 15 ms with one.
     */
    private static final int FORWARD_STREAMS = 4;

    private static final int BACKWARD_STREAMS = 2;

    static boolean streamsFromMemory(int n, int ld, int cb) {
        return (long) n * ld > VectorReductions.CACHE_FLOATS && cb >= 128;
    }

    private static void fwdRows(
            ActivationFamily kind,
            Activation act,
            float slope,
            float[] x,
            int xo,
            int ldx,
            int rows,
            int cb,
            float[] st,
            float[] y,
            int yo,
            int ldy) {
        switch (kind) {
            case PIECEWISE -> fwdPiecewise(x, xo, ldx, rows, cb, st, ActivationFamily.slopeOf(act, slope), y, yo, ldy);
            case RELU -> fwdRelu(x, xo, ldx, rows, cb, st, y, yo, ldy);
            case TANH ->
                fwdTanh(x, xo, ldx, rows, cb, st, ActivationFamily.tanhA(act), ActivationFamily.tanhS(act), y, yo, ldy);
            default -> fwdSigmoid(x, xo, ldx, rows, cb, st, y, yo, ldy);
        }
    }

    // The ReLU and piecewise forwards sweep four rows per pass over the columns: the scale, mean and beta vectors are
    // loaded once for the four, 1.75 loads per output vector instead of 4, and the four x vectors are loaded before
    // any of the four stores (rows of 1024 floats are 4 KiB apart, where a store and the next row's load share their
    // low address bits; loads first measured 3-9% faster). The exact (x - mean) * s + beta needs one operand more
    // than the folded x * s + t it replaced, and with one row per pass it was 7-13% slower (training forward, ReLU,
    // AVX-512 EPYC, alternating A/B calls in one JVM); as written it is 2-6% faster at 128x256, -1% to +10% at
    // 1024x1024 and 16-23% faster at 65536x256 than the folded form was (with -XX:UseAVX=2: 2%, 0%, 1-6%). From memory
    // the four rows are the four quarters of
    // the batch (see normalize), so each row is still its own sequential stream. tanh and sigmoid are bound by their
    // arithmetic, not by loads, and keep one row per pass.

    private static void fwdRelu(float[] x, int xOff, int ldx, int n, int cb, float[] st, float[] y, int yOff, int ldy) {
        int r = 0;
        for (; r + 3 < n; r += 4) {
            int xp = xOff + r * ldx;
            int yp = yOff + r * ldy;
            for (int j = 0; j < cb; j += F.length()) {
                FloatVector s = FloatVector.fromArray(F, st, j);
                FloatVector m = FloatVector.fromArray(F, st, cb + j);
                FloatVector b = FloatVector.fromArray(F, st, 2 * cb + j);
                FloatVector x0 = FloatVector.fromArray(F, x, xp + j);
                FloatVector x1 = FloatVector.fromArray(F, x, xp + ldx + j);
                FloatVector x2 = FloatVector.fromArray(F, x, xp + 2 * ldx + j);
                FloatVector x3 = FloatVector.fromArray(F, x, xp + 3 * ldx + j);
                VectorMath.relu(z(x0, m, s, b)).intoArray(y, yp + j);
                VectorMath.relu(z(x1, m, s, b)).intoArray(y, yp + ldy + j);
                VectorMath.relu(z(x2, m, s, b)).intoArray(y, yp + 2 * ldy + j);
                VectorMath.relu(z(x3, m, s, b)).intoArray(y, yp + 3 * ldy + j);
            }
        }
        for (; r < n; r++) {
            int xp = xOff + r * ldx;
            int yp = yOff + r * ldy;
            for (int j = 0; j < cb; j += F.length()) {
                FloatVector z = z(
                        FloatVector.fromArray(F, x, xp + j),
                        FloatVector.fromArray(F, st, cb + j),
                        FloatVector.fromArray(F, st, j),
                        FloatVector.fromArray(F, st, 2 * cb + j));
                VectorMath.relu(z).intoArray(y, yp + j);
            }
        }
    }

    private static void fwdPiecewise(
            float[] x, int xOff, int ldx, int n, int cb, float[] st, float slope, float[] y, int yOff, int ldy) {
        int r = 0;
        for (; r + 3 < n; r += 4) {
            int xp = xOff + r * ldx;
            int yp = yOff + r * ldy;
            for (int j = 0; j < cb; j += F.length()) {
                FloatVector s = FloatVector.fromArray(F, st, j);
                FloatVector m = FloatVector.fromArray(F, st, cb + j);
                FloatVector b = FloatVector.fromArray(F, st, 2 * cb + j);
                FloatVector x0 = FloatVector.fromArray(F, x, xp + j);
                FloatVector x1 = FloatVector.fromArray(F, x, xp + ldx + j);
                FloatVector x2 = FloatVector.fromArray(F, x, xp + 2 * ldx + j);
                FloatVector x3 = FloatVector.fromArray(F, x, xp + 3 * ldx + j);
                VectorMath.piecewise(z(x0, m, s, b), slope).intoArray(y, yp + j);
                VectorMath.piecewise(z(x1, m, s, b), slope).intoArray(y, yp + ldy + j);
                VectorMath.piecewise(z(x2, m, s, b), slope).intoArray(y, yp + 2 * ldy + j);
                VectorMath.piecewise(z(x3, m, s, b), slope).intoArray(y, yp + 3 * ldy + j);
            }
        }
        for (; r < n; r++) {
            int xp = xOff + r * ldx;
            int yp = yOff + r * ldy;
            for (int j = 0; j < cb; j += F.length()) {
                FloatVector z = z(
                        FloatVector.fromArray(F, x, xp + j),
                        FloatVector.fromArray(F, st, cb + j),
                        FloatVector.fromArray(F, st, j),
                        FloatVector.fromArray(F, st, 2 * cb + j));
                VectorMath.piecewise(z, slope).intoArray(y, yp + j);
            }
        }
    }

    private static void fwdTanh(
            float[] x, int xOff, int ldx, int n, int cb, float[] st, float a, float sc, float[] y, int yOff, int ldy) {
        for (int r = 0; r < n; r++) {
            int xp = xOff + r * ldx;
            int yp = yOff + r * ldy;
            for (int j = 0; j < cb; j += F.length()) {
                FloatVector z = z(
                        FloatVector.fromArray(F, x, xp + j),
                        FloatVector.fromArray(F, st, cb + j),
                        FloatVector.fromArray(F, st, j),
                        FloatVector.fromArray(F, st, 2 * cb + j));
                VectorMath.scaledTanh(z, a, sc).intoArray(y, yp + j);
            }
        }
    }

    private static void fwdSigmoid(
            float[] x, int xOff, int ldx, int n, int cb, float[] st, float[] y, int yOff, int ldy) {
        for (int r = 0; r < n; r++) {
            int xp = xOff + r * ldx;
            int yp = yOff + r * ldy;
            for (int j = 0; j < cb; j += F.length()) {
                FloatVector z = z(
                        FloatVector.fromArray(F, x, xp + j),
                        FloatVector.fromArray(F, st, cb + j),
                        FloatVector.fromArray(F, st, j),
                        FloatVector.fromArray(F, st, 2 * cb + j));
                VectorMath.sigmoid(z).intoArray(y, yp + j);
            }
        }
    }

    // ---------------------------------------------------------------- activation derivatives: dy * act'(z)

    private static FloatVector dPiecewise(FloatVector z, FloatVector dy, float slope) {
        return dy.mul(slope).blend(dy, z.compare(VectorOperators.GT, 0f));
    }

    private static FloatVector dRelu(FloatVector z, FloatVector dy) {
        return FloatVector.zero(F).blend(dy, z.compare(VectorOperators.GT, 0f));
    }

    private static FloatVector dTanh(FloatVector z, FloatVector dy, float a, float sc) {
        FloatVector th = VectorMath.tanh(z.mul(sc));
        return dy.mul(a * sc).mul(th.neg().fma(th, FloatVector.broadcast(F, 1f)));
    }

    private static FloatVector dSigmoid(FloatVector z, FloatVector dy) {
        FloatVector sg = VectorMath.sigmoid(z);
        return dy.mul(sg.sub(sg.mul(sg)));
    }

    // ---------------------------------------------------------------- training backward

    @Override
    public void backwardTraining(
            float[] x,
            int xOff,
            int n,
            int c,
            int ldx,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            float[] mean,
            float[] invStd,
            Activation act,
            float slope,
            float[] dy,
            int dyOff,
            int lddy,
            float[] dx,
            int dxOff,
            int lddx,
            float[] sumDzXhat,
            float[] sumDz) {
        int cb = F.loopBound(c);
        java.util.Arrays.fill(sumDz, 0, cb, 0f);
        java.util.Arrays.fill(sumDzXhat, 0, cb, 0f);
        ActivationFamily kind = ActivationFamily.of(act);
        float sl = ActivationFamily.slopeOf(act, slope);
        float a = ActivationFamily.tanhA(act);
        float sc = ActivationFamily.tanhS(act);
        // Pass 1: dz and the column sums. Transcendental kinds keep dz in dx for pass 2 (cheaper than a second
        // tanh/exp); the piecewise-linear kinds recompute it (4 bytes less traffic per element and pass).
        // Both passes in blocks of rows (see blockRows), or from memory one row of each half of the batch per call
        // (see normalize); 1/N is of the whole batch, not of a block.
        float invN = 1f / n;
        for (int pass = 1; pass <= 2; pass++) {
            int r0 = 0;
            if (streamsFromMemory(n, ldx, cb)) {
                int q = n / BACKWARD_STREAMS;
                for (int r = 0; r < q; r++) {
                    backwardRows(
                            pass,
                            kind,
                            sl,
                            a,
                            sc,
                            invN,
                            x,
                            xOff + r * ldx,
                            q * ldx,
                            BACKWARD_STREAMS,
                            cb,
                            mean,
                            invStd,
                            gamma,
                            beta,
                            dy,
                            dyOff + r * lddy,
                            q * lddy,
                            dx,
                            dxOff + r * lddx,
                            q * lddx,
                            sumDzXhat,
                            sumDz);
                }
                r0 = BACKWARD_STREAMS * q;
            }
            for (int block = blockRows(ldx); r0 < n; r0 += block) {
                backwardRows(
                        pass,
                        kind,
                        sl,
                        a,
                        sc,
                        invN,
                        x,
                        xOff + r0 * ldx,
                        ldx,
                        Math.min(block, n - r0),
                        cb,
                        mean,
                        invStd,
                        gamma,
                        beta,
                        dy,
                        dyOff + r0 * lddy,
                        lddy,
                        dx,
                        dxOff + r0 * lddx,
                        lddx,
                        sumDzXhat,
                        sumDz);
            }
        }
        if (cb < c) {
            ScalarBatchNorm.backwardTrainingCols(
                    x, xOff, ldx, n, cb, c, mean, invStd, gamma, beta, act, slope, dy, dyOff, lddy, dx, dxOff, lddx,
                    sumDzXhat, sumDz);
        }
    }

    private static void backwardRows(
            int pass,
            ActivationFamily kind,
            float sl,
            float a,
            float sc,
            float invN,
            float[] x,
            int xo,
            int ldx,
            int rows,
            int cb,
            float[] mean,
            float[] invStd,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            float[] dy,
            int dyo,
            int lddy,
            float[] dx,
            int dxo,
            int lddx,
            float[] sumDzXhat,
            float[] sumDz) {
        if (pass == 1) {
            switch (kind) {
                case PIECEWISE ->
                    sumsPiecewise(x, xo, ldx, rows, cb, mean, invStd, gamma, beta, sl, dy, dyo, lddy, sumDzXhat, sumDz);
                case RELU -> sumsRelu(x, xo, ldx, rows, cb, mean, invStd, gamma, beta, dy, dyo, lddy, sumDzXhat, sumDz);
                default ->
                    sumsStoring(
                            kind, x, xo, ldx, rows, cb, mean, invStd, gamma, beta, a, sc, dy, dyo, lddy, dx, dxo, lddx,
                            sumDzXhat, sumDz);
            }
        } else {
            switch (kind) {
                case PIECEWISE ->
                    dxPiecewise(
                            invN, x, xo, ldx, rows, cb, mean, invStd, gamma, beta, sl, dy, dyo, lddy, dx, dxo, lddx,
                            sumDzXhat, sumDz);
                case RELU ->
                    dxRelu(
                            invN, x, xo, ldx, rows, cb, mean, invStd, gamma, beta, dy, dyo, lddy, dx, dxo, lddx,
                            sumDzXhat, sumDz);
                default -> dxStored(invN, x, xo, ldx, rows, cb, mean, invStd, gamma, dx, dxo, lddx, sumDzXhat, sumDz);
            }
        }
    }

    private static void sumsRelu(
            float[] x,
            int xOff,
            int ldx,
            int n,
            int cb,
            float[] mean,
            float[] invStd,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            float[] dy,
            int dyOff,
            int lddy,
            float[] sumDzXhat,
            float[] sumDz) {
        for (int r0 = 0; r0 < n; r0 += TILE) {
            int rows = Math.min(TILE, n - r0);
            for (int j = 0; j < cb; j += F.length()) {
                FloatVector m = FloatVector.fromArray(F, mean, j);
                FloatVector inv = FloatVector.fromArray(F, invStd, j);
                FloatVector s = scale(inv, gamma, j);
                FloatVector b = beta(beta, j);
                FloatVector sd = FloatVector.zero(F);
                FloatVector sdx = FloatVector.zero(F);
                int xp = xOff + r0 * ldx + j;
                int dyp = dyOff + r0 * lddy + j;
                for (int k = 0; k < rows; k++, xp += ldx, dyp += lddy) {
                    FloatVector xv = FloatVector.fromArray(F, x, xp);
                    FloatVector dz = dRelu(z(xv, m, s, b), FloatVector.fromArray(F, dy, dyp));
                    sd = sd.add(dz);
                    sdx = dz.fma(xv.sub(m).mul(inv), sdx);
                }
                FloatVector.fromArray(F, sumDz, j).add(sd).intoArray(sumDz, j);
                FloatVector.fromArray(F, sumDzXhat, j).add(sdx).intoArray(sumDzXhat, j);
            }
        }
    }

    private static void sumsPiecewise(
            float[] x,
            int xOff,
            int ldx,
            int n,
            int cb,
            float[] mean,
            float[] invStd,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            float slope,
            float[] dy,
            int dyOff,
            int lddy,
            float[] sumDzXhat,
            float[] sumDz) {
        for (int r0 = 0; r0 < n; r0 += TILE) {
            int rows = Math.min(TILE, n - r0);
            for (int j = 0; j < cb; j += F.length()) {
                FloatVector m = FloatVector.fromArray(F, mean, j);
                FloatVector inv = FloatVector.fromArray(F, invStd, j);
                FloatVector s = scale(inv, gamma, j);
                FloatVector b = beta(beta, j);
                FloatVector sd = FloatVector.zero(F);
                FloatVector sdx = FloatVector.zero(F);
                int xp = xOff + r0 * ldx + j;
                int dyp = dyOff + r0 * lddy + j;
                for (int k = 0; k < rows; k++, xp += ldx, dyp += lddy) {
                    FloatVector xv = FloatVector.fromArray(F, x, xp);
                    FloatVector dz = dPiecewise(z(xv, m, s, b), FloatVector.fromArray(F, dy, dyp), slope);
                    sd = sd.add(dz);
                    sdx = dz.fma(xv.sub(m).mul(inv), sdx);
                }
                FloatVector.fromArray(F, sumDz, j).add(sd).intoArray(sumDz, j);
                FloatVector.fromArray(F, sumDzXhat, j).add(sdx).intoArray(sumDzXhat, j);
            }
        }
    }

    /** Pass 1 of the transcendental kinds (TANH or SIGMOID, chosen per column vector, not per element). */
    private static void sumsStoring(
            ActivationFamily kind,
            float[] x,
            int xOff,
            int ldx,
            int n,
            int cb,
            float[] mean,
            float[] invStd,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            float a,
            float sc,
            float[] dy,
            int dyOff,
            int lddy,
            float[] dx,
            int dxOff,
            int lddx,
            float[] sumDzXhat,
            float[] sumDz) {
        boolean tanh = kind == ActivationFamily.TANH;
        for (int r0 = 0; r0 < n; r0 += TILE) {
            int rows = Math.min(TILE, n - r0);
            for (int j = 0; j < cb; j += F.length()) {
                FloatVector m = FloatVector.fromArray(F, mean, j);
                FloatVector inv = FloatVector.fromArray(F, invStd, j);
                FloatVector s = scale(inv, gamma, j);
                FloatVector b = beta(beta, j);
                FloatVector sd = FloatVector.zero(F);
                FloatVector sdx = FloatVector.zero(F);
                int xp = xOff + r0 * ldx + j;
                int dyp = dyOff + r0 * lddy + j;
                int dxp = dxOff + r0 * lddx + j;
                for (int k = 0; k < rows; k++, xp += ldx, dyp += lddy, dxp += lddx) {
                    FloatVector xv = FloatVector.fromArray(F, x, xp);
                    FloatVector z = z(xv, m, s, b);
                    FloatVector g = FloatVector.fromArray(F, dy, dyp);
                    // The transcendental dominates; a predictable branch per vector costs nothing next to it.
                    FloatVector dz = tanh ? dTanh(z, g, a, sc) : dSigmoid(z, g);
                    dz.intoArray(dx, dxp);
                    sd = sd.add(dz);
                    sdx = dz.fma(xv.sub(m).mul(inv), sdx);
                }
                FloatVector.fromArray(F, sumDz, j).add(sd).intoArray(sumDz, j);
                FloatVector.fromArray(F, sumDzXhat, j).add(sdx).intoArray(sumDzXhat, j);
            }
        }
    }

    private static void dxRelu(
            float invN,
            float[] x,
            int xOff,
            int ldx,
            int n,
            int cb,
            float[] mean,
            float[] invStd,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            float[] dy,
            int dyOff,
            int lddy,
            float[] dx,
            int dxOff,
            int lddx,
            float[] sumDzXhat,
            float[] sumDz) {
        for (int r0 = 0; r0 < n; r0 += TILE) {
            int rows = Math.min(TILE, n - r0);
            for (int j = 0; j < cb; j += F.length()) {
                FloatVector m = FloatVector.fromArray(F, mean, j);
                FloatVector inv = FloatVector.fromArray(F, invStd, j);
                FloatVector p = scale(inv, gamma, j);
                FloatVector b = beta(beta, j);
                FloatVector q = p.mul(inv)
                        .neg()
                        .mul(FloatVector.fromArray(F, sumDzXhat, j).mul(invN));
                FloatVector rr = p.neg().mul(FloatVector.fromArray(F, sumDz, j).mul(invN));
                int xp = xOff + r0 * ldx + j;
                int dyp = dyOff + r0 * lddy + j;
                int dxp = dxOff + r0 * lddx + j;
                for (int k = 0; k < rows; k++, xp += ldx, dyp += lddy, dxp += lddx) {
                    FloatVector xv = FloatVector.fromArray(F, x, xp);
                    FloatVector dz = dRelu(z(xv, m, p, b), FloatVector.fromArray(F, dy, dyp));
                    dz.fma(p, xv.sub(m).fma(q, rr)).intoArray(dx, dxp);
                }
            }
        }
    }

    private static void dxPiecewise(
            float invN,
            float[] x,
            int xOff,
            int ldx,
            int n,
            int cb,
            float[] mean,
            float[] invStd,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            float slope,
            float[] dy,
            int dyOff,
            int lddy,
            float[] dx,
            int dxOff,
            int lddx,
            float[] sumDzXhat,
            float[] sumDz) {
        for (int r0 = 0; r0 < n; r0 += TILE) {
            int rows = Math.min(TILE, n - r0);
            for (int j = 0; j < cb; j += F.length()) {
                FloatVector m = FloatVector.fromArray(F, mean, j);
                FloatVector inv = FloatVector.fromArray(F, invStd, j);
                FloatVector p = scale(inv, gamma, j);
                FloatVector b = beta(beta, j);
                FloatVector q = p.mul(inv)
                        .neg()
                        .mul(FloatVector.fromArray(F, sumDzXhat, j).mul(invN));
                FloatVector rr = p.neg().mul(FloatVector.fromArray(F, sumDz, j).mul(invN));
                int xp = xOff + r0 * ldx + j;
                int dyp = dyOff + r0 * lddy + j;
                int dxp = dxOff + r0 * lddx + j;
                for (int k = 0; k < rows; k++, xp += ldx, dyp += lddy, dxp += lddx) {
                    FloatVector xv = FloatVector.fromArray(F, x, xp);
                    FloatVector dz = dPiecewise(z(xv, m, p, b), FloatVector.fromArray(F, dy, dyp), slope);
                    dz.fma(p, xv.sub(m).fma(q, rr)).intoArray(dx, dxp);
                }
            }
        }
    }

    private static void dxStored(
            float invN,
            float[] x,
            int xOff,
            int ldx,
            int n,
            int cb,
            float[] mean,
            float[] invStd,
            float @Nullable [] gamma,
            float[] dx,
            int dxOff,
            int lddx,
            float[] sumDzXhat,
            float[] sumDz) {
        for (int r0 = 0; r0 < n; r0 += TILE) {
            int rows = Math.min(TILE, n - r0);
            for (int j = 0; j < cb; j += F.length()) {
                FloatVector m = FloatVector.fromArray(F, mean, j);
                FloatVector inv = FloatVector.fromArray(F, invStd, j);
                FloatVector p = scale(inv, gamma, j);
                FloatVector q = p.mul(inv)
                        .neg()
                        .mul(FloatVector.fromArray(F, sumDzXhat, j).mul(invN));
                FloatVector rr = p.neg().mul(FloatVector.fromArray(F, sumDz, j).mul(invN));
                int xp = xOff + r0 * ldx + j;
                int dxp = dxOff + r0 * lddx + j;
                for (int k = 0; k < rows; k++, xp += ldx, dxp += lddx) {
                    FloatVector xv = FloatVector.fromArray(F, x, xp);
                    FloatVector.fromArray(F, dx, dxp)
                            .fma(p, xv.sub(m).fma(q, rr))
                            .intoArray(dx, dxp);
                }
            }
        }
    }

    // ---------------------------------------------------------------- inference backward

    @Override
    public void backwardInference(
            float[] x,
            int xOff,
            int n,
            int c,
            int ldx,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            float[] runningMean,
            float[] runningVar,
            float eps,
            Activation act,
            float slope,
            float[] dy,
            int dyOff,
            int lddy,
            float[] dx,
            int dxOff,
            int lddx,
            float @Nullable [] dgamma,
            float @Nullable [] dbeta) {
        int cb = F.loopBound(c);
        boolean sums = dgamma != null && dbeta != null;
        if (sums) {
            java.util.Arrays.fill(dgamma, 0, cb, 0f);
            java.util.Arrays.fill(dbeta, 0, cb, 0f);
        }
        ActivationFamily kind = ActivationFamily.of(act);
        float sl = ActivationFamily.slopeOf(act, slope);
        float a = ActivationFamily.tanhA(act);
        float sc = ActivationFamily.tanhS(act);
        int r0 = 0;
        if (streamsFromMemory(n, ldx, cb)) {
            int q = n / BACKWARD_STREAMS;
            for (int r = 0; r < q; r++) {
                backwardInferenceRows(
                        kind,
                        sl,
                        a,
                        sc,
                        x,
                        xOff + r * ldx,
                        q * ldx,
                        BACKWARD_STREAMS,
                        cb,
                        runningMean,
                        runningVar,
                        eps,
                        gamma,
                        beta,
                        dy,
                        dyOff + r * lddy,
                        q * lddy,
                        dx,
                        dxOff + r * lddx,
                        q * lddx,
                        sums ? dgamma : null,
                        sums ? dbeta : null);
            }
            r0 = BACKWARD_STREAMS * q;
        }
        for (int block = blockRows(ldx); r0 < n; r0 += block) {
            backwardInferenceRows(
                    kind,
                    sl,
                    a,
                    sc,
                    x,
                    xOff + r0 * ldx,
                    ldx,
                    Math.min(block, n - r0),
                    cb,
                    runningMean,
                    runningVar,
                    eps,
                    gamma,
                    beta,
                    dy,
                    dyOff + r0 * lddy,
                    lddy,
                    dx,
                    dxOff + r0 * lddx,
                    lddx,
                    sums ? dgamma : null,
                    sums ? dbeta : null);
        }
        if (cb < c) {
            ScalarBatchNorm.backwardInferenceCols(
                    x,
                    xOff,
                    ldx,
                    n,
                    cb,
                    c,
                    runningMean,
                    runningVar,
                    eps,
                    gamma,
                    beta,
                    act,
                    slope,
                    dy,
                    dyOff,
                    lddy,
                    dx,
                    dxOff,
                    lddx,
                    dgamma,
                    dbeta);
        }
    }

    private static void backwardInferenceRows(
            ActivationFamily kind,
            float sl,
            float a,
            float sc,
            float[] x,
            int xOff,
            int ldx,
            int n,
            int cb,
            float[] runningMean,
            float[] runningVar,
            float eps,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            float[] dy,
            int dyOff,
            int lddy,
            float[] dx,
            int dxOff,
            int lddx,
            float @Nullable [] dgamma,
            float @Nullable [] dbeta) {
        for (int r0 = 0; r0 < n; r0 += TILE) {
            int rows = Math.min(TILE, n - r0);
            for (int j = 0; j < cb; j += F.length()) {
                FloatVector m = FloatVector.fromArray(F, runningMean, j);
                FloatVector inv = invStdOf(runningVar, j, eps);
                FloatVector s = scale(inv, gamma, j);
                FloatVector b = beta(beta, j);
                FloatVector sd = FloatVector.zero(F);
                FloatVector sdx = FloatVector.zero(F);
                int xp = xOff + r0 * ldx + j;
                int dyp = dyOff + r0 * lddy + j;
                int dxp = dxOff + r0 * lddx + j;
                for (int k = 0; k < rows; k++, xp += ldx, dyp += lddy, dxp += lddx) {
                    FloatVector xv = FloatVector.fromArray(F, x, xp);
                    FloatVector z = z(xv, m, s, b);
                    FloatVector g = FloatVector.fromArray(F, dy, dyp);
                    // kind is loop-invariant and the branches are perfectly predicted; inference backward is not a hot
                    // training path, so one loop nest serves every activation here.
                    FloatVector dz = switch (kind) {
                        case PIECEWISE -> dPiecewise(z, g, sl);
                        case RELU -> dRelu(z, g);
                        case TANH -> dTanh(z, g, a, sc);
                        default -> dSigmoid(z, g);
                    };
                    s.mul(dz).intoArray(dx, dxp);
                    sd = sd.add(dz);
                    sdx = dz.fma(xv.sub(m).mul(inv), sdx);
                }
                if (dgamma != null && dbeta != null) {
                    FloatVector.fromArray(F, dbeta, j).add(sd).intoArray(dbeta, j);
                    FloatVector.fromArray(F, dgamma, j).add(sdx).intoArray(dgamma, j);
                }
            }
        }
    }
}
