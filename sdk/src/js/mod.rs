//! The JavaScript host's boundary.
//!
//! - [`abi`]: the one table of the numbers that cross it (`pkg/src/abi.js` is generated from
//!   it), built natively too so that a test can check the generated file;
//! - `bindings` (the npm package's build, feature `bundle`): the `Core` object the package's
//!   JavaScript drives, carrying out the sans-IO client's commands through the host's three
//!   functions, imported from `pkg/src/host.js`. Any other wasm build leaves it out: a Rust
//!   app's wasm (`web`) carries no JavaScript exports it never calls, and the browser tests'
//!   binaries import no module that only the package has.

pub mod abi;

#[cfg(all(target_arch = "wasm32", feature = "bundle"))]
mod bindings;
#[cfg(all(target_arch = "wasm32", feature = "bundle"))]
mod store;
#[cfg(all(target_arch = "wasm32", feature = "bundle"))]
pub use bindings::{Core, Host};
