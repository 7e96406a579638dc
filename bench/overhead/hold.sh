#!/usr/bin/env bash
# What a quality cascade's hold costs a stream that passes (time to first token, held for 1, 8 and 32 tokens,
# against the same stream routed without a cascade). Builds the router and this benchmark, then runs it
# (about a minute). Options go to the benchmark, e.g.  bench/overhead/hold.sh --duration 20 --gap-ms 25
# The report is printed and written to bench/overhead/target/hold.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -DskipTests -pl bench/overhead,router-service -am package
cp="bench/overhead/target/classes:$(cat bench/overhead/target/classpath.txt)"
exec java -cp "$cp" dev.localai.bench.overhead.HoldBenchmark "$@"
