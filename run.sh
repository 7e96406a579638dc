#!/usr/bin/env bash
# Starts the whole stack on this machine: embedded PostgreSQL, a stand-in backend, and every service.
# Needs only a JDK 17+. Builds what is missing or out of date first. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v java >/dev/null 2>&1; then
  echo "run.sh: java not found; install a JDK 17 or newer" >&2
  exit 1
fi
java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "${java_major%%.*}" -lt 17 ] 2>/dev/null; then
  echo "run.sh: Java $java_major found; Java 17 or newer is needed" >&2
  exit 1
fi

stamp=.run/build-stamp
mkdir -p .run
modules=(router-service inference-3070-service opencode-service gaming-pc-manager mattermost-bot)
needs_build=false
[ -f "$stamp" ] || needs_build=true
[ -f dev-stack/target/dev-stack.jar ] || needs_build=true
for m in "${modules[@]}"; do [ -f "$m/target/quarkus-app/quarkus-run.jar" ] || needs_build=true; done
if [ "$needs_build" = false ] && [ -n "$(find . -path ./.run -prune -o \( -name pom.xml -o -path '*/src/main/*' \) -newer "$stamp" -print -quit)" ]; then
  needs_build=true
fi
if [ "$needs_build" = true ]; then
  echo "[run.sh] building (first run downloads dependencies from Maven Central; later runs reuse them)…"
  ./mvnw -B -q -DskipTests package
  touch "$stamp"
fi

exec java -jar dev-stack/target/dev-stack.jar "$PWD"
