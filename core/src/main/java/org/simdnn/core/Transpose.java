package org.simdnn.core;

/** Whether a GEMM operand is used as stored ({@link #NONE}) or transposed ({@link #TRANSPOSE}). */
public enum Transpose {
    /** {@code op(X) = X}. */
    NONE,
    /** {@code op(X) = X^T}: a stored {@code cols x rows} matrix read as {@code rows x cols}. */
    TRANSPOSE
}
