#!/usr/bin/env bash
# Runs an eval on the router: ./eval.sh evals/sample.csv [--router URL] [--key KEY] ... (./eval.sh --help lists all).
# Needs only a JDK 17+. Builds the runner first when it is missing or its sources changed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if ! command -v java >/dev/null 2>&1; then
  echo "eval.sh: java not found; install a JDK 17 or newer" >&2
  exit 2
fi
jar="$here/eval-cli/target/quarkus-app/quarkus-run.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$here/eval-cli/pom.xml" "$here/eval-cli/src/main" -newer "$jar" -print -quit)" ]; then
  echo "[eval.sh] building the eval runner (the first build downloads dependencies from Maven Central)…" >&2
  (cd "$here" && ./mvnw -B -q -pl eval-cli -am -DskipTests package) >&2
fi

# A bar when stderr is a terminal, plain lines in a log (Java cannot tell for stderr by itself).
if [ -t 2 ]; then tty=true; else tty=false; fi
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Deval.stderr.tty="$tty" -jar "$jar" "$@"
