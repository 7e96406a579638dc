#!/usr/bin/env bash
# Generation speed (tokens/s) of one model, in-process through libs/local-inference and through the
# packaged inference-3070-service's HTTP API (plain and streamed), side by side in one run. Builds the
# service and this benchmark, then runs it on this machine (well under a minute with the defaults).
# Options go to the benchmark, e.g.
#   bench/inference/run.sh --runs 50 --warmup 30 --max-tokens 512 --ctx-size 1024 --service-jvm "-Xmx256m"
# The report is printed and written to bench/inference/target/results.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -DskipTests -pl bench/inference,inference-3070-service -am package
cp="bench/inference/target/classes:$(cat bench/inference/target/classpath.txt)"
exec java -cp "$cp" dev.localai.bench.inference.InferenceBenchmark "$@"
