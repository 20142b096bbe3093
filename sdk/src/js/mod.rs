//! The JavaScript host's boundary.
//!
//! - [`abi`]: the one table of the numbers that cross it (`pkg/src/abi.js` is generated from
//!   it), built natively too so that a test can check the generated file;
//! - `bindings` (wasm32): the `Core` object the npm package's JavaScript drives, carrying out
//!   the sans-IO client's commands through the host's three functions (`pkg/src/host.js`). A
//!   build with the Rust host (`web`) leaves it out, so a Rust app's wasm carries no JavaScript exports it never
//!   calls. (It is not a default feature of its own: a default feature changes the crate's
//!   symbol hashes, and with them the published bundle, by a few bytes.)

pub mod abi;

#[cfg(all(target_arch = "wasm32", not(feature = "web")))]
mod bindings;
#[cfg(all(target_arch = "wasm32", not(feature = "web")))]
mod store;
#[cfg(all(target_arch = "wasm32", not(feature = "web")))]
pub use bindings::{Core, Host};
