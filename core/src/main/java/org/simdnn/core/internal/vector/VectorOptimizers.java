package org.simdnn.core.internal.vector;

import static org.simdnn.core.internal.vector.Lanes.F;

import jdk.incubator.vector.FloatVector;
import org.simdnn.core.internal.OptimizerKernels;
import org.simdnn.core.internal.ScalarOptimizers;

/**
 * Vector API optimizer updates: one pass, the same per-element float operations as the scalar twin (so both give
 * bit-identical results), scalar tail. Memory bound at any size beyond L2.
 */
public final class VectorOptimizers implements OptimizerKernels {
    private static final ScalarOptimizers TAIL = new ScalarOptimizers();

    @Override
    public void sgd(
            float lr,
            float momentum,
            float weightDecay,
            boolean nesterov,
            float[] p,
            int pOff,
            float[] g,
            int gOff,
            float[] v,
            int vOff,
            int len) {
        if (nesterov) {
            sgdNesterov(-lr, momentum, weightDecay, p, pOff, g, gOff, v, vOff, len);
        } else {
            sgdPlain(-lr, momentum, weightDecay, p, pOff, g, gOff, v, vOff, len);
        }
    }

    private static void sgdPlain(
            float negLr, float mu, float wd, float[] p, int pOff, float[] g, int gOff, float[] v, int vOff, int len) {
        FloatVector vWd = FloatVector.broadcast(F, wd);
        FloatVector vMu = FloatVector.broadcast(F, mu);
        FloatVector vNegLr = FloatVector.broadcast(F, negLr);
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += F.length()) {
            FloatVector pv = FloatVector.fromArray(F, p, pOff + i);
            FloatVector gv = pv.fma(vWd, FloatVector.fromArray(F, g, gOff + i));
            FloatVector vv = FloatVector.fromArray(F, v, vOff + i).fma(vMu, gv);
            vv.intoArray(v, vOff + i);
            vv.fma(vNegLr, pv).intoArray(p, pOff + i);
        }
        // the twin's loop for the tail: the same float operations, so the same bits
        TAIL.sgd(-negLr, mu, wd, false, p, pOff + i, g, gOff + i, v, vOff + i, len - i);
    }

    private static void sgdNesterov(
            float negLr, float mu, float wd, float[] p, int pOff, float[] g, int gOff, float[] v, int vOff, int len) {
        FloatVector vWd = FloatVector.broadcast(F, wd);
        FloatVector vMu = FloatVector.broadcast(F, mu);
        FloatVector vNegLr = FloatVector.broadcast(F, negLr);
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += F.length()) {
            FloatVector pv = FloatVector.fromArray(F, p, pOff + i);
            FloatVector gv = pv.fma(vWd, FloatVector.fromArray(F, g, gOff + i));
            FloatVector vv = FloatVector.fromArray(F, v, vOff + i).fma(vMu, gv);
            vv.intoArray(v, vOff + i);
            vv.fma(vMu, gv).fma(vNegLr, pv).intoArray(p, pOff + i);
        }
        TAIL.sgd(-negLr, mu, wd, true, p, pOff + i, g, gOff + i, v, vOff + i, len - i);
    }

    @Override
    public void adam(
            float decay,
            float l2,
            float beta1,
            float beta2,
            float stepSize,
            float invBc2Sqrt,
            float eps,
            float[] p,
            int pOff,
            float[] g,
            int gOff,
            float[] m,
            int mOff,
            float[] v,
            int vOff,
            int len) {
        float oneMinusB1 = 1f - beta1;
        float oneMinusB2 = 1f - beta2;
        float negStep = -stepSize;
        FloatVector vL2 = FloatVector.broadcast(F, l2);
        FloatVector vOmb1 = FloatVector.broadcast(F, oneMinusB1);
        FloatVector vOmb2 = FloatVector.broadcast(F, oneMinusB2);
        FloatVector vInvBc2 = FloatVector.broadcast(F, invBc2Sqrt);
        FloatVector vEps = FloatVector.broadcast(F, eps);
        FloatVector vNegStep = FloatVector.broadcast(F, negStep);
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += F.length()) {
            FloatVector pv = FloatVector.fromArray(F, p, pOff + i);
            FloatVector gv = pv.fma(vL2, FloatVector.fromArray(F, g, gOff + i));
            FloatVector mv = FloatVector.fromArray(F, m, mOff + i);
            mv = gv.sub(mv).fma(vOmb1, mv);
            FloatVector vv =
                    gv.mul(gv).fma(vOmb2, FloatVector.fromArray(F, v, vOff + i).mul(beta2));
            mv.intoArray(m, mOff + i);
            vv.intoArray(v, vOff + i);
            FloatVector denom = vv.sqrt().fma(vInvBc2, vEps);
            mv.div(denom).fma(vNegStep, pv.mul(decay)).intoArray(p, pOff + i);
        }
        TAIL.adam(
                decay,
                l2,
                beta1,
                beta2,
                stepSize,
                invBc2Sqrt,
                eps,
                p,
                pOff + i,
                g,
                gOff + i,
                m,
                mOff + i,
                v,
                vOff + i,
                len - i);
    }
}
