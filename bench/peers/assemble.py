"""Assembles bench/results/peers/side-by-side.json (read by the report writer, org.simdnn.bench.report.PeerResults)
from simdnn's run.json files (./simdnn train --out DIR), PyTorch's training and micro-benchmark JSON, and a note on
PyTorch's availability. Prints a short summary. Standard library only (it runs where torch is absent too)."""
import argparse
import datetime
import json
import os
import statistics


def load(path):
    with open(path) as f:
        return json.load(f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--simdnn", nargs="*", default=[], help="run.json files of ./simdnn train")
    ap.add_argument("--torch-mlp", nargs="*", default=[], help="torch_mlp.py outputs")
    ap.add_argument("--torch-micro", nargs="*", default=[], help="torch_micro.py outputs")
    ap.add_argument("--simdnn-seeds", nargs="*", default=[], help="run.json files of extra seeds (accuracy)")
    ap.add_argument("--torch-seeds", nargs="*", default=[], help="torch_mlp.py outputs of extra seeds (accuracy)")
    ap.add_argument("--torch-available", choices=["true", "false"], required=True)
    ap.add_argument("--torch-note", default="")
    ap.add_argument("--simdnn-note", default="")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    training = []
    for p in a.simdnn:
        r = load(p)
        threads = r.get("threads") or r.get("config", {}).get("threads") or 0
        training.append({"who": "simdnn", "threads": int(threads),
                         "samplesPerSecond": [e["samplesPerSecond"] for e in r["epochs"]],
                         "testAccuracy": r.get("testAccuracy", r["epochs"][-1]["testAccuracy"]),
                         "command": r.get("command", "./simdnn train"), "source": os.path.relpath(p)})
    blas = ""
    for p in a.torch_mlp:
        r = load(p)
        blas = r["env"]["blas"]
        training.append({"who": "pytorch", "threads": r["threads"],
                         "samplesPerSecond": [e["samplesPerSecond"] for e in r["epochs"]],
                         "testAccuracy": r["epochs"][-1]["testAccuracy"],
                         "command": " ".join(["python3"] + [os.path.basename(r["argv"][0])] + r["argv"][1:]),
                         "source": os.path.relpath(p)})
    micro = []
    for p in a.torch_micro:
        r = load(p)
        blas = blas or r["env"]["blas"]
        for m in r["results"]:
            micro.append({k: m[k] for k in ("kind", "op", "threads", "m", "k", "n", "value", "foreign_cpus")})
    # test accuracy over seeds: the main runs' seed (simdnn 42, PyTorch 0; the 2-thread simdnn run and the
    # 1-thread PyTorch run) plus the extra seeds, so one lucky or unlucky seed does not decide the comparison
    seeds = {"simdnn": [], "pytorch": []}
    for t in training:
        if (t["who"], t["threads"]) in (("simdnn", 2), ("pytorch", 1)):
            seeds[t["who"]].append(t["testAccuracy"])
    for p in a.simdnn_seeds:
        r = load(p)
        seeds["simdnn"].append(r.get("testAccuracy", r["epochs"][-1]["testAccuracy"]))
    for p in a.torch_seeds:
        seeds["pytorch"].append(load(p)["epochs"][-1]["testAccuracy"])
    doc = {"date": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
           "torch": {"available": a.torch_available == "true", "note": a.torch_note, "blas": blas},
           "simdnnNote": a.simdnn_note, "training": training, "micro": micro,
           "accuracySeeds": seeds}
    with open(a.out, "w") as f:
        json.dump(doc, f, indent=1)
    for t in training:
        print("%-8s %dT  median %8.0f samples/s  test accuracy %.4f" % (
            t["who"], t["threads"], statistics.median(t["samplesPerSecond"]), t["testAccuracy"]))
    for who, accs in seeds.items():
        if accs:
            print("%-8s test accuracy over %d seeds: mean %.4f (%s)" % (
                who, len(accs), statistics.mean(accs), ", ".join("%.4f" % x for x in accs)))
    print("side by side: " + a.out)


if __name__ == "__main__":
    main()
