//! `plugwire`: the dev socket server and CLI (filled in by its own issue).

fn main() {
    println!("plugwire {}", env!("CARGO_PKG_VERSION"));
}
