package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.simdnn.core.internal.BackendSelector;
import org.simdnn.core.internal.KernelProvider;
import org.simdnn.testkit.Qt;

/**
 * The scalar and the vector provider, side by side in one JVM on the same random inputs (Lucene's {@code
 * TestVectorUtilSupport}). The per-backend suite runs test each backend against double references; this test catches
 * what a reference with a loose bound can miss: the two providers disagreeing beyond the difference of their
 * summation orders. Runs in every suite run (on the vector run at each species width); skipped only where the
 * incubator module is absent.
 */
class ProvidersAgreeTest {
    private static final double U = 0x1p-24;
    private static KernelProvider scalar;
    private static KernelProvider vector;

    @BeforeAll
    static void providers() {
        scalar = BackendSelector.scalarProvider();
        org.junit.jupiter.api.Assumptions.assumeTrue(
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "no jdk.incubator.vector");
        vector = BackendSelector.vectorProvider();
        assertEquals("scalar", scalar.name());
        assertEquals("vector", vector.name());
    }

    private static float[] gaussian(SplittableRandom r, int len, double mean, double sd) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = (float) (mean + sd * r.nextGaussian());
        }
        return x;
    }

    private static void close(String what, float[] s, float[] v, double tol) {
        assertEquals(s.length, v.length);
        for (int i = 0; i < s.length; i++) {
            double d = Math.abs((double) s[i] - v[i]);
            if (!(d <= tol) && !(Float.isNaN(s[i]) && Float.isNaN(v[i]))) {
                throw new AssertionError(what + ": element " + i + " scalar " + s[i] + " vector " + v[i] + " differ by "
                        + d + " > " + tol + " (QT_SEED=" + Qt.SEED + ")");
            }
        }
    }

    @Test
    void reductions() {
        SplittableRandom r = Qt.random(1);
        for (int e = 0; e < Qt.EXAMPLES; e++) {
            int len = 1 + r.nextInt(300);
            double mean = r.nextBoolean() ? 0 : r.nextDouble(-1e4, 1e4);
            float[] x = gaussian(r, len, mean, 1 + r.nextDouble(10));
            float[] y = gaussian(r, len, 0, 1);
            double abs = 0;
            double dotAbs = 0;
            for (int i = 0; i < len; i++) {
                abs += Math.abs(x[i]);
                dotAbs += Math.abs((double) x[i] * y[i]);
            }
            String at = "len " + len + ": ";
            assertTrue(
                    Math.abs(scalar.reductions().sum(x, 0, len)
                                    - vector.reductions().sum(x, 0, len))
                            <= 2 * len * U * abs,
                    at + "sum");
            assertTrue(
                    Math.abs(scalar.reductions().dot(x, 0, y, 0, len)
                                    - vector.reductions().dot(x, 0, y, 0, len))
                            <= 2 * len * U * dotAbs,
                    at + "dot");
            assertEquals(scalar.reductions().max(x, 0, len), vector.reductions().max(x, 0, len), at + "max");
            assertEquals(
                    scalar.reductions().argmax(x, 0, len), vector.reductions().argmax(x, 0, len), at + "argmax");
            float[] ms = new float[2];
            float[] mv = new float[2];
            scalar.reductions().meanVariance(x, 0, len, ms, 0);
            vector.reductions().meanVariance(x, 0, len, mv, 0);
            close(at + "mean", new float[] {ms[0]}, new float[] {mv[0]}, 8 * U * (Math.abs(mean) + 50));
            close(at + "variance", new float[] {ms[1]}, new float[] {mv[1]}, 1e-4 * (ms[1] + 1));
        }
    }

    @Test
    void columnStatisticsAndBatchNorm() {
        SplittableRandom r = Qt.random(2);
        Activation[] acts = Activation.values();
        for (int e = 0; e < Qt.EXAMPLES; e++) {
            int n = 2 + r.nextInt(40);
            int c = 1 + r.nextInt(70);
            int ld = c + r.nextInt(3);
            double mean = r.nextBoolean() ? 0 : r.nextDouble(-1e4, 1e4);
            float[] x = gaussian(r, n * ld, mean, 0.5 + r.nextDouble(4));
            float[] gamma = gaussian(r, c, 1, 0.3);
            float[] beta = gaussian(r, c, 0, 0.3);
            Activation act = acts[r.nextInt(acts.length)];
            float slope = act == Activation.LEAKY_RELU ? 0.1f : 0f;
            String at = n + " x " + c + " (ld " + ld + "), mean " + mean + ", " + act + ": ";

            float[] cm = new float[2 * c];
            float[] cv = new float[2 * c];
            scalar.reductions().columnMeanVariance(x, 0, n, c, ld, cm, 0, cm, c);
            vector.reductions().columnMeanVariance(x, 0, n, c, ld, cv, 0, cv, c);
            close(at + "column mean/variance", cm, cv, 1e-4 * (Math.abs(mean) * 1e-3 + 16));

            float[][] s = bnForward(scalar, x, n, c, ld, gamma, beta, act, slope);
            float[][] v = bnForward(vector, x, n, c, ld, gamma, beta, act, slope);
            close(at + "forward y", s[0], v[0], 1e-3);
            close(at + "saveMean", s[1], v[1], 1e-4 * (Math.abs(mean) * 1e-3 + 1));
            close(at + "running statistics", s[2], v[2], 1e-3);

            float[] dy = gaussian(r, n * ld, 0, 1);
            float[][] bs = bnBackward(scalar, x, n, c, ld, gamma, beta, s, act, slope, dy);
            float[][] bv = bnBackward(vector, x, n, c, ld, gamma, beta, s, act, slope, dy);
            close(at + "dx", bs[0], bv[0], 2e-3);
            close(at + "dgamma", bs[1], bv[1], 1e-3 * n);
            close(at + "dbeta", bs[2], bv[2], 1e-4 * n);

            float[] runningMean = s[2].clone();
            float[][] is = bnInferenceBackward(scalar, x, n, c, ld, gamma, beta, s[2], act, slope, dy);
            float[][] iv = bnInferenceBackward(vector, x, n, c, ld, gamma, beta, s[2], act, slope, dy);
            close(at + "inference dx", is[0], iv[0], 2e-3);
            close(at + "inference dgamma", is[1], iv[1], 1e-3 * n);
            close(at + "inference dbeta", is[2], iv[2], 1e-4 * n);
            assertTrue(Arrays.equals(runningMean, s[2]), "inference backward left the running statistics alone");
        }
    }

    /** y, saved mean and invStd, running mean and variance after one training forward. */
    private static float[][] bnForward(
            KernelProvider p,
            float[] x,
            int n,
            int c,
            int ld,
            float[] gamma,
            float[] beta,
            Activation act,
            float slope) {
        float[] y = new float[n * ld];
        float[] save = new float[2 * c];
        float[] running = new float[2 * c];
        Arrays.fill(running, c, 2 * c, 1f);
        float[] saveMean = new float[c];
        float[] saveInvStd = new float[c];
        float[] runningMean = new float[c];
        float[] runningVar = new float[c];
        Arrays.fill(runningVar, 1f);
        p.batchNorm()
                .forwardTraining(
                        x.clone(),
                        0,
                        n,
                        c,
                        ld,
                        gamma,
                        beta,
                        1e-5f,
                        act,
                        slope,
                        y,
                        0,
                        ld,
                        saveMean,
                        saveInvStd,
                        runningMean,
                        runningVar,
                        0.1f);
        System.arraycopy(saveMean, 0, save, 0, c);
        System.arraycopy(saveInvStd, 0, save, c, c);
        System.arraycopy(runningMean, 0, running, 0, c);
        System.arraycopy(runningVar, 0, running, c, c);
        return new float[][] {y, save, running};
    }

    /** dx, dgamma, dbeta of one training backward from the scalar forward's saved statistics. */
    private static float[][] bnBackward(
            KernelProvider p,
            float[] x,
            int n,
            int c,
            int ld,
            float[] gamma,
            float[] beta,
            float[][] forward,
            Activation act,
            float slope,
            float[] dy) {
        float[] mean = Arrays.copyOfRange(forward[1], 0, c);
        float[] invStd = Arrays.copyOfRange(forward[1], c, 2 * c);
        float[] dx = new float[n * ld];
        float[] dgamma = new float[c];
        float[] dbeta = new float[c];
        p.batchNorm()
                .backwardTraining(
                        x,
                        0,
                        n,
                        c,
                        ld,
                        gamma,
                        beta,
                        mean,
                        invStd,
                        act,
                        slope,
                        dy.clone(),
                        0,
                        ld,
                        dx,
                        0,
                        ld,
                        dgamma,
                        dbeta);
        return new float[][] {dx, dgamma, dbeta};
    }

    /** dx, dgamma, dbeta of one inference backward from the running statistics (mean, then variance, in one array). */
    private static float[][] bnInferenceBackward(
            KernelProvider p,
            float[] x,
            int n,
            int c,
            int ld,
            float[] gamma,
            float[] beta,
            float[] running,
            Activation act,
            float slope,
            float[] dy) {
        float[] mean = Arrays.copyOfRange(running, 0, c);
        float[] var = Arrays.copyOfRange(running, c, 2 * c);
        float[] dx = new float[n * ld];
        float[] dgamma = new float[c];
        float[] dbeta = new float[c];
        p.batchNorm()
                .backwardInference(
                        x,
                        0,
                        n,
                        c,
                        ld,
                        gamma,
                        beta,
                        mean,
                        var,
                        1e-5f,
                        act,
                        slope,
                        dy.clone(),
                        0,
                        ld,
                        dx,
                        0,
                        ld,
                        dgamma,
                        dbeta);
        return new float[][] {dx, dgamma, dbeta};
    }

    @Test
    void gemmAndDenseEpilogue() {
        SplittableRandom r = Qt.random(3);
        Activation[] acts = Activation.values();
        for (int e = 0; e < Math.max(20, Qt.EXAMPLES / 2); e++) {
            int m = 1 + r.nextInt(40);
            int n = 1 + r.nextInt(70);
            int k = 1 + r.nextInt(90);
            Transpose ta = r.nextBoolean() ? Transpose.TRANSPOSE : Transpose.NONE;
            Transpose tb = r.nextBoolean() ? Transpose.TRANSPOSE : Transpose.NONE;
            int lda = ta == Transpose.TRANSPOSE ? m : k;
            int ldb = tb == Transpose.TRANSPOSE ? k : n;
            float[] a = gaussian(r, m * k, 0, 1);
            float[] b = gaussian(r, k * n, 0, 1);
            float[] bias = r.nextBoolean() ? gaussian(r, n, 0, 1) : null;
            Activation act = bias == null ? Activation.IDENTITY : acts[r.nextInt(acts.length)];
            float[] c0 = gaussian(r, m * n, 0, 1);
            float beta = bias == null && r.nextBoolean() ? 0.5f : 0f;
            float[] cs = c0.clone();
            float[] cv = c0.clone();
            scalar.gemm().gemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, beta, cs, 0, n, bias, 0, act, 0.1f, 1);
            vector.gemm().gemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, beta, cv, 0, n, bias, 0, act, 0.1f, 1);
            // each element is a k-term dot product of unit normals: |error| <= 2k U sum|a||b| ~ 2k U k (generous)
            close(m + "x" + n + "x" + k + " " + ta + "/" + tb + " " + act, cs, cv, 2.0 * k * U * (k + 4) + 1e-6);
        }
    }

    @Test
    void lossesActivationsOptimizersStandardizer() {
        SplittableRandom r = Qt.random(4);
        for (int e = 0; e < Qt.EXAMPLES; e++) {
            int n = 1 + r.nextInt(20);
            int k = 1 + r.nextInt(60);
            float[] logits = gaussian(r, n * k, 0, 5);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = r.nextInt(k);
            }
            float[] gs = new float[n * k];
            float[] gv = new float[n * k];
            float ls = scalar.losses().softmaxCrossEntropy(logits, 0, n, k, k, labels, 0, gs, 0, k);
            float lv = vector.losses().softmaxCrossEntropy(logits, 0, n, k, k, labels, 0, gv, 0, k);
            String at = n + " x " + k + ": ";
            close(at + "cross-entropy", new float[] {ls}, new float[] {lv}, 1e-5 * (Math.abs(ls) + 1));
            close(at + "cross-entropy gradient", gs, gv, 1e-6);
            float[] t = gaussian(r, n * k, 0, 1);
            float ms = scalar.losses().meanSquaredErrorWithGradient(logits, 0, n, k, k, t, 0, k, gs, 0, k);
            float mv = vector.losses().meanSquaredErrorWithGradient(logits, 0, n, k, k, t, 0, k, gv, 0, k);
            close(at + "mse", new float[] {ms}, new float[] {mv}, 1e-5 * (ms + 1));
            close(at + "mse gradient", gs, gv, 0);

            int len = n * k;
            for (Activation act : Activation.values()) {
                float[] ys = new float[len];
                float[] yv = new float[len];
                forward(scalar, act, logits, ys, len);
                forward(vector, act, logits, yv, len);
                close(at + act + " forward", ys, yv, 4e-7 * Activation.LECUN_S * Activation.LECUN_A);
            }

            float[] p0 = gaussian(r, len, 0, 1);
            float[] g = gaussian(r, len, 0, 1);
            float[] ps = p0.clone();
            float[] pv = p0.clone();
            float[] vs = gaussian(r, len, 0, 0.1);
            float[] vv = vs.clone();
            boolean nesterov = r.nextBoolean();
            scalar.optimizers().sgd(0.01f, 0.9f, 1e-4f, nesterov, ps, 0, g, 0, vs, 0, len);
            vector.optimizers().sgd(0.01f, 0.9f, 1e-4f, nesterov, pv, 0, g, 0, vv, 0, len);
            close(at + "sgd parameters", ps, pv, 4 * U * 4);
            close(at + "sgd velocity", vs, vv, 4 * U * 4);
            float[] m1s = new float[len];
            float[] m2s = new float[len];
            float[] m1v = new float[len];
            float[] m2v = new float[len];
            float[] as = p0.clone();
            float[] av = p0.clone();
            scalar.optimizers().adam(1f, 0f, 0.9f, 0.999f, 0.01f, 31.6f, 1e-8f, as, 0, g, 0, m1s, 0, m2s, 0, len);
            vector.optimizers().adam(1f, 0f, 0.9f, 0.999f, 0.01f, 31.6f, 1e-8f, av, 0, g, 0, m1v, 0, m2v, 0, len);
            close(at + "adam", as, av, 4 * U * 2);
            close(at + "adam first moment", m1s, m1v, 0);

            float[] center = gaussian(r, k, 0, 3);
            float[] inv = gaussian(r, k, 1, 0.2);
            float[] ss = new float[len];
            float[] sv = new float[len];
            scalar.standardizer().apply(logits, 0, n, k, k, ss, 0, k, center, inv);
            vector.standardizer().apply(logits, 0, n, k, k, sv, 0, k, center, inv);
            close(at + "standardize", ss, sv, 0);
        }
    }

    private static void forward(KernelProvider p, Activation act, float[] x, float[] y, int len) {
        switch (act) {
            case IDENTITY -> System.arraycopy(x, 0, y, 0, len);
            case RELU -> p.activations().relu(x, 0, y, 0, len);
            case LEAKY_RELU -> p.activations().leakyRelu(0.1f, x, 0, y, 0, len);
            case TANH -> p.activations().tanh(x, 0, y, 0, len);
            case SIGMOID -> p.activations().sigmoid(x, 0, y, 0, len);
            case LECUN_TANH -> p.activations().lecunTanh(x, 0, y, 0, len);
        }
    }
}
