#!/usr/bin/env bash
# Everything plugwire tests: lint, native Rust tests, build, browser tests, end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
section() { printf '\n=== %s\n' "$*"; }

section "bootstrap"
bash scripts/bootstrap.sh test

section "format and lints"
cargo fmt --all --check
cargo clippy --workspace --exclude plugwire-devtools --all-targets -- -D warnings
cargo clippy -p plugwire --target wasm32-unknown-unknown --all-targets -- -D warnings
# The npm package's build (no_std, the JavaScript bindings): the library alone, no test harness.
cargo clippy -p plugwire --target wasm32-unknown-unknown --features bundle -- -D warnings
cargo clippy -p plugwire --target wasm32-unknown-unknown --features leptos --all-targets -- -D warnings
cargo clippy -p plugwire --features web --all-targets -- -D warnings
cargo clippy -p plugwire-devtools --target wasm32-unknown-unknown -- -D warnings
cargo clippy -p plugwire-example-checkin --target wasm32-unknown-unknown -- -D warnings

section "native tests (codecs, dev server)"
cargo test --workspace --exclude plugwire-devtools
cargo test -p plugwire --features web --lib web::
# The Rust API's rustdoc: no warning, every item documented, every example compiles for wasm32.
RUSTDOCFLAGS="-D warnings -W missing_docs" cargo doc -p plugwire --target wasm32-unknown-unknown --features leptos --no-deps
cargo test -p plugwire --target wasm32-unknown-unknown --features leptos --doc
cargo build -p plugwire-devserver

section "build"
bash scripts/build.sh
node scripts/size.mjs
# The Leptos example on the Rust API (served by tests/e2e/example-leptos.test.mjs), and what the
# Rust API adds to it.
bash scripts/build-example.sh --measure
node_modules/.bin/tsc -p tests/types/tsconfig.json
# Code written for socket.io-client type-checks against its declarations and against plugwire's.
node_modules/.bin/tsc -p tests/types/compat/tsconfig.sioc.json
node_modules/.bin/tsc -p tests/types/compat/tsconfig.plugwire.json

section "browser tests (wasm-bindgen-test, headless Chromium, Node socket.io server)"
node tests/run-browser.mjs

section "client, store, dev server, end-to-end, framework, Node, conformance, cluster and Socket.IO 2.x tests (headless Chromium, Node socket.io 4 and 2, plugwire serve, laravel-echo-server, Redis, nginx)"
node --test --test-concurrency=1 tests/client/ tests/store/ tests/devserver/ tests/e2e/ tests/vite/ \
  tests/frameworks/ tests/node/ tests/script/ tests/pack/ tests/types/ tests/conformance/ tests/cluster/ tests/v2/
