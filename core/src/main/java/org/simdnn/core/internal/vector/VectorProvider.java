package org.simdnn.core.internal.vector;

import org.simdnn.core.internal.ActivationKernels;
import org.simdnn.core.internal.BatchNormKernels;
import org.simdnn.core.internal.GemmKernels;
import org.simdnn.core.internal.KernelProvider;
import org.simdnn.core.internal.LossKernels;
import org.simdnn.core.internal.OptimizerKernels;
import org.simdnn.core.internal.ReductionKernels;
import org.simdnn.core.internal.StandardizerKernels;

/**
 * The Vector API kernels. Loaded reflectively by {@link org.simdnn.core.internal.BackendSelector} only after its probe
 * found the incubator module, C2 and FMA, so the fallback path never loads a class that touches the incubator API.
 */
public final class VectorProvider implements KernelProvider {
    private final ReductionKernels reductions = new VectorReductions();
    private final BatchNormKernels batchNorm = new VectorBatchNorm();
    private final GemmKernels gemm = new VectorGemm();
    private final ActivationKernels activations = new VectorActivations();
    private final LossKernels losses = new VectorLosses();
    private final OptimizerKernels optimizers = new VectorOptimizers();
    private final StandardizerKernels standardizer = new VectorStandardizer();

    @Override
    public String name() {
        return "vector";
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
