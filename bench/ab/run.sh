#!/bin/sh
# Before/after study of one change: runs the same JMH selection on two benchmark jars back to back (before, then
# after, then before and after again when --rounds 2), each with the ceilings (CeilingBench) as the drift check,
# and writes JMH's JSON per jar and round under OUT, then the comparison table (bench/ab/table.py).
#
#   bench/ab/run.sh BEFORE.jar AFTER.jar OUT REGEX [--rounds N] [-- JMH options...]
#
# Default JMH options: 2 forks, 3 x 500 ms warm-up, 4 x 500 ms measurement, -prof gc. Build a jar of an older
# commit with: git worktree add /tmp/before COMMIT && (cd /tmp/before && ./mvnw -B -q -pl bench -am package
# -DskipTests). Run it on a quiet machine.
set -eu
[ $# -ge 4 ] || { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
before=$1; after=$2; out=$3; regex=$4; shift 4
rounds=1
if [ "${1:-}" = "--rounds" ]; then rounds=$2; shift 2; fi
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || set -- -f 2 -wi 3 -w 500ms -i 4 -r 500ms -prof gc
cd "$(dirname "$0")/../.."
jdk=$(.mvn/find-jdk.sh)
mkdir -p "$out"
lscpu | grep -E 'Model name|^CPU\(s\)|Flags' | sed 's/\(Flags:\).*\(avx512f\).*/\1 ... \2 .../' > "$out/cpu.txt"
"$jdk/bin/java" -version 2>> "$out/cpu.txt"
r=1
while [ "$r" -le "$rounds" ]; do
  for side in before after; do
    if [ "$side" = before ]; then jar=$before; else jar=$after; fi
    echo "== round $r: $side ($jar)"
    "$jdk/bin/java" --add-modules=jdk.incubator.vector --sun-misc-unsafe-memory-access=allow -jar "$jar" \
      "$regex|CeilingBench" "$@" -rf json -rff "$out/$side-$r.json" > "$out/$side-$r.log" 2>&1
  done
  r=$((r + 1))
done
python3 bench/ab/table.py "$out" > "$out/TABLE.md"
cat "$out/TABLE.md"
