#!/usr/bin/env bash
# deploy/install-deps.sh — install what building and testing tinpipe needs on
# Debian 12 (bookworm), and nothing that is already there.
#
#   deploy/install-deps.sh            install the missing packages
#   deploy/install-deps.sh --check    list the missing ones; exit 1 if any
#
# One line per action. apt-get update runs once, and only when something is
# missing; apt's own output goes to a log that is shown only on failure.
# Runs apt through sudo when not root.
set -euo pipefail

# What the build, the tests and the local stack (deploy/stack.sh) use:
#   toolchain   build-essential cmake ninja-build pkg-config clang and the
#               clang runtime (sanitizers, libFuzzer) that matches clang 14
#   libraries   the -dev packages CMakeLists.txt asks pkg-config for, and
#               cmocka for the unit tests
#   stack       kcat (broker checks), PostgreSQL 15 server and client, maven
#               (fetches the Kafka broker's jars); Java only when no `java`
#   tests       python3, valgrind
PACKAGES=(
  build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev
  librdkafka-dev libyaml-dev libjansson-dev libpq-dev libutf8proc-dev
  libmicrohttpd-dev libgumbo-dev libxxhash-dev
  libcmocka-dev
  kcat postgresql postgresql-client maven
  python3 valgrind
)
JAVA_PACKAGE=openjdk-17-jre-headless

log() { printf 'install-deps: %s\n' "$*" >&2; }
die() {
  printf 'install-deps: error: %s\n' "$*" >&2
  exit 1
}

# installed PKG: dpkg knows it as fully installed (not just unpacked or
# removed with its config left behind).
installed() {
  [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == 'install ok installed' ]]
}

main() {
  local check=0 pkg missing=() sudo=() aptlog
  case ${1:-} in
    --check) check=1 ;;
    '') ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
      return 0
      ;;
    *) die "unknown option $1 (--check or nothing)" ;;
  esac

  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    die "not a Debian system; install these by hand: ${PACKAGES[*]} and Java 17"
  fi

  # Java: any java on PATH will do (a laptop may have its own JDK).
  command -v java >/dev/null 2>&1 || PACKAGES+=("$JAVA_PACKAGE")

  for pkg in "${PACKAGES[@]}"; do
    installed "$pkg" || missing+=("$pkg")
  done

  if ((${#missing[@]} == 0)); then
    log "all ${#PACKAGES[@]} packages already installed"
    return 0
  fi
  if ((check)); then
    log "missing: ${missing[*]}"
    return 1
  fi

  if ((EUID != 0)); then
    command -v sudo >/dev/null 2>&1 || die "not root and no sudo; as root run: apt-get install ${missing[*]}"
    sudo=(sudo)
  fi

  aptlog=$(mktemp "${TMPDIR:-/tmp}/tinpipe-install-deps.XXXXXX.log")
  log "missing ${#missing[@]}: ${missing[*]}"
  log "apt-get update"
  if ! "${sudo[@]}" apt-get update -qq >"$aptlog" 2>&1; then
    tail -n 20 "$aptlog" >&2
    die "apt-get update failed (log: $aptlog)"
  fi
  log "apt-get install ${missing[*]}"
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$aptlog" 2>&1; then
    tail -n 20 "$aptlog" >&2
    die "apt-get install failed (log: $aptlog)"
  fi
  for pkg in "${missing[@]}"; do
    installed "$pkg" || die "$pkg still not installed after apt-get (log: $aptlog)"
  done
  rm -f -- "$aptlog"
  log "installed ${#missing[@]} packages"
}

main "$@"
