#!/bin/sh
# Runs a benchmark profile on JDK 25 (found by .mvn/find-jdk.sh, whatever `java` this shell has), keeps JMH's JSON
# under bench/results/PROFILE/ and generates the report from it.
#
#   bench/report.sh quick|full [--only REGEX] [--list]     measure, then generate the report
#   bench/report.sh NAME --render-only                     regenerate from bench/results/NAME without measuring
#
#   quick  1 fork, short iterations, one or two sizes per family (a few minutes on 2 cores);
#          report: bench/results/quick/BENCHMARKS.md (the study in BENCHMARKS.md is left alone)
#   full   3 forks, every size from L1 to DRAM (about 2 hours on 2 cores); report: BENCHMARKS.md + bench/report/charts
#   refresh  full settings over the rows that carry a target or changed since the last full run (see Profile.java);
#          its results join bench/results/full and replace the older rows there
#   --only REGEX  re-measure the benchmarks whose full name matches (e.g. 'GemmBench|BatchNormBench\.Vector');
#                 the ceilings run too; the new rows replace the older ones in the report
#   --list        print the selection and a duration estimate, run nothing
#
# Run it on a quiet machine: every other process competes for the cores and the memory bandwidth measured here.
set -eu
cd "$(dirname "$0")/.."

usage() {
  sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
[ $# -ge 1 ] || usage
profile=$1
shift
only=""
render_only=false
list=false
while [ $# -gt 0 ]; do
  case "$1" in
    --only) [ $# -ge 2 ] || usage; only=$2; shift 2 ;;
    --render-only) render_only=true; shift ;;
    --list) list=true; shift ;;
    *) echo "unknown option: $1" >&2; usage ;;
  esac
done

jdk=$(.mvn/find-jdk.sh)
jar=bench/target/benchmarks.jar
java_run() {
  "$jdk/bin/java" --add-modules=jdk.incubator.vector --sun-misc-unsafe-memory-access=allow \
    -Djava.awt.headless=true -cp "$jar" "$@"
}

# (re)build the benchmark jar when it is missing or older than any source or POM it is built from
stale=""
if [ -f "$jar" ]; then
  for d in pom.xml core/pom.xml core/src/main bench/pom.xml bench/src/main dsl/pom.xml dsl/src/main; do
    [ -e "$d" ] || continue
    if [ -n "$(find "$d" -type f -newer "$jar" 2>/dev/null | head -n 1)" ]; then stale=$d; break; fi
  done
fi
if [ ! -f "$jar" ] || [ -n "$stale" ]; then
  echo "building $jar${stale:+ ($stale changed)}"
  ./mvnw -B -q -pl bench -am package -DskipTests
fi

results=bench/results/$profile
case "$profile" in
  quick) out=$results/BENCHMARKS.md; charts=$results/charts ;;
  peers) results=bench/results/peers/jmh ;;   # simdnn's side of bench/peers/side-by-side.sh
  refresh) results=bench/results/full; out=BENCHMARKS.md; charts=bench/report/charts ;;
  *) out=BENCHMARKS.md; charts=bench/report/charts ;;
esac

if [ "$render_only" = false ]; then
  case "$profile" in
    quick|full|refresh|peers) ;;
    *) echo "unknown profile $profile: use quick or full (or NAME --render-only)" >&2; exit 2 ;;
  esac
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  if [ -n "$(git status --porcelain -- core bench dsl 2>/dev/null)" ]; then commit="$commit+dirty"; fi
  set -- "$profile" --out "$results" --commit "$commit"
  [ -n "$only" ] && set -- "$@" --only "$only"
  [ "$list" = true ] && set -- "$@" --list
  java_run org.simdnn.bench.report.ProfileRunner "$@"
  [ "$list" = true ] && exit 0
fi
[ "$profile" = peers ] && exit 0   # the peers rows belong to bench/peers/side-by-side.sh's report section

rm -rf "$charts"
java_run org.simdnn.bench.report.ReportWriter --results "$results" --out "$out" --charts "$charts" \
  --command "bench/report.sh $profile --render-only"
