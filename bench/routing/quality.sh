#!/usr/bin/env bash
# The quality cascade's in-process judges and the complexity heuristic (JMH), next to the routing decision.
# Extra arguments go to JMH, e.g.  bench/routing/quality.sh -f 1 -wi 2 -i 3
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -DskipTests -pl bench/routing -am package
cp="bench/routing/target/classes:$(cat bench/routing/target/classpath.txt)"
exec java -cp "$cp" org.openjdk.jmh.Main "QualityBenchmark|RoutingDecisionBenchmark" "$@"
