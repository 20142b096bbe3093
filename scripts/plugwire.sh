#!/usr/bin/env bash
# Runs the `plugwire` dev server / CLI from this checkout, building it first if needed.
# From the repo root: npm run plugwire -- list | send --event X [--identifier Y] | serve
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
BIN="$TARGET_DIR/debug/plugwire"
# A first build takes a minute or two: say so, and let cargo show its progress.
if [[ ! -x $BIN ]]; then
  echo "plugwire: building the dev server (first run, this takes a minute or two)..." >&2
  cargo build -p plugwire-devserver
elif [[ -n $(find devserver Cargo.toml Cargo.lock -newer "$BIN" -print -quit) ]]; then
  echo "plugwire: rebuilding the dev server (its sources changed)..." >&2
  cargo build -q -p plugwire-devserver
else
  cargo build -q -p plugwire-devserver
fi
exec "$BIN" "$@"
