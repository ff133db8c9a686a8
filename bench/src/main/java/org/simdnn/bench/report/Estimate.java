package org.simdnn.bench.report;

/**
 * A measured value with its error half-width (JMH's 99.9% confidence half-width, or an error propagated from such
 * half-widths). Errors of products and quotients combine in quadrature of the relative errors, the first-order rule
 * for independent measurements: {@code d(a/b) / (a/b) = sqrt((da/a)^2 + (db/b)^2)}.
 *
 * @param value the point estimate
 * @param error the half-width, {@code >= 0}; 0 when JMH gave none (a single iteration)
 */
public record Estimate(double value, double error) {

    /** Checks the error. */
    public Estimate {
        if (!(error >= 0) || Double.isInfinite(error)) {
            throw new IllegalArgumentException("error must be finite and >= 0, got " + error);
        }
    }

    /** An exact value (no error). */
    public static Estimate exact(double value) {
        return new Estimate(value, 0);
    }

    /** Relative error {@code error / |value|} (0 for value 0). */
    public double relativeError() {
        return value == 0 ? 0 : error / Math.abs(value);
    }

    /** {@code this / other} with the propagated error. */
    public Estimate divide(Estimate other) {
        double q = value / other.value;
        return new Estimate(q, Math.abs(q) * Math.hypot(relativeError(), other.relativeError()));
    }

    /** {@code k / this}: e.g. a throughput from a time per operation. Same relative error. */
    public Estimate reciprocalTimes(double k) {
        double q = k / value;
        return new Estimate(q, Math.abs(q) * relativeError());
    }

    /** {@code this * k} for an exact k. */
    public Estimate times(double k) {
        return new Estimate(value * k, error * Math.abs(k));
    }

    /** True when {@code threshold} lies inside {@code [value - error, value + error]}. */
    public boolean covers(double threshold) {
        return threshold >= value - error && threshold <= value + error;
    }
}
