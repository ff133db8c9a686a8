"""PyTorch micro-benchmarks of the side-by-side comparison (adapted from ../shared/peers/micro.py): BatchNorm1d in
training mode (fwd = bn(x) with autograd on; fwdbwd = fwd + autograd.grad w.r.t. x, gamma, beta) and sgemm
(torch.mm into a preallocated output), float32, median over >= 5 samples after warm-up. Writes JSON to --out."""
import argparse
import json
import sys

import torch
import torch.nn as nn

import peers_common as common

# (M, K, N) of C = A(MxK) B(KxN): the three products of the 784-256-256-10 layers at batch 128, and squares
GEMM_SHAPES = [(128, 784, 256), (128, 256, 784), (256, 128, 784), (128, 256, 256), (256, 128, 256),
               (128, 256, 10), (128, 10, 256), (10, 128, 256), (256, 256, 256), (512, 512, 512), (1024, 1024, 1024)]
BN_SHAPES = [(128, 256), (1024, 1024), (65536, 256)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    common.set_threads(a.threads)
    torch.manual_seed(0)
    env = common.env_info()
    print("# pytorch micro threads=%d blas=%s" % (a.threads, env["blas"]), flush=True)
    out = []
    for (n, c) in BN_SHAPES:
        m = nn.BatchNorm1d(c).train()
        x = torch.randn(n, c)
        r = common.bench(lambda: m(x))
        out.append(dict(kind="bn", op="fwd", threads=a.threads, m=n, k=0, n=c, value=r["median_s"] / (n * c) * 1e9,
                        **r))
        xg = torch.randn(n, c, requires_grad=True)
        g = torch.randn(n, c)
        params = (xg, m.weight, m.bias)

        def fb():
            return torch.autograd.grad(m(xg), params, g)
        r = common.bench(fb)
        out.append(dict(kind="bn", op="fwdbwd", threads=a.threads, m=n, k=0, n=c,
                        value=r["median_s"] / (n * c) * 1e9, **r))
        print(json.dumps(out[-2]), "\n", json.dumps(out[-1]), flush=True)
    for (mm, k, n) in GEMM_SHAPES:
        x = torch.randn(mm, k)
        y = torch.randn(k, n)
        z = torch.empty(mm, n)
        r = common.bench(lambda: torch.mm(x, y, out=z))
        out.append(dict(kind="gemm", op="mm", threads=a.threads, m=mm, k=k, n=n,
                        value=2.0 * mm * k * n / r["median_s"] / 1e9, **r))
        print(json.dumps(out[-1]), flush=True)
    with open(a.out, "w") as f:
        json.dump({"threads": a.threads, "env": env, "argv": sys.argv, "results": out}, f, indent=1)


if __name__ == "__main__":
    main()
