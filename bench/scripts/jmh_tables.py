#!/usr/bin/env python3
"""Turns JMH JSON results into the markdown tables of BENCHMARKS.md.

Usage: jmh_tables.py [--lanes=16] [--skip=Family,...] RESULTS.json [RESULTS2.json ...] > tables.md
(--lanes: float lanes of the species the FMA ceiling ran on; --skip: benchmark families to leave out)

Every benchmark family is an abstract class with nested `Vector` and `Scalar` subclasses (same public calls, the
scalar fork runs with -Dsimdnn.backend=scalar); rows pair them and report the ratio scalar/vector with its error
(propagated from JMH's 99.9% confidence half-widths). Byte counting follows the project's one rule: logical bytes
only (forward reads x, writes y: 8 B/element; backward reads x and dy, writes dx: 12 B/element), and copy bandwidth
is System.arraycopy of 256 MiB counted as read + write, from CeilingBench in the same JSON.
"""
import json
import math
import re
import sys
from collections import OrderedDict

# bytes moved per element (logical) and elements per op, keyed by (family, method). None = not bandwidth-reported.
BYTES_PER_ELEMENT = {
    ("ReductionBench", "sum"): 4, ("ReductionBench", "dot"): 8, ("ReductionBench", "sumOfSquares"): 4,
    ("ReductionBench", "max"): 4, ("ReductionBench", "argmax"): 4, ("ReductionBench", "l2Norm"): 4,
    ("ReductionBench", "meanVariance"): 4,
    ("ColumnStatsBench", "columnMeanVariance"): 4, ("ColumnStatsBench", "columnMinMax"): 4,
    ("ColumnStatsBench", "standardize"): 8,
    ("ActivationBench", "*Backward"): 12, ("ActivationBench", "*"): 8,
    ("BatchNormBench", "forward*"): 8, ("BatchNormBench", "backward*"): 12,
    # SGD with momentum: reads p, g, v and writes p, v; AdamW: reads p, g, m, v and writes p, m, v
    ("OptimizerBench", "sgdMomentum"): 20, ("OptimizerBench", "adamW"): 28,
    # softmax / cross-entropy / MSE: read the N x K input, write the N x K output or gradient
    ("LossBench", "*"): 8,
}


def elements(params):
    if params is None:
        return None
    if "n" in params and "k" not in params and "m" not in params:
        return int(params["n"])
    if "rows" in params and "cols" in params:
        return int(params["rows"]) * int(params["cols"])
    if "N" in params and "C" in params:
        return int(params["N"]) * int(params["C"])
    if "N" in params and "K" in params:
        return int(params["N"]) * int(params["K"])
    if "shape" in params:
        dims = [int(v) for v in re.findall(r"\d+", params["shape"])]
        if len(dims) == 2:
            return dims[0] * dims[1]
    return None


def bytes_per_element(family, method):
    for (fam, pat), b in BYTES_PER_ELEMENT.items():
        if fam != family:
            continue
        if (pat == "*" or pat == method or (pat.endswith("*") and method.startswith(pat[:-1]))
                or (pat.startswith("*") and method.endswith(pat[1:]))):
            return b
    return None


def ns_per_op(r):
    unit = r["primaryMetric"]["scoreUnit"]
    s = r["primaryMetric"]["score"]
    e = r["primaryMetric"]["scoreError"]
    if isinstance(e, str) or e is None or (isinstance(e, float) and math.isnan(e)):
        e = 0.0
    scale = {"ns/op": 1, "us/op": 1e3, "ms/op": 1e6, "s/op": 1e9}.get(unit)
    if scale is None:
        raise SystemExit("unsupported unit " + unit)
    return s * scale, e * scale


def alloc(r):
    sec = r.get("secondaryMetrics", {})
    m = sec.get("gc.alloc.rate.norm") or sec.get("·gc.alloc.rate.norm")
    return None if m is None else m["score"]


def gemm_flops(shape, op):
    parts = [int(v) for v in shape.split(":")]
    if len(parts) == 1:
        m = n = k = parts[0]
    else:
        batch, fin, fout = parts
        m, n, k = {"NT": (batch, fout, fin), "NN": (batch, fin, fout), "TN": (fout, fin, batch)}[op]
    return 2.0 * m * n * k, (m, n, k)


