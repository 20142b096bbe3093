#!/usr/bin/env bash
# Builds everything, then runs the dev socket server, which also serves the demo (www/) and the
# package (pkg/): http://localhost:${SOCKET_IO_PORT:-3069}/
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
exec bash scripts/plugwire.sh serve "$@"
