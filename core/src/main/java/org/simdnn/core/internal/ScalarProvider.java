package org.simdnn.core.internal;

/** The scalar twins: the reference every vector kernel is tested against, and the fallback backend. */
public final class ScalarProvider implements KernelProvider {
    private final ReductionKernels reductions = new ScalarReductions();
    private final BatchNormKernels batchNorm = new ScalarBatchNorm();
    private final GemmKernels gemm = new ScalarGemm();
    private final ActivationKernels activations = new ScalarActivations();
    private final LossKernels losses = new ScalarLosses();
    private final OptimizerKernels optimizers = new ScalarOptimizers();
    private final StandardizerKernels standardizer = new ScalarStandardizer();

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public ReductionKernels reductions() {
        return reductions;
    }

    @Override
    public BatchNormKernels batchNorm() {
        return batchNorm;
    }

    @Override
    public GemmKernels gemm() {
        return gemm;
    }

    @Override
    public ActivationKernels activations() {
        return activations;
    }

    @Override
    public LossKernels losses() {
        return losses;
    }

    @Override
    public OptimizerKernels optimizers() {
        return optimizers;
    }

    @Override
    public StandardizerKernels standardizer() {
        return standardizer;
    }
}