def gemm_table(rows, fma_gflops):
    cells = OrderedDict()
    for r in rows:
        m = re.match(r".*\.GemmBench\.(Vector|Scalar|Ejml)\.gemm$", r["benchmark"])
        if not m:
            continue
        p = r["params"]
        key = (p["shape"], p["op"], p.get("threads", "1"))
        cells.setdefault(key, {})[m.group(1)] = r
    if not cells:
        return []
    out = ["\n### GemmBench (GFLOP/s = 2mnk / time; ± from JMH's 99.9% confidence interval)\n",
           "| shape | op | m x n x k | threads | simdnn vector | scalar twin | EJML | vector/EJML | vector/scalar |"
           " % of FMA peak | vector B/op |",
           "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for (shape, op, threads), d in cells.items():
        flops, (mm, nn, kk) = gemm_flops(shape, op)
        g = {}
        for kind in ("Vector", "Scalar", "Ejml"):
            if kind in d:
                t, e = ns_per_op(d[kind])
                g[kind] = (flops / t, flops / t * (e / t))
        fmt = lambda kind: f"{g[kind][0]:.1f} ± {g[kind][1]:.1f}" if kind in g else ""
        ratio = lambda a, b: f"{g[a][0] / g[b][0]:.1f}x" if a in g and b in g else ""
        pct = f"{100 * g['Vector'][0] / fma_gflops:.0f}%" if "Vector" in g and fma_gflops else ""
        a = alloc(d["Vector"]) if "Vector" in d else None
        out.append(f"| {shape} | {op} | {mm} x {nn} x {kk} | {threads} | {fmt('Vector')} | {fmt('Scalar')} |"
                   f" {fmt('Ejml')} | {ratio('Vector', 'Ejml')} | {ratio('Vector', 'Scalar')} | {pct} |"
                   f" {'' if a is None else f'{a:.0f}'} |")
    return out


def main(paths):
    lanes = 16
    skip = set()
    while paths and paths[0].startswith("--"):
        opt, _, val = paths[0][2:].partition("=")
        if opt == "lanes":
            lanes = int(val)
        elif opt == "skip":
            skip.update(val.split(","))
        else:
            raise SystemExit("usage: jmh_tables.py [--lanes=N] [--skip=Family,...] RESULTS.json...")
        paths = paths[1:]
    rows = []
    for p in paths:
        with open(p) as f:
            rows.extend(json.load(f))
    copy_gbs = None
    fma_gflops = None
    for r in rows:
        name = r["benchmark"]
        if name.endswith("CeilingBench.copy256MiB"):
            t, _ = ns_per_op(r)
            copy_gbs = 2 * 256 * 2**20 / t
        if name.endswith("CeilingBench.fmaPeak"):
            t, _ = ns_per_op(r)  # ns per vector FMA of `lanes` floats: 2 * lanes flop
            fma_gflops = 2 * lanes / t
    pairs = OrderedDict()
    for r in rows:
        m = re.match(r".*\.(\w+Bench)\.(Vector|Scalar)\.(\w+)$", r["benchmark"])
        if not m:
            continue
        family, kind, method = m.groups()
        if family == "GemmBench" or family in skip:
            continue  # GEMM: GFLOP/s table below
        key = (family, method, json.dumps(r.get("params", {}), sort_keys=True))
        pairs.setdefault(key, {})[kind] = r
    out = []
    if copy_gbs:
        out.append(f"Copy bandwidth (System.arraycopy 256 MiB, read + write counted): **{copy_gbs:.1f} GB/s**\n")
    if fma_gflops:
        out.append(f"FMA throughput ({lanes}-lane vectors, 10 independent chains): **{fma_gflops:.1f} GFLOP/s**\n")
    current = None
    for (family, method, params_json), d in pairs.items():
        if family != current:
            current = family
            out.append(f"\n### {family}\n")
            out.append("| benchmark | params | vector ns/op | scalar ns/op | scalar/vector | vector ns/elem | vector GB/s |"
                       " % copy bw | vector B/op |")
            out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|")
        params = json.loads(params_json)
        v = d.get("Vector")
        s = d.get("Scalar")
        vt, ve = ns_per_op(v) if v else (None, None)
        st, se = ns_per_op(s) if s else (None, None)
        ratio = ""
        if vt and st:
            q = st / vt
            err = q * math.sqrt((ve / vt) ** 2 + (se / st) ** 2)
            ratio = f"{q:.2f} ± {err:.2f}"
        n = elements(params)
        nse = f"{vt / n:.3f}" if vt and n else ""
        b = bytes_per_element(family, method)
        gbs = f"{b * n / vt:.1f}" if vt and n and b else ""
        pct = f"{100 * b * n / vt / copy_gbs:.0f}%" if vt and n and b and copy_gbs else ""
        a = alloc(v) if v else None
        ptxt = ", ".join(f"{k}={val}" for k, val in params.items())
        fmt = lambda t, e: "" if t is None else f"{t:,.1f} ± {e:,.1f}"
        out.append(f"| {method} | {ptxt} | {fmt(vt, ve)} | {fmt(st, se)} | {ratio} | {nse} | {gbs} | {pct} |"
                   f" {'' if a is None else f'{a:.0f}'} |")
    out.extend(gemm_table(rows, fma_gflops))
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1:])
