package org.simdnn.core.internal.vector;

import static org.simdnn.core.internal.vector.Lanes.F;

import jdk.incubator.vector.FloatVector;
import org.simdnn.core.internal.OptimizerKernels;

/**
 * Vector API optimizer updates: one pass, the same per-element float operations as the scalar twin (so both give
 * bit-identical results), scalar tail. Memory bound at any size beyond L2.
 */
public final class VectorOptimizers implements OptimizerKernels {

  @Override
  public void sgd(float lr, float momentum, float weightDecay, boolean nesterov, float[] p, int pOff, float[] g,
      int gOff, float[] v, int vOff, int len) {
    if (nesterov) {
      sgdNesterov(-lr, momentum, weightDecay, p, pOff, g, gOff, v, vOff, len);
    } else {
      sgdPlain(-lr, momentum, weightDecay, p, pOff, g, gOff, v, vOff, len);
    }
  }

  private static void sgdPlain(float negLr, float mu, float wd, float[] p, int pOff, float[] g, int gOff,
      float[] v, int vOff, int len) {
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
    for (; i < len; i++) {
      float pi = p[pOff + i];
      float gi = Math.fma(wd, pi, g[gOff + i]);
      float vi = Math.fma(mu, v[vOff + i], gi);
      v[vOff + i] = vi;
      p[pOff + i] = Math.fma(negLr, vi, pi);
    }
  }

  private static void sgdNesterov(float negLr, float mu, float wd, float[] p, int pOff, float[] g, int gOff,
      float[] v, int vOff, int len) {
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
    for (; i < len; i++) {
      float pi = p[pOff + i];
      float gi = Math.fma(wd, pi, g[gOff + i]);
      float vi = Math.fma(mu, v[vOff + i], gi);
      v[vOff + i] = vi;
      p[pOff + i] = Math.fma(negLr, Math.fma(mu, vi, gi), pi);
    }
  }

  @Override
  public void adam(float decay, float l2, float beta1, float beta2, float stepSize, float invBc2Sqrt, float eps,
      float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff, int len) {
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
      FloatVector vv = gv.mul(gv).fma(vOmb2, FloatVector.fromArray(F, v, vOff + i).mul(beta2));
      mv.intoArray(m, mOff + i);
      vv.intoArray(v, vOff + i);
      FloatVector denom = vv.sqrt().fma(vInvBc2, vEps);
      mv.div(denom).fma(vNegStep, pv.mul(decay)).intoArray(p, pOff + i);
    }
    for (; i < len; i++) {
      float pi = p[pOff + i];
      float gi = Math.fma(l2, pi, g[gOff + i]);
      float mi = m[mOff + i];
      mi = Math.fma(oneMinusB1, gi - mi, mi);
      float vi = Math.fma(oneMinusB2, gi * gi, beta2 * v[vOff + i]);
      m[mOff + i] = mi;
      v[vOff + i] = vi;
      float denom = Math.fma((float) Math.sqrt(vi), invBc2Sqrt, eps);
      p[pOff + i] = Math.fma(negStep, mi / denom, pi * decay);
    }
  }
}
