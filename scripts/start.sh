#!/usr/bin/env bash
# Builds everything, then serves the demo (www/) and the package (pkg/) on localhost.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
exec node scripts/serve.mjs "$@"
