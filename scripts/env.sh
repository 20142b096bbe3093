# Shared settings for the scripts (sourced, not run).
# Rust builds go to CARGO_TARGET_DIR when it is set (CI caches it outside the clone).
TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-90}"
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/tests/webdriver.json"
# The features rustc enables for wasm32 by default, which wasm-opt must accept.
WASM_FEATURES=(--enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int
  --enable-sign-ext --enable-reference-types --enable-multivalue)
