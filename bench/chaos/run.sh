#!/usr/bin/env bash
# The chaos suite: starts the packaged stack (as ./run.sh does, with its own data folder), puts it under
# steady load, then kills each service with kill -9, kills and freezes PostgreSQL, hangs up clients,
# floods the 3070 past its slots, flaps gaming mode, holds half-sent connections open and sends bad
# input, and reports what broke. Needs the ports of ./run.sh (stop it first). About 6 minutes.
# The report is printed and written to bench/chaos/target/chaos.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -DskipTests package
exec java -cp bench/chaos/target/classes dev.localai.bench.chaos.ChaosSuite "$PWD" "$@"
