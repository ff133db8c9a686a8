#!/usr/bin/env bash
# Builds the benchmark jar and runs a JMH selection on JDK 25 (found by .mvn/find-jdk.sh, whatever `java` the shell
# has), keeping JMH's JSON under bench/results/ and printing the markdown tables of BENCHMARKS.md for it.
#
#   bench/run-benchmarks.sh NAME 'REGEX' [extra JMH options...]
#
# e.g. bench/run-benchmarks.sh kernels 'ReductionBench|ActivationBench|CeilingBench' -prof gc
# Each benchmark class fixes its own forks (3), warm-up and measurement; options given here override them.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?name of the result file}"
regex="${2:?JMH benchmark regex}"
shift 2
jdk="$(.mvn/find-jdk.sh)"
if [ ! -f bench/target/benchmarks.jar ] || [ -n "${REBUILD:-}" ]; then
  ./mvnw -B -q -pl core,bench -am package -DskipTests
fi
out="bench/results/${name}.json"
"$jdk/bin/java" --add-modules=jdk.incubator.vector --sun-misc-unsafe-memory-access=allow \
  -jar bench/target/benchmarks.jar "$regex" -rf json -rff "$out" "$@" | tee "bench/results/${name}.log"
python3 bench/scripts/jmh_tables.py "$out" > "bench/results/${name}.md"
echo "tables: bench/results/${name}.md"
