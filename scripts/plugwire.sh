#!/usr/bin/env bash
# Runs the `plugwire` dev server / CLI from this checkout, building it first if needed.
# From the repo root: npm run plugwire -- list | send --event X [--identifier Y] | serve
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cargo build -q -p plugwire-devserver
exec "$TARGET_DIR/debug/plugwire" "$@"
