package org.simdnn.core.internal;

/**
 * Every kernel family of one backend (Lucene's {@code VectorizationSupport} behind its {@code
 * VectorizationProvider}). {@link BackendSelector} picks one provider per JVM; each facade asks it for its family
 * once, in a static final field, so the choice is made and logged in one place and the facades hold no class names.
 * Tests can hold both providers in one JVM ({@link BackendSelector#scalarProvider()}, {@link
 * BackendSelector#vectorProvider()}) and compare them on the same inputs.
 */
public interface KernelProvider {
    /** Which backend this provider is: {@code "scalar"} or {@code "vector"}. */
    String name();

    ReductionKernels reductions();

    BatchNormKernels batchNorm();

    GemmKernels gemm();

    ActivationKernels activations();

    LossKernels losses();

    OptimizerKernels optimizers();

    StandardizerKernels standardizer();
}
