#!/bin/sh
# Prints, for each register tile, the K loop of its C2-compiled micro-kernel and how many vector spills/fills it
# has (bench/tiles/spills.py), under the given HotSpot flags. Needs objdump (binutils); hsdis is not needed.
#
#   bench/tiles/spills.sh OUT [TILE ...]      e.g. bench/tiles/spills.sh /tmp/spills 5x2 6x2
#
# Tiles default to 12x2 6x2 5x2 4x3 4x2 3x3; 12x2 runs on the native register file, the others with
# -XX:UseAVX=2 (16 registers) when the CPU has avx512f, natively otherwise. OUT/TILE.s holds each loop.
set -eu
[ $# -ge 1 ] || { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
out=$1; shift
[ $# -gt 0 ] || set -- 12x2 6x2 5x2 4x3 4x2 3x3
cd "$(dirname "$0")/../.."
jdk=$(.mvn/find-jdk.sh)
mkdir -p "$out"
avx2=""
grep -qw avx512f /proc/cpuinfo 2>/dev/null && avx2="-XX:UseAVX=2"
for t in "$@"; do
  flags=$avx2
  [ "$t" = 12x2 ] && flags=""
  "$jdk/bin/java" -jar bench/target/benchmarks.jar 'GemmBench.Vector.gemm' -p shape=512 -p op=NN -f 1 -wi 2 -w 1 \
    -i 1 -r 1 -jvmArgsAppend "--add-modules=jdk.incubator.vector --sun-misc-unsafe-memory-access=allow \
    -Dsimdnn.backend=vector $flags -Dsimdnn.gemm.tile=$t -XX:+UnlockDiagnosticVMOptions \
    -XX:CompileCommand=print,org.simdnn.core.internal.vector.GemmMicroKernels::kernel$t" > "$out/$t.log" 2>&1
  printf '%s (%s): ' "$t" "${flags:-native}"
  python3 bench/tiles/spills.py "$out/$t.log" "$out/$t.s"
done
