//! What the native tests of the client play of a host: the text frames sent, and the payloads
//! the core asks the host to keep (see `crate::payload`).

use crate::command::Cmd;
use crate::engine::{Frame, Io};
use crate::prelude::*;
use alloc::collections::BTreeMap;

/// The text frames the commands send.
pub fn sent(cmds: &[Cmd]) -> Vec<String> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Io(_, Io::SendFrames { frames, .. }) => Some(frames),
            _ => None,
        })
        .flatten()
        .filter_map(|f| match f {
            Frame::Text(t) => Some(t.clone()),
            Frame::Binary(_) => None,
        })
        .collect()
}

/// Keeps the text of each payload the commands ask to parse from `text` (a real host keeps the
/// parsed value).
pub fn keep_parsed(text: &str, cmds: &[Cmd], held: &mut BTreeMap<u32, String>) {
    for c in cmds {
        if let Cmd::Parse { id, span, .. } = c {
            held.insert(*id, span.in_text(text).unwrap_or_default().to_owned());
        }
    }
}
