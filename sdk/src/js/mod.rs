//! The JavaScript host's boundary.
//!
//! - [`abi`]: the one table of the numbers that cross it (`pkg/src/abi.js` is generated from
//!   it), built natively too so that a test can check the generated file;
//! - `bindings` (wasm32): the `Core` object the npm package's JavaScript drives, carrying out
//!   the sans-IO client's commands through the host's three methods.

pub mod abi;

#[cfg(all(target_arch = "wasm32", feature = "js"))]
mod bindings;
#[cfg(all(target_arch = "wasm32", feature = "js"))]
mod store;
#[cfg(all(target_arch = "wasm32", feature = "js"))]
pub use bindings::{Core, Host};
