//! Presence channels, as laravel-echo-server keeps them: who is in each `presence-*` channel.
//!
//! A member is `{user_id, user_info}`. In production `user_info` comes from the app's auth
//! endpoint; here the client says who it is in its subscription's `auth.user` (any JSON object;
//! `user_id` is its `id`), or is known by its socket id. One user may be subscribed from several
//! sockets (tabs): it joins when its first socket subscribes and leaves when its last one goes,
//! and the member list holds each user once.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::Serialize;
use serde_json::{json, Value};

/// Whether `channel` is a presence channel (Echo's `presence-` prefix, or `presence.` in the
/// platform's dotted style).
pub fn is_presence(channel: &str) -> bool {
    channel.starts_with("presence-") || channel.starts_with("presence.")
}

/// One member, in laravel-echo-server's shape.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    /// The user's id.
    pub user_id: Value,
    /// What the client told about the user.
    pub user_info: Value,
}

impl Member {
    /// The member a subscription's `auth` describes, or `socket` when it says nothing.
    pub fn from_auth(auth: Option<&Value>, socket: &str) -> Member {
        match auth.and_then(|a| a.get("user")).filter(|u| u.is_object()) {
            Some(user) => Member {
                user_id: user.get("id").cloned().unwrap_or_else(|| json!(socket)),
                user_info: user.clone(),
            },
            None => Member {
                user_id: json!(socket),
                user_info: json!({ "id": socket }),
            },
        }
    }
}

/// What a subscription changed, for the caller to announce.
#[derive(Debug, PartialEq)]
pub struct Joined {
    /// Everyone in the channel now, each user once (for `presence:subscribed`).
    pub members: Vec<Member>,
    /// Whether the user is new to the channel (then others get `presence:joining`).
    pub is_new: bool,
}

/// Members per channel, as (socket id, member) pairs.
#[derive(Debug, Default)]
pub struct Presence(Mutex<HashMap<String, Vec<(String, Member)>>>);

fn unique(entries: &[(String, Member)]) -> Vec<Member> {
    let mut out: Vec<Member> = Vec::new();
    for (_, m) in entries {
        if !out.iter().any(|o| o.user_id == m.user_id) {
            out.push(m.clone());
        }
    }
    out
}

impl Presence {
    /// `socket` subscribes to `channel` as `member` (again: its member is replaced).
    pub fn join(&self, channel: &str, socket: &str, member: Member) -> Joined {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let entries = map.entry(channel.to_owned()).or_default();
        entries.retain(|(s, _)| s != socket);
        let is_new = !entries.iter().any(|(_, m)| m.user_id == member.user_id);
        entries.push((socket.to_owned(), member));
        Joined {
            members: unique(entries),
            is_new,
        }
    }

    /// `socket` leaves `channel`; returns the member whose last socket it was.
    pub fn leave(&self, channel: &str, socket: &str) -> Option<Member> {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let entries = map.get_mut(channel)?;
        let at = entries.iter().position(|(s, _)| s == socket)?;
        let (_, member) = entries.remove(at);
        let still_there = entries.iter().any(|(_, m)| m.user_id == member.user_id);
        if entries.is_empty() {
            map.remove(channel);
        }
        (!still_there).then_some(member)
    }

    /// `socket` disconnected: leaves every channel; returns (channel, member) for each user gone.
    pub fn leave_all(&self, socket: &str) -> Vec<(String, Member)> {
        let channels: Vec<String> = {
            let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
            map.iter()
                .filter(|(_, e)| e.iter().any(|(s, _)| s == socket))
                .map(|(c, _)| c.clone())
                .collect()
        };
        channels
            .into_iter()
            .filter_map(|c| self.leave(&c, socket).map(|m| (c, m)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: u32) -> Member {
        Member::from_auth(
            Some(&json!({ "user": { "id": id, "name": format!("u{id}") } })),
            "s",
        )
    }

    #[test]
    fn members_are_unique_per_user_and_leave_with_their_last_socket() {
        let p = Presence::default();
        assert!(p.join("presence-a", "s1", user(1)).is_new);
        let j = p.join("presence-a", "s2", user(2));
        assert!(j.is_new);
        assert_eq!(j.members, [user(1), user(2)]);
        let again = p.join("presence-a", "s3", user(1));
        assert!(!again.is_new, "a second tab of user 1");
        assert_eq!(again.members.len(), 2);
        assert_eq!(p.leave("presence-a", "s1"), None, "user 1 still has s3");
        assert_eq!(p.leave_all("s3"), [("presence-a".to_owned(), user(1))]);
        assert_eq!(p.leave("presence-a", "s2"), Some(user(2)));
        assert_eq!(p.leave("presence-a", "s2"), None);
    }

    #[test]
    fn a_client_without_user_is_its_socket() {
        let m = Member::from_auth(Some(&json!({ "headers": {} })), "abc");
        assert_eq!(m.user_id, json!("abc"));
        assert_eq!(m.user_info, json!({ "id": "abc" }));
        assert!(is_presence("presence-chat") && is_presence("presence.Chat.1"));
        assert!(!is_presence("private-chat"));
    }
}
