#!/usr/bin/env bash
# README command 2: every test (unit, contract, end-to-end, containers, browser, client library).
# Needs JDK 17, Maven and Node 20 (npm); installs what else the tests need when it is missing:
#   Debian packages  chromium chromium-driver (browser tests), redis-server (cluster and Redis tests),
#                    nginx (behind-a-proxy tests), openssl (TLS test certificates), util-linux (taskset)
#                    and iproute2 (ss) for the benchmark kit
# as root or through sudo, then runs `mvn -B verify` with any extra arguments.
# GlassFish 8 needs a JDK 21+, which Debian 12 does not package: the first one found under /usr/lib/jvm
# (or the one in HERALD_JDK21_HOME) is used; with none the script stops and says so, before any test.
#   ./test.sh                                   everything
#   ./test.sh -Dherald.containers=tomcat11      one container instead of all four
#   ./test.sh --check                           only list what is missing, install nothing, run nothing
set -euo pipefail
cd "$(dirname "$0")"

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ]; }

for tool in java mvn node npm; do
  have "$tool" || { echo "test.sh: $tool is required (JDK 17+, Maven 3.8+, Node 20+ with npm)" >&2; exit 1; }
done

need=()
have chromium || need+=(chromium)
have chromedriver || need+=(chromium-driver)
have redis-server || need+=(redis-server)
have nginx || need+=(nginx)
have openssl || need+=(openssl)
have taskset || need+=(util-linux)
have ss || need+=(iproute2)
# the JDK GlassFish 8 runs on (pom.xml property glassfish8.java.home): 21 or newer
jdk21() {
  for home in ${HERALD_JDK21_HOME:-} /usr/lib/jvm/*; do
    [ -x "$home/bin/java" ] && [ -f "$home/release" ] || continue
    major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
    [ "${major:-0}" -ge 21 ] && { echo "$home"; return 0; }
  done
  return 1
}
gf8_java=$(jdk21 || true)

if [ "${1:-}" = "--check" ]; then
  echo "missing Debian packages: ${need[*]:-none}"
  echo "JDK 21+ for GlassFish 8: ${gf8_java:-missing}"
  exit 0
fi

if [ -z "$gf8_java" ]; then
  echo "test.sh: GlassFish 8 needs a JDK 21 or newer and none is under /usr/lib/jvm; install one (e.g. Temurin 25)" \
       "or set HERALD_JDK21_HOME to its directory" >&2
  exit 1
fi

if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif have sudo; then
    as_root=(sudo)
  else
    echo "test.sh: missing ${need[*]}; run as root or install sudo" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  echo "test.sh: installing ${need[*]}"
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
fi

mvn -B verify "-Dglassfish8.java.home=$gf8_java" "$@"
# the release folder, and its check: the packed client installs, imports in Node and type-checks (pom.xml, profile release)
exec mvn -B -q -Prelease package -DskipTests
