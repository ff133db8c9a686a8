package org.simdnn.dsl;

import java.util.List;
import java.util.Map;

/**
 * One operation of a network's inference computation, as {@link Network#inferenceOps()} lists them in order, for
 * exporters (ONNX and the like) to translate without knowing the dsl's internals. The op names are those of ONNX
 * where ONNX has the operation ({@code Gemm}, {@code BatchNormalization}, {@code Relu}, {@code LeakyRelu},
 * {@code Tanh}, {@code Sigmoid}, {@code Softmax}, {@code Identity}); {@code Standardize} ({@code (x - mean) / std})
 * and {@code LecunTanh} ({@code a * tanh(s * x)}) have none and are spelled out in their attributes.
 *
 * @param op          the operation
 * @param layer       the layer it computes ({@code standardizer} for the input standardization)
 * @param attributes  its attributes (Integer, Float, String or Boolean values), e.g. {@code epsilon} of batch norm
 * @param tensors     the names of the tensors it reads, in the order the op's definition lists its inputs; read
 *                    them with {@link Network#tensor(String)}
 * @param inputShape  the shape of one sample going in
 * @param outputShape the shape of one sample coming out
 */
public record InferenceOp(
        String op,
        String layer,
        Map<String, Object> attributes,
        List<String> tensors,
        Shape inputShape,
        Shape outputShape) {

    /** Copies the attribute map and the tensor list. */
    public InferenceOp {
        attributes = Map.copyOf(attributes);
        tensors = List.copyOf(tensors);
    }
}
