#!/usr/bin/env bash
# The benchmark kit's one entry point.
#   bench/run.sh smoke   few seconds, tiny counts, every scenario x every server; exits non-zero on failure (CI)
#   bench/run.sh full    the documented run: rewrites docs/benchmarks.md and docs/bench/*.png (over an hour on 2 cores)
#   bench/run.sh class NodeFanout|RedisThroughput ARGS   one engine measurement of docs/scaling.md
# Extra arguments go to io.herald.bench.BenchMain, e.g. --servers herald,ws --scenarios fanout --pin false
set -euo pipefail
mode="${1:-smoke}"
shift || true
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"

command -v node >/dev/null || { echo "bench: node is required for the ws and Socket.IO peers" >&2; exit 1; }
command -v jcmd >/dev/null || { echo "bench: jcmd (JDK) is required for heap measurements" >&2; exit 1; }

# the server under test: the WAR, built once (tests are the main build's business, not the kit's)
if [ ! -f "$repo/target/herald.war" ] || [ -n "${BENCH_REBUILD:-}" ]; then
  (cd "$repo" && mvn -q -B -DskipTests package)
fi
if [ ! -f "$repo/target/herald-classes.jar" ]; then
  (cd "$repo" && mvn -q -B -DskipTests package)
fi
# the kit's engine measurements compile against the server's classes (and their dependencies)
(cd "$repo" && mvn -q -B install:install-file -Dfile=target/herald-classes.jar -DpomFile=pom.xml \
  -Dclassifier=classes -Dpackaging=jar)
(cd "$here" && mvn -q -B package)
if [ ! -d "$here/peers/node_modules/ws" ]; then
  (cd "$here/peers" && npm ci --no-audit --no-fund --loglevel=error)
fi
# Soketi (a Pusher-protocol peer) only when asked for: it brings ~330 packages
case " $* " in *soketi*)
  if [ ! -d "$here/peers/soketi/node_modules/@soketi/soketi" ]; then
    (cd "$here/peers/soketi" && npm ci --no-audit --no-fund --loglevel=error)
  fi ;;
esac

cp="$here/target/classes:$here/target/lib/*"
pin=(taskset -c 1)
case " $* " in *" --pin false "*) pin=() ;; esac
cd "$repo"
if [ "$mode" = class ]; then
  # one measurement main of the kit, e.g. bench/run.sh class NodeFanout 2000 20 250 15 (docs/scaling.md)
  main="$1"
  shift
  exec java -Xms256m -Xmx2g -Dbench.dir="$here" -cp "$cp" "io.herald.bench.$main" "$@"
fi
exec "${pin[@]}" java -Djava.awt.headless=true -Xms256m -Xmx1g -Dbench.dir="$here" -cp "$cp" io.herald.bench.BenchMain "$mode" "$@"
