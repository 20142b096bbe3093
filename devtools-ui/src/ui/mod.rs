//! The components: the frame (`shell`), one module per tab, and the JSON tree.

pub mod connection;
pub mod log;
pub mod shell;
pub mod simulator;
pub mod tree;
