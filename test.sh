#!/usr/bin/env bash
# README command 2: every test (unit, contract, end-to-end, containers, browser, client library).
# Needs JDK 17, Maven and Node 20 (npm); installs what else the tests need when it is missing:
#   Debian packages  chromium chromium-driver (browser tests), redis-server (cluster and Redis tests),
#                    nginx (behind-a-proxy tests), openssl (TLS test certificates), util-linux (taskset)
#                    and iproute2 (ss) for the benchmark kit
#   Temurin 25 JDK   GlassFish 8 needs Java 21+ (Debian 12 ships 17): from the Adoptium apt repository
# as root or through sudo, then runs `mvn -B verify` with any extra arguments.
#   ./test.sh                                   everything
#   ./test.sh -Dherald.containers=tomcat11      one container instead of all four
#   ./test.sh --check                           only list what is missing, install nothing, run nothing
set -euo pipefail
cd "$(dirname "$0")"

# the JDK GlassFish 8 runs on (pom.xml property glassfish8.java.home)
gf8_java=/usr/lib/jvm/temurin-25-jdk-amd64

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
need_jdk=false
[ -x "$gf8_java/bin/java" ] || need_jdk=true

if [ "${1:-}" = "--check" ]; then
  echo "missing Debian packages: ${need[*]:-none}"
  echo "missing Temurin 25 JDK ($gf8_java): $need_jdk"
  exit 0
fi

if [ "${#need[@]}" -gt 0 ] || [ "$need_jdk" = true ]; then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif have sudo; then
    as_root=(sudo)
  else
    echo "test.sh: missing ${need[*]} (and Temurin 25: $need_jdk); run as root or install sudo" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq
  if [ "${#need[@]}" -gt 0 ]; then
    echo "test.sh: installing ${need[*]}"
    "${as_root[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  if [ "$need_jdk" = true ]; then
    echo "test.sh: installing temurin-25-jdk from packages.adoptium.net (GlassFish 8 needs Java 21+)"
    "${as_root[@]}" apt-get install -y -qq ca-certificates curl gpg >/dev/null
    curl -fsSL https://packages.adoptium.net/artifactory/api/gpg/key/public \
      | gpg --dearmor | "${as_root[@]}" tee /etc/apt/trusted.gpg.d/adoptium.gpg >/dev/null
    codename="$(. /etc/os-release && echo "$VERSION_CODENAME")"
    echo "deb https://packages.adoptium.net/artifactory/deb $codename main" \
      | "${as_root[@]}" tee /etc/apt/sources.list.d/adoptium.list >/dev/null
    "${as_root[@]}" apt-get update -qq
    "${as_root[@]}" apt-get install -y -qq temurin-25-jdk >/dev/null
  fi
fi

exec mvn -B verify "$@"
