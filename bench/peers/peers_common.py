"""Shared helpers of the PyTorch side of bench/peers/side-by-side.sh (adapted from the peer study in
../shared/peers/common.py): thread control that reaches the BLAS pool, a record of the BLAS actually loaded,
a meter of the CPU used by other processes, and a median-of-samples timer."""
import os
import platform
import statistics
import time

import numpy as np
import torch
import threadpoolctl

NCPU = os.cpu_count()
_limits = None


def set_threads(n):
    """torch intra-op threads AND the BLAS library's own pool: Debian's torch is built with BLAS_INFO=generic,
    so torch.set_num_threads does not reach OpenBLAS's pthreads; threadpoolctl does."""
    global _limits
    torch.set_num_threads(n)
    _limits = threadpoolctl.threadpool_limits(limits=n, user_api="blas")
    return _limits


def env_info():
    info = {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "numpy": np.__version__,
        "torch_num_threads": torch.get_num_threads(),
        "LD_LIBRARY_PATH": os.environ.get("LD_LIBRARY_PATH"),
        "OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY"),
        "threadpools": [
            {k: v for k, v in d.items() if k in ("user_api", "internal_api", "prefix", "filepath", "version",
                                                 "num_threads", "architecture", "threading_layer")}
            for d in threadpoolctl.threadpool_info()
        ],
    }
    blas = [d for d in info["threadpools"] if d["user_api"] == "blas"]
    if blas:
        info["blas"] = "%s %s (%s) %s" % (blas[0]["prefix"], blas[0].get("version"), blas[0].get("architecture"),
                                          blas[0].get("filepath"))
    else:
        # threadpoolctl does not recognise netlib's reference BLAS: name what is mapped instead
        libs = set()
        with open("/proc/self/maps") as f:
            for line in f:
                p = line.split()[-1]
                if "blas" in p.lower():
                    libs.add(os.path.realpath(p))
        info["blas"] = "reference BLAS (not OpenBLAS): " + ",".join(sorted(libs))
    return info


def _proc_stat():
    with open("/proc/stat") as f:
        v = list(map(int, f.readline().split()[1:9]))
    return sum(v), v[3] + v[4]


def _self_ticks():
    with open("/proc/self/stat") as f:
        s = f.read()
    rest = s[s.rfind(")") + 2:].split()
    return int(rest[11]) + int(rest[12])


class LoadMeter:
    """Average number of CPUs busy with *other* processes over an interval."""

    def start(self):
        self.t0, self.i0 = _proc_stat()
        self.s0 = _self_ticks()
        return self

    def stop(self):
        t1, i1 = _proc_stat()
        s1 = _self_ticks()
        dt = t1 - self.t0
        if dt <= 0:
            return 0.0
        busy = (dt - (i1 - self.i0)) - (s1 - self.s0)
        return max(0.0, busy / (dt / NCPU))


def bench(fn, min_sample_s=0.02, samples=11, budget_s=2.0):
    """Median seconds per call of fn over >= 5 samples, each a loop lasting >= min_sample_s, after warm-up."""
    for _ in range(3):
        fn()
    reps = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        dt = time.perf_counter() - t0
        if dt >= min_sample_s:
            break
        reps = max(reps * 2, int(reps * min_sample_s / max(dt, 1e-9) * 1.2))
    n = max(5, min(samples, int(budget_s / dt)))
    ts = []
    lm = LoadMeter().start()
    for _ in range(n):
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        ts.append((time.perf_counter() - t0) / reps)
    return {"median_s": statistics.median(ts), "min_s": min(ts), "samples": n, "reps": reps,
            "foreign_cpus": round(lm.stop(), 2)}
