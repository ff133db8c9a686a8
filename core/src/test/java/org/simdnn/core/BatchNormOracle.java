package org.simdnn.core;

/**
 * Double-precision reference of batch normalization for the tests, written independently of the kernels (no
 * tiling, no fma tricks, statistics in two passes), plus the per-element error bounds that the kernels document.
 * Matrices are packed row-major {@code n x c} double arrays.
 */
final class BatchNormOracle {
    static final double U = 0x1p-24;

    final int n;
    final int c;
    final Activation act;
    final double slope;
    final double[] gamma;
    final double[] beta;
    final double[] mu;
    final double[] var;
    final double[] inv;
    final double[] xhat;
    final double[] z;
    final double[] y;
    final boolean training;

    /**
     * Forward: training (batch statistics) when {@code rm == null}, otherwise inference from {@code rm}/{@code rv}.
     * {@code gamma}/{@code beta} null = affine off.
     */
    BatchNormOracle(
            float[] x,
            int n,
            int c,
            float[] gamma,
            float[] beta,
            double eps,
            Activation act,
            double slope,
            float[] rm,
            float[] rv) {
        this.n = n;
        this.c = c;
        this.act = act;
        this.slope = slope;
        this.training = rm == null;
        this.gamma = new double[c];
        this.beta = new double[c];
        mu = new double[c];
        var = new double[c];
        inv = new double[c];
        xhat = new double[n * c];
        z = new double[n * c];
        y = new double[n * c];
        for (int j = 0; j < c; j++) {
            this.gamma[j] = gamma == null ? 1 : gamma[j];
            this.beta[j] = beta == null ? 0 : beta[j];
            if (training) {
                double s = 0;
                for (int r = 0; r < n; r++) {
                    s += x[r * c + j];
                }
                double m = s / n;
                double ss = 0;
                for (int r = 0; r < n; r++) {
                    double d = x[r * c + j] - m;
                    ss += d * d;
                }
                mu[j] = m;
                var[j] = ss / n;
            } else {
                mu[j] = rm[j];
                var[j] = rv[j];
            }
            inv[j] = 1 / Math.sqrt(var[j] + eps);
            for (int r = 0; r < n; r++) {
                int i = r * c + j;
                xhat[i] = (x[i] - mu[j]) * inv[j];
                z[i] = this.gamma[j] * xhat[i] + this.beta[j];
                y[i] = act(act, slope, z[i]);
            }
        }
    }

    static double act(Activation act, double slope, double z) {
        return switch (act) {
            case IDENTITY -> z;
            case RELU -> Math.max(0, z);
            case LEAKY_RELU -> z > 0 ? z : slope * z;
            case TANH -> Math.tanh(z);
            case SIGMOID -> 1 / (1 + Math.exp(-z));
            case LECUN_TANH -> 1.7159 * Math.tanh(2 * z / 3);
        };
    }

    static double dact(Activation act, double slope, double z) {
        return switch (act) {
            case IDENTITY -> 1;
            case RELU -> z > 0 ? 1 : 0;
            case LEAKY_RELU -> z > 0 ? 1 : slope;
            case TANH -> 1 - Math.tanh(z) * Math.tanh(z);
            case SIGMOID -> {
                double s = 1 / (1 + Math.exp(-z));
                yield s * (1 - s);
            }
            case LECUN_TANH -> {
                double t = Math.tanh(2 * z / 3);
                yield 1.7159 * 2 / 3 * (1 - t * t);
            }
        };
    }

    /** Loss {@code sum(w * y)}: the function whose finite differences check the backward kernels. */
    double loss(float[] w) {
        double s = 0;
        for (int i = 0; i < n * c; i++) {
            s += w[i] * y[i];
        }
        return s;
    }

    // ------------------------------------------------------------------------------------------ backward (exact)

    double[] dz;
    double[] dx;
    double[] dgamma;
    double[] dbeta;

    /** Analytic backward for the loss gradient {@code dy} (packed). */
    void backward(float[] dy) {
        dz = new double[n * c];
        dx = new double[n * c];
        dgamma = new double[c];
        dbeta = new double[c];
        for (int j = 0; j < c; j++) {
            double sd = 0;
            double sdx = 0;
            for (int r = 0; r < n; r++) {
                int i = r * c + j;
                dz[i] = dy[i] * dact(act, slope, z[i]);
                sd += dz[i];
                sdx += dz[i] * xhat[i];
            }
            dbeta[j] = sd;
            dgamma[j] = sdx;
            for (int r = 0; r < n; r++) {
                int i = r * c + j;
                dx[i] = training ? gamma[j] * inv[j] / n * (n * dz[i] - sd - xhat[i] * sdx) : gamma[j] * inv[j] * dz[i];
            }
        }
    }

