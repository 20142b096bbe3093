//! Channel authorisation rules: which `subscribe` requests the dev server refuses, so a plugin's
//! "subscription failed" path can be exercised without the production auth endpoint.
//!
//! A rules file is a JSON array, read once at start-up; the first rule whose `channel` pattern
//! matches decides (`*` matches any run of characters):
//!
//! ```json
//! [
//!   { "channel": "private-Admin.*", "status": 403 },
//!   { "channel": "private-*", "status": 401, "unless": { "authorization": "Bearer dev-token" } }
//! ]
//! ```
//!
//! A matching rule refuses with its `status` (403 when absent), unless the subscription's
//! `auth.headers` carry every header of `unless` (names compared case-insensitively, values
//! exactly). A channel no rule matches is allowed.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

/// One rule of the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Channel pattern; `*` matches any run of characters.
    pub channel: String,
    /// HTTP-like status of the refusal (as laravel-echo-server forwards the auth endpoint's).
    #[serde(default = "forbidden")]
    pub status: u16,
    /// Headers that, all present in `auth.headers`, let the subscription through.
    #[serde(default)]
    pub unless: BTreeMap<String, String>,
}

fn forbidden() -> u16 {
    403
}

/// Why the rules could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The file could not be read.
    #[error("cannot read the channel rules {file}: {source}")]
    Read {
        /// The file.
        file: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a JSON array of rules.
    #[error("invalid channel rules {file}: {message}")]
    Invalid {
        /// The file.
        file: String,
        /// The parse error, with line and column.
        message: String,
    },
}

/// The rules, in order.
#[derive(Debug, Clone, Default)]
pub struct Rules(Vec<Rule>);

impl Rules {
    /// Rules from a file, followed by `deny` patterns (each refused with 403).
    pub fn load(file: Option<&Path>, deny: &[String]) -> Result<Self, RulesError> {
        let mut rules = match file {
            None => Vec::new(),
            Some(path) => {
                let name = path.display().to_string();
                let text = std::fs::read_to_string(path).map_err(|source| RulesError::Read {
                    file: name.clone(),
                    source,
                })?;
                serde_json::from_str::<Vec<Rule>>(&text).map_err(|e| RulesError::Invalid {
                    file: name,
                    message: e.to_string(),
                })?
            }
        };
        rules.extend(deny.iter().map(|p| Rule {
            channel: p.clone(),
            status: forbidden(),
            unless: BTreeMap::new(),
        }));
        Ok(Rules(rules))
    }

    /// How many rules there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Err(status)` when a subscription to `channel` with these `auth` data is refused.
    pub fn check(&self, channel: &str, auth: Option<&Value>) -> Result<(), u16> {
        let Some(rule) = self.0.iter().find(|r| glob(&r.channel, channel)) else {
            return Ok(());
        };
        let headers = auth
            .and_then(|a| a.get("headers"))
            .and_then(Value::as_object);
        let header = |name: &str| {
            headers.and_then(|h| {
                h.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .and_then(|(_, v)| v.as_str())
            })
        };
        let let_through = !rule.unless.is_empty()
            && rule
                .unless
                .iter()
                .all(|(name, value)| header(name) == Some(value.as_str()));
        if let_through {
            Ok(())
        } else {
            Err(rule.status)
        }
    }
}

/// Whether `text` matches `pattern`, where `*` stands for any run of characters.
fn glob(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty(); // no `*`: exact match
    };
    for part in middle {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn globs() {
        assert!(glob("private-*", "private-a.b"));
        assert!(glob("private-*", "private-"));
        assert!(!glob("private-*", "presence-a"));
        assert!(glob("*.Admin.*", "private.Admin.1"));
        assert!(glob("a*b*c", "aXbYc"));
        assert!(!glob("a*b*c", "aXcYb"));
        assert!(glob("exact", "exact"));
        assert!(!glob("exact", "exact2"));
        assert!(glob("*", ""));
        assert!(!glob("ab*ba", "aba"), "the parts may not overlap");
    }

    #[test]
    fn first_matching_rule_decides_and_headers_let_through() {
        let rules: Vec<Rule> = serde_json::from_value(json!([
            { "channel": "private-Admin.*" },
            { "channel": "private-*", "status": 401, "unless": { "Authorization": "Bearer ok" } }
        ]))
        .unwrap();
        let rules = Rules(rules);
        let auth = |token: &str| json!({ "headers": { "authorization": token } });
        assert_eq!(
            rules.check("private-Admin.1", Some(&auth("Bearer ok"))),
            Err(403)
        );
        assert_eq!(rules.check("private-Chat.1", None), Err(401));
        assert_eq!(
            rules.check("private-Chat.1", Some(&auth("Bearer no"))),
            Err(401)
        );
        assert_eq!(
            rules.check("private-Chat.1", Some(&auth("Bearer ok"))),
            Ok(())
        );
        assert_eq!(rules.check("public", None), Ok(()));
    }

    #[test]
    fn deny_patterns_follow_the_file_rules() {
        let rules = Rules::load(None, &["presence-full.*".into()]).unwrap();
        assert_eq!(rules.check("presence-full.1", None), Err(403));
        assert_eq!(rules.len(), 1);
    }
}
