#!/bin/sh
# SGEMM per register file: runs GemmBench.Vector at the square and MLP-layer shapes together with the FMA loop
# (CeilingBench.fmaPeak) in the same JMH invocation, once per configuration, and writes the table of GFLOP/s and
# percent of that invocation's FMA loop (bench/tiles/table.py). On an AVX-512 CPU the configurations are the
# native 32-register file and -XX:UseAVX=2 (AVX2, 16 registers); on an AVX2 CPU only the native one applies.
#
#   bench/tiles/run.sh OUT [LABEL=JVM-ARGS ...] [-- JMH options...]
#
# Default configurations: native; avx2 (-XX:UseAVX=2, the 16-register tile); avx2-3x3 (the same with the
# previous 16-register tile, -Dsimdnn.gemm.tile=3x3). Default JMH options: 3 forks, 3 x 1 s warm-up, 4 x 1 s.
# Build the jar first: ./mvnw -B -q -pl bench -am package -DskipTests. Run it on a quiet machine.
set -eu
[ $# -ge 1 ] || { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
out=$1; shift
configs=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do configs="$configs
$1"; shift; done
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || set -- -f 3 -wi 3 -w 1 -i 4 -r 1
if [ -z "$configs" ]; then
  configs="native="
  if grep -qw avx512f /proc/cpuinfo 2>/dev/null; then
    configs="$configs
avx2=-XX:UseAVX=2
avx2-3x3=-XX:UseAVX=2 -Dsimdnn.gemm.tile=3x3"
  fi
fi
cd "$(dirname "$0")/../.."
jdk=$(.mvn/find-jdk.sh)
jar=bench/target/benchmarks.jar
mkdir -p "$out"
lscpu | grep -E 'Model name|^CPU\(s\)' > "$out/cpu.txt"
if grep -qw avx512f /proc/cpuinfo; then echo "Flags: avx512f" >> "$out/cpu.txt"; else echo "Flags: no avx512f" >> "$out/cpu.txt"; fi
"$jdk/bin/java" -version 2>> "$out/cpu.txt"
base="--add-modules=jdk.incubator.vector --sun-misc-unsafe-memory-access=allow -Dsimdnn.backend=vector"
echo "$configs" | while IFS= read -r c; do
  [ -n "$c" ] || continue
  label=${c%%=*}; args=${c#*=}
  echo "== $label: $args"
  "$jdk/bin/java" -jar "$jar" 'GemmBench.Vector.gemm|CeilingBench.fmaPeak' \
    -p shape=1024,128:784:256,128:256:256 -p op=NN,NT,TN -p threads=1 \
    -jvmArgsAppend "$base $args" "$@" -rf json -rff "$out/$label.json" > "$out/$label.log" 2>&1
  grep -h "simdnn backend" "$out/$label.log" | head -1 > "$out/$label.backend" || true
done
python3 bench/tiles/table.py "$out" > "$out/TABLE.md"
cat "$out/TABLE.md"
