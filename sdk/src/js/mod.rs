//! JavaScript bindings (wasm32 only): a thin layer over the Rust API.

use wasm_bindgen::prelude::*;

/// The plugwire version, e.g. `"0.1.0"`.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_owned()
}
