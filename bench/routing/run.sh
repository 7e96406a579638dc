#!/usr/bin/env bash
# Routing decision cost (JMH). Builds the router and this benchmark, then runs it on this machine.
# Extra arguments go to JMH, e.g.  bench/routing/run.sh -f 1 -wi 2 -i 3 freshPrompt
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -DskipTests -pl bench/routing -am package
cp="bench/routing/target/classes:$(cat bench/routing/target/classpath.txt)"
exec java -cp "$cp" org.openjdk.jmh.Main RoutingDecisionBenchmark "$@"