    // ------------------------------------------------------------------------------------- documented bounds

    /** Relative error allowed to the column statistics (mean relative to the standard deviation). */
    double statRel() {
        return training ? (2.0 * n + 8) * U : 0;
    }

    double tolZ(int i) {
        int j = i % c;
        return 8
                        * U
                        * (Math.abs(gamma[j]) * inv[j] * Math.abs(mu[j])
                                + Math.abs(gamma[j] * xhat[i])
                                + Math.abs(beta[j]))
                + Math.abs(gamma[j]) * (1 + Math.abs(xhat[i])) * statRel();
    }

    private double lipschitz() {
        return switch (act) {
            case IDENTITY, RELU -> 1;
            case LEAKY_RELU -> Math.max(1, Math.abs(slope));
            case TANH -> 1;
            case LECUN_TANH -> 1.7159 * 2 / 3;
            case SIGMOID -> 0.25;
        };
    }

    /** Bound on |act''|. */
    private double curvature() {
        return switch (act) {
            case IDENTITY, RELU, LEAKY_RELU -> 0;
            case TANH -> 0.7699;
            case LECUN_TANH -> 1.7159 * 4 / 9 * 0.7699;
            case SIGMOID -> 0.0963;
        };
    }

    double tolY(int i) {
        double ay = Math.abs(y[i]);
        double actErr = switch (act) {
            case TANH, SIGMOID -> 1e-6 + 1e-5 * ay;
            case LECUN_TANH -> 1.7159 * 1e-6 + 1e-5 * ay;
            default -> 0;
        };
        return lipschitz() * tolZ(i) + actErr + 2 * U * ay;
    }

    double tolDz(int i, float dyi) {
        double ady = Math.abs(dyi);
        double tz = tolZ(i);
        if ((act == Activation.RELU || act == Activation.LEAKY_RELU) && Math.abs(z[i]) <= 2 * tz) {
            // At the kink a rounding of z may pick the other branch.
            return ady * Math.abs(1 - (act == Activation.RELU ? 0 : slope)) + 4 * U * Math.abs(dz[i]);
        }
        double derivErr = switch (act) {
            case TANH -> 2.2e-5;
            case LECUN_TANH -> 1.7159 * 2 / 3 * 2.2e-5;
            case SIGMOID -> 1.1e-5;
            default -> 0;
        };
        return ady * (curvature() * tz + derivErr) + 4 * U * Math.abs(dz[i]);
    }

    double dxhat(int i) {
        int j = i % c;
        return statRel() * (1 + Math.abs(xhat[i])) + 8 * U * (Math.abs(mu[j]) * inv[j] + Math.abs(xhat[i]));
    }

    /** Bounds for dx (per element), dgamma and dbeta (per column), in that order. */
    double[][] backwardTolerances(float[] dy) {
        double[] tdx = new double[n * c];
        double[] tg = new double[c];
        double[] tb = new double[c];
        for (int j = 0; j < c; j++) {
            double s1 = 0;
            double s2 = 0;
            double t1 = 0;
            double t2 = 0;
            for (int r = 0; r < n; r++) {
                int i = r * c + j;
                double tdz = tolDz(i, dy[i]);
                s1 += Math.abs(dz[i]);
                s2 += Math.abs(dz[i] * xhat[i]);
                t1 += tdz;
                // dz's error (tdz) multiplies the kernel's xhat, which is the oracle's within dxhat: at a ReLU kink
                // far from zero (|mean| / std ~ 1e4) dxhat is ~1e-3 and tdz is the whole |dy|, so the product counts.
                t2 += tdz * (Math.abs(xhat[i]) + dxhat(i)) + Math.abs(dz[i]) * dxhat(i);
            }
            double k = Math.abs(gamma[j]) * inv[j];
            tb[j] = t1 + 2 * (n + 8) * U * s1;
            tg[j] = t2 + 2 * (n + 8) * U * s2;
            for (int r = 0; r < n; r++) {
                int i = r * c + j;
                double ax = Math.abs(xhat[i]);
                double tdz = tolDz(i, dy[i]);
                tdx[i] = training
                        ? k
                                        * (tdz
                                                + t1 / n
                                                + (ax + dxhat(i)) * t2 / n
                                                + dxhat(i) * s2 / n
                                                + 8 * U * (Math.abs(dz[i]) + s1 + ax * s2))
                                + Math.abs(dx[i]) * statRel()
                        : k * (tdz + 4 * U * Math.abs(dz[i]));
            }
        }
        return new double[][] {tdx, tg, tb};
    }
}
