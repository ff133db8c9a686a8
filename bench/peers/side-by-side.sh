#!/bin/sh
# simdnn side by side with PyTorch on this machine: the same network trained by both (784-256-BN-ReLU-256-BN-ReLU-10,
# Fashion-MNIST, batch 128, SGD lr 0.1 momentum 0.9, pixels / 255 then standardized with the training mean and std,
# 5 epochs, 1 and 2 threads each), then simdnn's JMH batch-norm / SGEMM benchmarks and, right after, PyTorch's
# BatchNorm1d / sgemm micro-benchmarks. Results: bench/results/peers/ (side-by-side.json, read by the report writer;
# simdnn's JMH JSON in jmh/; every raw file beside them); the report is regenerated when bench/results/full exists.
#
#   bench/peers/side-by-side.sh [--install] [--epochs N] [--seeds N] [--no-train] [--no-micro]
#
#   --install   apt-get install python3-torch libopenblas0-pthread python3-threadpoolctl (root; large download)
#   --epochs N  epochs of both trainings (default 5, as the comparison is defined)
#   --seeds N   also train each side with seeds 1..N (simdnn at 2 threads, PyTorch at 1) for the accuracy
#               comparison: one seed's test accuracy varies by about a point (default 3; 0 = none)
#   --no-train / --no-micro   skip one half
#
# PyTorch runs as in the peer study (../shared/peers): Debian's python3-torch calls libblas.so.3, which is the
# reference BLAS unless OpenBLAS is selected; here OpenBLAS (libopenblas0-pthread) is put first with LD_LIBRARY_PATH,
# OMP_WAIT_POLICY=PASSIVE keeps torch's idle OpenMP thread from spinning against OpenBLAS's, BLAS threads are set
# with threadpoolctl, and the BLAS actually loaded is recorded. Where torch cannot be imported, simdnn's side still
# runs and the results say that the live comparison was not made. The interpreter is Debian's /usr/bin/python3
# (a pyenv or venv python3 does not see Debian's torch); SIMDNN_PEERS_PYTHON overrides it.
set -eu
cd "$(dirname "$0")/../.."

epochs=5
seeds=3
install=false
train=true
micro=true
while [ $# -gt 0 ]; do
  case "$1" in
    --install) install=true; shift ;;
    --epochs) epochs=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --no-train) train=false; shift ;;
    --no-micro) micro=false; shift ;;
    *) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done

if [ "$install" = true ]; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-torch libopenblas0-pthread python3-threadpoolctl
fi

# Debian's interpreter: a python3 from pyenv or a venv does not see Debian's dist-packages (torch)
PY=${SIMDNN_PEERS_PYTHON:-/usr/bin/python3}
[ -x "$PY" ] || PY=$(command -v python3)
multiarch=$("$PY" -c 'import sysconfig; print(sysconfig.get_config_var("MULTIARCH") or "")' 2>/dev/null || true)
openblas=/usr/lib/${multiarch:-x86_64-linux-gnu}/openblas-pthread
out=bench/results/peers
mkdir -p "$out"
peers=bench/peers

torch_available=false
torch_note=""
if torch_version=$("$PY" -c 'import torch, threadpoolctl; print(torch.__version__)' 2>/tmp/simdnn-torch-import.$$); then
  torch_available=true
  torch_note="torch $torch_version (Debian python3-torch), OMP_WAIT_POLICY=PASSIVE"
  if [ -d "$openblas" ]; then
    torch_env="env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE LD_LIBRARY_PATH=$openblas OMP_WAIT_POLICY=PASSIVE"
    torch_note="$torch_note, LD_LIBRARY_PATH=$openblas"
  else
    torch_env="env OMP_WAIT_POLICY=PASSIVE"
    torch_note="$torch_note; libopenblas0-pthread is not installed, so torch runs on whatever libblas.so.3 is"
    echo "warning: $openblas missing (apt-get install libopenblas0-pthread, or run with --install)" >&2
  fi
