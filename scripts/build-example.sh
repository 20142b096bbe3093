#!/usr/bin/env bash
# Builds the Leptos example (examples/checkin-leptos) into examples/checkin-leptos/dist/www,
# which `plugwire serve --root examples/checkin-leptos/dist` serves at "/":
# cargo (release, wasm32) -> wasm-bindgen (--target web) -> wasm-opt -Oz.
# With `--measure`, also builds the same page without plugwire and prints what the Rust API adds.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/bootstrap.sh build >&2

EX=examples/checkin-leptos
OUT="$EX/dist/www"

# build OUT_DIR CARGO_ARGS...: the optimised wasm and its glue in OUT_DIR.
build() {
  local out="$1"
  shift
  cargo build --release --target wasm32-unknown-unknown -p plugwire-example-checkin "$@"
  wasm-bindgen --target web --out-dir "$out" --out-name checkin --no-typescript \
    --remove-name-section --remove-producers-section \
    "$TARGET_DIR/wasm32-unknown-unknown/release/checkin.wasm"
  node_modules/.bin/wasm-opt -Oz --converge "${WASM_FEATURES[@]}" --strip-debug --strip-producers \
    "$out/checkin_bg.wasm" -o "$out/checkin_bg.wasm"
}
gz() { gzip -9 -c "$1" | wc -c; }

rm -rf "$EX/dist"
build "$OUT"
cp "$EX"/www/index.html "$EX"/www/app.css "$OUT"/
echo "build: $OUT/checkin_bg.wasm $(wc -c < "$OUT/checkin_bg.wasm") bytes, $(gz "$OUT/checkin_bg.wasm") gzip"

if [ "${1:-}" = "--measure" ]; then
  BASE="$EX/dist/baseline"
  build "$BASE" --features baseline
  with=$(gz "$OUT/checkin_bg.wasm")
  without=$(gz "$BASE/checkin_bg.wasm")
  echo "size: the example's wasm is $with B gzip; the same page without plugwire $without B; the Rust API adds $((with - without)) B gzip"
fi
