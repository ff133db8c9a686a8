package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The kernels give the same bits whether the JIT has compiled them or not. The Vector API runs Java fallback code
 * until C2 compiles a loop into vector instructions; an operation whose result depends on that (a lane reduction
 * in unspecified order, a library {@code exp}) makes results depend on warm-up, so two identical training runs, or a
 * run and its resumption from a checkpoint in another process, drift apart. This test computes a digest of every
 * order-sensitive kernel in a fresh child JVM that calls each once (interpreted: the fallback code; {@code -Xint}
 * would make the backend selector refuse the vector backend) and in this JVM after a warm-up that lets C2 compile
 * them, and compares.
 */
class TierDeterminismTest {

    /** The kernels and inputs compared: one line per kernel, its name and the CRC-32 of its outputs' bits. */
    static List<String> digests(int repetitions) {
        SplittableRandom r = new SplittableRandom(2026);
        List<String> out = new ArrayList<>();
        for (int k : new int[] {10, 37}) {
            int n = 16;
            float[] x = new float[n * k];
            float[] t = new float[n * k];
            int[] labels = new int[n];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextDouble() * 40 - 20);
                t[i] = (float) r.nextGaussian();
            }
            for (int i = 0; i < n; i++) {
                labels[i] = r.nextInt(k);
            }
            float[] grad = new float[n * k];
            float[] probs = new float[n * k];
            float[] mseGrad = new float[n * k];
            float loss = 0;
            float mse = 0;
            float mseG = 0;
            for (int rep = 0; rep < repetitions; rep++) {
                loss = Losses.softmaxCrossEntropy(x, 0, n, k, k, labels, 0, grad, 0, k);
                Losses.softmax(x, 0, n, k, k, probs, 0, k);
                mse = Losses.meanSquaredError(x, 0, n, k, k, t, 0, k);
                mseG = Losses.meanSquaredErrorWithGradient(x, 0, n, k, k, t, 0, k, mseGrad, 0, k);
            }
            out.add("softmaxCrossEntropy k=" + k + " " + crc(grad, loss));
            out.add("softmax k=" + k + " " + crc(probs));
            out.add("meanSquaredError k=" + k + " " + crc(new float[] {mse}));
            out.add("meanSquaredErrorWithGradient k=" + k + " " + crc(mseGrad, mseG));
        }
        float[] a = new float[1007];
        float[] b = new float[1007];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
            b[i] = (float) r.nextGaussian();
        }
        float sum = 0;
        float dot = 0;
        float squares = 0;
        float norm = 0;
        float[] mv = new float[2];
        for (int rep = 0; rep < repetitions; rep++) {
            sum = Reductions.sum(a, 0, a.length);
            dot = Reductions.dot(a, 0, b, 0, a.length);
            squares = Reductions.sumOfSquares(a, 0, a.length);
            norm = Reductions.l2Norm(a, 0, a.length);
            Reductions.meanVariance(a, 0, a.length, mv, 0);
        }
        // the training kernels: a dense layer, batch norm + activation forward and backward, an Adam step
        int n = 64;
        int in = 40;
        int c = 24;
        float[] x = gaussian(r, n * in, 3f);
        float[] w = gaussian(r, c * in, 0.2f);
        float[] bias = gaussian(r, c, 1f);
        float[] h = new float[n * c];
        float[] y = new float[n * c];
        float[] dy = gaussian(r, n * c, 1f);
        float[] dx = new float[n * c];
        float[] gamma = gaussian(r, c, 1f);
        float[] beta = gaussian(r, c, 1f);
        float[] dgamma = new float[c];
        float[] dbeta = new float[c];
        float[] mean = new float[c];
        float[] inv = new float[c];
        float[] colMean = new float[c];
        float[] colVar = new float[c];
        float[] param = gaussian(r, 1000, 1f);
        float[] grad = gaussian(r, 1000, 1f);
        float[] m1 = new float[1000];
        float[] m2 = new float[1000];
        float[] act = new float[n * in];
        for (int rep = 0; rep < repetitions; rep++) {
            Gemm.dense(x, 0, n, in, in, w, 0, c, in, bias, 0, Activation.IDENTITY, 0f, h, 0, c);
            float[] rm = new float[c];
            float[] rv = new float[c];
            BatchNorm.forwardTraining(
                    h, 0, n, c, c, gamma, beta, 1e-5f, Activation.TANH, 0f, y, 0, c, mean, inv, rm, rv, 0.1f);
            BatchNorm.backwardTraining(
                    h, 0, n, c, c, gamma, beta, mean, inv, Activation.TANH, 0f, dy, 0, c, dx, 0, c, dgamma, dbeta);
            Reductions.columnMeanVariance(h, 0, n, c, c, colMean, 0, colVar, 0);
            Activations.forward(Activation.SIGMOID, 0f, x, 0, act, 0, act.length);
            float[] p = param.clone();
            java.util.Arrays.fill(m1, 0f);
            java.util.Arrays.fill(m2, 0f);
            Optimizers.adam(Optimizers.Adam.adam(1e-3f), 1, p, 0, grad, 0, m1, 0, m2, 0, p.length);
            if (rep == repetitions - 1) {
                param = p;
            }
        }
        out.add("dense " + crc(h));
        out.add("batchNorm forwardTraining+tanh " + crc(y, mean) + " " + crc(inv));
        out.add("batchNorm backwardTraining+tanh " + crc(dx, dgamma) + " " + crc(dbeta));
        out.add("columnMeanVariance " + crc(colMean, colVar));
        out.add("sigmoid " + crc(act));
        out.add("adam " + crc(param, m1) + " " + crc(m2));
        out.add("sum " + crc(new float[] {sum}));
        out.add("dot " + crc(new float[] {dot}));
        out.add("sumOfSquares " + crc(new float[] {squares}));
        out.add("l2Norm " + crc(new float[] {norm}));
        out.add("meanVariance " + crc(mv));
        return out;
    }

    private static float[] gaussian(SplittableRandom r, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian() * scale;
        }
        return v;
    }

    private static String crc(float[] v, float... more) {
        CRC32 c = new CRC32();
        for (float f : v) {
            c.update(java.nio.ByteBuffer.allocate(4)
                    .putInt(Float.floatToRawIntBits(f))
                    .array());
        }
        for (float f : more) {
            c.update(java.nio.ByteBuffer.allocate(4)
                    .putInt(Float.floatToRawIntBits(f))
                    .array());
        }
        return Long.toHexString(c.getValue());
    }

    /** The child JVM's entry point: prints the digests of the interpreted kernels. */
    public static void main(String[] args) {
        System.out.println("backend " + Simdnn.backend().name());
        for (String line : digests(1)) {
            System.out.println(line);
        }
    }

    @Test
    void interpretedAndCompiledKernelsGiveTheSameBits() throws Exception {
        String out = ChildJvm.run(TierDeterminismTest.class);
        // the child's stdout lines; the JVM's and the backend log's lines go to stderr, merged here
        List<String> interpreted = out.lines()
                .dropWhile(l -> !l.startsWith("backend "))
                .filter(l -> !l.startsWith("WARNING") && !l.startsWith("INFO") && !l.contains("BackendSelector"))
                .toList();
        assertEquals("backend " + Simdnn.backend().name(), interpreted.get(0), out);
        // 20000 calls of each: C2 has compiled the kernels' loops by then
        List<String> compiled = digests(20_000);
        assertEquals(
                compiled,
                interpreted.subList(1, interpreted.size()),
                "left: this JVM after warm-up (C2), right: a fresh JVM (interpreted) on "
                        + Simdnn.backend().name());
    }
}