else
  torch_note="$PY cannot import torch and threadpoolctl ($(tail -n 1 /tmp/simdnn-torch-import.$$)); install them with"
  torch_note="$torch_note bench/peers/side-by-side.sh --install"
  echo "PyTorch is not available: $torch_note" >&2
  echo "Only simdnn's side is measured; the report will say that no live comparison was made." >&2
fi
rm -f /tmp/simdnn-torch-import.$$

simdnn_runs=""
torch_runs=""
simdnn_seeds=""
torch_seeds=""
torch_micro=""
simdnn_note=""
if [ "$train" = true ]; then
  if [ -x ./simdnn ]; then
    for t in 1 2; do
      echo "== simdnn train, $t thread(s)"
      ./simdnn train --data fashion-mnist --preset mlp-bn --epochs "$epochs" --batch 128 --optimizer sgd --lr 0.1 \
        --momentum 0.9 --threads "$t" --out "$out/simdnn-t$t"
      simdnn_runs="$simdnn_runs $out/simdnn-t$t/run.json"
    done
  else
    simdnn_note="./simdnn (the command-line launcher) is not in this checkout"
    echo "$simdnn_note" >&2
  fi
  if [ "$torch_available" = true ]; then
    for t in 1 2; do
      echo "== PyTorch train, $t thread(s)"
      $torch_env "$PY" "$peers/torch_mlp.py" --threads "$t" --epochs "$epochs" --batch 128 --lr 0.1 --momentum 0.9 \
        --out "$out/torch-mlp-t$t.json"
      torch_runs="$torch_runs $out/torch-mlp-t$t.json"
    done
  fi
  s=1
  while [ "$s" -le "$seeds" ]; do
    if [ -x ./simdnn ]; then
      echo "== simdnn train, seed $s (accuracy)"
      ./simdnn train --data fashion-mnist --preset mlp-bn --epochs "$epochs" --batch 128 --optimizer sgd --lr 0.1 \
        --momentum 0.9 --threads 2 --seed "$s" --out "$out/simdnn-seed$s" --no-progress
      simdnn_seeds="$simdnn_seeds $out/simdnn-seed$s/run.json"
    fi
    if [ "$torch_available" = true ]; then
      echo "== PyTorch train, seed $s (accuracy)"
      $torch_env "$PY" "$peers/torch_mlp.py" --threads 1 --epochs "$epochs" --batch 128 --lr 0.1 --momentum 0.9 \
        --seed "$s" --out "$out/torch-mlp-seed$s.json"
      torch_seeds="$torch_seeds $out/torch-mlp-seed$s.json"
    fi
    s=$((s + 1))
  done
fi

if [ "$micro" = true ]; then
  echo "== simdnn JMH: batch norm and SGEMM (profile peers)"
  bench/report.sh peers
  if [ "$torch_available" = true ]; then
    for t in 1 2; do
      echo "== PyTorch micro-benchmarks, $t thread(s)"
      $torch_env "$PY" "$peers/torch_micro.py" --threads "$t" --out "$out/torch-micro-t$t.json"
      torch_micro="$torch_micro $out/torch-micro-t$t.json"
    done
  fi
fi

# shellcheck disable=SC2086 # the lists are space-separated paths without spaces
"$PY" "$peers/assemble.py" --simdnn $simdnn_runs --torch-mlp $torch_runs --torch-micro $torch_micro \
  --simdnn-seeds $simdnn_seeds --torch-seeds $torch_seeds \
  --torch-available "$torch_available" --torch-note "$torch_note" --simdnn-note "$simdnn_note" \
  --out "$out/side-by-side.json"

if [ -d bench/results/full ]; then
  bench/report.sh full --render-only
else
  echo "bench/results/full does not exist yet: run bench/report.sh full (the report includes this comparison)"
fi
