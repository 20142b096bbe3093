#!/usr/bin/env bash
# Builds the SDK into pkg/dist: cargo (release, wasm32) -> wasm-bindgen (--target web) -> wasm-opt -Oz.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/bootstrap.sh build >&2

cargo build --release --target wasm32-unknown-unknown -p plugwire --features bundle
wasm-bindgen --target web --out-dir pkg/dist --out-name plugwire_core \
  --remove-name-section --remove-producers-section \
  "$TARGET_DIR/wasm32-unknown-unknown/release/plugwire.wasm"
node_modules/.bin/wasm-opt -Oz "${WASM_FEATURES[@]}" --strip-debug --strip-producers \
  pkg/dist/plugwire_core_bg.wasm -o pkg/dist/plugwire_core_bg.wasm
echo "build: pkg/dist/plugwire_core_bg.wasm $(wc -c < pkg/dist/plugwire_core_bg.wasm) bytes"

# The devtools overlay: its own wasm (Leptos, with std), loaded on the first Ctrl+Shift+D.
# Built apart from the SDK so that features never unify with the SDK's no_std bundle.
cargo build --release --target wasm32-unknown-unknown -p plugwire-devtools
wasm-bindgen --target web --out-dir pkg/dist --out-name plugwire_devtools \
  --remove-name-section --remove-producers-section \
  "$TARGET_DIR/wasm32-unknown-unknown/release/plugwire_devtools.wasm"
node_modules/.bin/wasm-opt -Oz "${WASM_FEATURES[@]}" --strip-debug --strip-producers \
  pkg/dist/plugwire_devtools_bg.wasm -o pkg/dist/plugwire_devtools_bg.wasm
echo "build: pkg/dist/plugwire_devtools_bg.wasm $(wc -c < pkg/dist/plugwire_devtools_bg.wasm) bytes"
