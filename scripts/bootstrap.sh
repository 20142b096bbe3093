#!/usr/bin/env bash
# Installs what plugwire's build (and, with "test", its tests) need on a bare machine.
# Idempotent and fast when everything is already there. Usage: bootstrap.sh [build|test]
set -uo pipefail
cd "$(dirname "$0")/.."

MODE="${1:-test}"
STEP=""
step() { STEP="$1"; }
fail() {
  echo "bootstrap: step '$STEP' failed: $1" >&2
  exit 1
}
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"; else return 2; fi
}

step "rust toolchain"
command -v cargo >/dev/null && command -v rustup >/dev/null ||
  fail "cargo/rustup not found: install Rust with rustup, then run this again"

step "node"
command -v node >/dev/null || fail "node not found: install Node.js 20 or newer"
node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' ||
  fail "Node.js $(node --version) is too old: plugwire needs Node.js 20 or newer"

step "wasm32 target"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "bootstrap: adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown || fail "rustup target add wasm32-unknown-unknown"
fi

step "wasm-bindgen-cli"
WANT=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$WANT" ] || fail "no wasm-bindgen version in Cargo.lock"
HAVE=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')
if [ "$HAVE" != "$WANT" ]; then
  echo "bootstrap: installing wasm-bindgen-cli $WANT (found: ${HAVE:-none}); this takes a few minutes"
  cargo install wasm-bindgen-cli --version "=$WANT" --force ||
    fail "cargo install wasm-bindgen-cli --version =$WANT"
fi

step "npm packages"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "bootstrap: installing npm packages"
  npm ci --no-audit --no-fund || fail "npm ci"
fi
[ -x node_modules/.bin/wasm-opt ] || fail "node_modules/.bin/wasm-opt missing after npm ci"

if [ "$MODE" = test ]; then
  step "openssl"
  if ! command -v openssl >/dev/null; then
    echo "bootstrap: installing openssl (the HTTPS tests generate a certificate with it)"
    { as_root apt-get update && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y openssl; } ||
      fail "could not install openssl; run: sudo apt-get install -y openssl"
  fi

  step "chromium"
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    echo "bootstrap: installing Debian's chromium and chromium-driver"
    if ! { as_root apt-get update && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver; }; then
      fail "could not install the browser; run: sudo apt-get update && sudo apt-get install -y chromium chromium-driver"
    fi
  fi

  step "redis-server and nginx"
  # The cluster tests (tests/cluster/) start their own Redis and nginx on free 127.0.0.1 ports;
  # the packages' own services, if the machine runs them, are not used.
  if [ ! -x /usr/bin/redis-server ] || [ ! -x /usr/sbin/nginx ]; then
    echo "bootstrap: installing Debian's redis-server and nginx (the cluster tests run them)"
    if ! { as_root apt-get update && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server nginx; }; then
      fail "could not install redis-server and nginx; run: sudo apt-get update && sudo apt-get install -y redis-server nginx"
    fi
  fi
fi
exit 0
