#!/usr/bin/env bash
# Builds the wasm of the SDK and of the devtools into pkg/dist:
# cargo (release, wasm32) -> wasm-bindgen (--target web) -> wasm-opt -Oz.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/bootstrap.sh build >&2

# build_wasm CRATE_LIB_NAME OUT_NAME CARGO_ARGS...
build_wasm() {
  local lib="$1" out="$2"
  shift 2
  cargo build --release --target wasm32-unknown-unknown "$@"
  wasm-bindgen --target web --out-dir pkg/dist --out-name "$out" \
    --remove-name-section --remove-producers-section \
    "$TARGET_DIR/wasm32-unknown-unknown/release/$lib.wasm"
  # --low-memory-unused: Rust puts the stack first, from 1 MiB down, so the lowest 1 KiB is
  # never addressed (binaryen can then fold address arithmetic).
  local opt=(-Oz --low-memory-unused --converge "${WASM_FEATURES[@]}" --strip-debug --strip-producers)
  if [ "$out" = plugwire_core ]; then
    # The same optimisation, then flattening, re-reloop and -Oz again (44 B less gzip), then
    # -O4 (more inlining and GUFA, which expose more to fold) and -Oz once more (measured: 160 B
    # less gzip), plus short import/export names (the glue is patched to match, and trimmed).
    node scripts/minify-names.mjs "pkg/dist/${out}_bg.wasm" "pkg/dist/${out}.js" "${opt[@]}" --flatten --rereloop -Oz -O4 -Oz
  else
    # The overlay: after -Oz, flattening and re-reloop then -Oz again (measured: 1 KB less gzip),
    # and its wasm-bindgen glue minified (2 KB less gzip; the overlay has a size cap).
    node_modules/.bin/wasm-opt "${opt[@]}" --flatten --rereloop -Oz "pkg/dist/${out}_bg.wasm" -o "pkg/dist/${out}_bg.wasm"
    node_modules/.bin/esbuild "pkg/dist/${out}.js" --minify --format=esm --target=es2022 --legal-comments=none \
      --log-level=warning --allow-overwrite --outfile="pkg/dist/${out}.js"
  fi
  echo "build: pkg/dist/${out}_bg.wasm $(wc -c < "pkg/dist/${out}_bg.wasm") bytes"
}

rm -rf pkg/dist
build_wasm plugwire plugwire_core -p plugwire --features bundle
# The published entry: the JavaScript half of the core, its wasm-bindgen glue, the store and the
# hotkey, bundled and minified into one ES module (the overlay stays a separate, lazy import).
# Private members are spelled `__name` in pkg/src and renamed by the minifier. `NODE_HOST` (the
# Node builds' transports, pkg/src/host-node.js) is undefined here: its branches are dropped.
node_modules/.bin/esbuild pkg/src/index.js --bundle --format=esm --minify --target=es2022 --define:NODE_HOST=undefined \
  --mangle-props='^__[a-zA-Z]+$' --external:./devtools.js --legal-comments=none --log-level=warning --outfile=pkg/index.js
echo "build: pkg/index.js $(wc -c < pkg/index.js) bytes"
# The other entries: Node (pkg/node.cjs, and pkg/node.js over it), plugwire/vue, plugwire/react, the <script> build.
node scripts/bundle-entries.mjs
# The tarball carries the README and the licence (npm packs them from the package folder).
cp README.md LICENSE pkg/
# The devtools overlay: its own wasm (Leptos, with std), loaded on the first Ctrl+Shift+D.
# Built apart from the SDK so that features never unify with the SDK's no_std bundle.
build_wasm plugwire_devtools plugwire_devtools -p plugwire-devtools
