#!/usr/bin/env bash
# Router overhead: the same load straight to a fast fake upstream and through the packaged router,
# side by side. Builds the router and this benchmark, then runs it on this machine (about 3 minutes
# with the defaults). Options go to the benchmark, e.g.
#   bench/overhead/run.sh --duration 30 --rates 200,1000,2000 --router-jvm "-Xmx128m"
# The report is printed and written to bench/overhead/target/results.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -DskipTests -pl bench/overhead,router-service -am package
cp="bench/overhead/target/classes:$(cat bench/overhead/target/classpath.txt)"
exec java -cp "$cp" dev.localai.bench.overhead.OverheadBenchmark "$@"
