#!/usr/bin/env bash
# The OpenCode bridge's overhead: a short streamed answer from the provider direct, through OpenCode's own API and
# through the bridge, interleaved round by round against one real opencode serve. Builds the bridge (which
# installs the pinned OpenCode) and this benchmark, then runs it (about 2 minutes with the defaults). Options go
# to the benchmark, e.g.
#   bench/opencode/run.sh --rounds 200 --warmup 20 --chunks 8
# The report is printed and written to bench/opencode/target/results.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -DskipTests -pl bench/opencode,opencode-service -am package
cp="bench/opencode/target/classes:$(cat bench/opencode/target/classpath.txt)"
exec java -cp "$cp" dev.localai.bench.opencode.OpencodeBenchmark "$@"
