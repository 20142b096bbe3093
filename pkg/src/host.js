// The functions the Rust core imports (sdk/src/js/bindings.rs, `raw_module`): each takes an
// operation number and dispatches to a table that client.js and store.js fill in (through
// core.js): `N` for operations on numbers, `S` for those carrying strings, `B` for bytes.
// Module functions, not methods of an object handed to the core: no JavaScript value lives in
// the wasm.
export const N = [];
export const S = [];
export const B = [];
// `n` is imported by the wasm as it is (scripts/minify-names.mjs drops wasm-bindgen's wrapper):
// its u32 arguments arrive as signed i32, made unsigned here.
export const n = (op, a, b, c) => N[op](a >>> 0, b >>> 0, c);
export const s = (op, a, b, c, x, y, z) => S[op](a, b, c, x, y, z);
export const b = (op, a, b, data) => B[op](a, b, data);
