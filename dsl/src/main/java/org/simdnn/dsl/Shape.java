package org.simdnn.dsl;

import java.util.Arrays;

/**
 * The shape of one sample as it flows through a network, without the batch dimension: {@code (features)} for
 * dense stacks, {@code (height, width, channels)} for images (NHWC: channels vary fastest, as the rows of a
 * {@link Dataset} hold an image pixel by pixel). A batch of {@code n} samples is a row-major {@code n x size()}
 * matrix whatever the rank. Immutable; equal when the dimensions are equal.
 */
public final class Shape {

    /** The largest dimension and the largest {@link #size()}: 2^20 values per sample and per layer. */
    public static final int MAX_SIZE = 1 << 20;

    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /**
     * @param features values per sample, in {@code [1, MAX_SIZE]}
     * @return the rank-1 shape {@code (features)}
     */
    public static Shape features(int features) {
        return of(features);
    }

    /**
     * @param height   rows of pixels
     * @param width    columns of pixels
     * @param channels values per pixel
     * @return the NHWC image shape {@code (height, width, channels)}
     */
    public static Shape image(int height, int width, int channels) {
        return of(height, width, channels);
    }

    /**
     * @param dims the dimensions, 1 to 4 of them, each at least 1, their product at most {@link #MAX_SIZE}
     * @return the shape
     * @throws IllegalArgumentException naming the dimensions that are wrong
     */
    public static Shape of(int... dims) {
        if (dims.length < 1 || dims.length > 4) {
            throw new IllegalArgumentException("a shape has 1 to 4 dimensions (without the batch), got " + dims.length);
        }
        long size = 1;
        for (int d : dims) {
            if (d < 1) {
                throw new IllegalArgumentException(
                        "shape " + Arrays.toString(dims) + ": every dimension must be at" + " least 1");
            }
            size *= d;
            if (size > MAX_SIZE) {
                throw new IllegalArgumentException(
                        "shape " + Arrays.toString(dims) + " has more than " + MAX_SIZE + " values per sample");
            }
        }
        return new Shape(dims.clone());
    }

    /** @return the number of dimensions (1 for features, 3 for images) */
    public int rank() {
        return dims.length;
    }

    /**
     * @param i a dimension index, {@code 0 <= i < rank()}
     * @return that dimension
     */
    public int dim(int i) {
        return dims[i];
    }

    /** @return the dimensions, a copy */
    public int[] dims() {
        return dims.clone();
    }

    /** @return values per sample: the product of the dimensions */
    public int size() {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /** @return the last dimension: features, or channels of an image */
    public int channels() {
        return dims[dims.length - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** @return the shape with its batch dimension, as summaries print it: {@code (batch, 256)} */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("(batch");
        for (int d : dims) {
            s.append(", ").append(d);
        }
        return s.append(')').toString();
    }
}
