//! Event templates: `socket-events/*.json` files of shape `{event, channel, data}`.
//!
//! The catalog reloads itself when the directory changes (files added, removed or edited). A
//! broken file is reported with its name and the parse error's line and column; the other files
//! still load. Files are read through [`crate::files`]: regular files inside the folder only,
//! up to a size limit, so a FIFO or a symlink to a device is reported rather than read.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

use serde::Serialize;
use serde_json::Value;

/// One event template.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Template {
    /// Event name (what plugin code listens for).
    pub event: String,
    /// Broadcasting channel, e.g. `private.CheckIn.checkin_kiosk_1`.
    pub channel: Option<String>,
    /// Event payload.
    pub data: Value,
    /// File name inside the templates directory.
    pub file: String,
}

/// A template file that could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateError {
    /// File name inside the templates directory.
    pub file: String,
    /// What is wrong (the position is in `line` and `column`).
    pub message: String,
    /// 1-based line of a JSON syntax error (0 when not a syntax error).
    pub line: usize,
    /// 1-based column of a JSON syntax error (0 when not a syntax error).
    pub column: usize,
}

/// Reads one template from its JSON text.
pub fn parse_template(file: &str, text: &str) -> Result<Template, TemplateError> {
    let err = |message: String, line, column| TemplateError {
        file: file.to_owned(),
        message,
        line,
        column,
    };
    let value: Value = serde_json::from_str(text).map_err(|e| {
        // serde's message ends with the position, which is reported in its own fields.
        let full = e.to_string();
        let at = format!(" at line {} column {}", e.line(), e.column());
        let message = full.strip_suffix(&at).unwrap_or(&full).to_owned();
        err(message, e.line(), e.column())
    })?;
    let Value::Object(mut obj) = value else {
        return Err(err(
            "a template must be a JSON object {event, channel, data}".into(),
            0,
            0,
        ));
    };
    let event = match obj.remove("event") {
        Some(Value::String(s)) if !s.trim().is_empty() => s,
        _ => return Err(err("\"event\" must be a non-empty string".into(), 0, 0)),
    };
    let channel = match obj.remove("channel") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(_) => return Err(err("\"channel\" must be a string".into(), 0, 0)),
    };
    Ok(Template {
        event,
        channel,
        data: obj.remove("data").unwrap_or(Value::Null),
        file: file.to_owned(),
    })
}

/// Rewrites the identifier of a `private.{Model}.{identifier}` channel.
pub fn rewrite_channel(channel: &str, identifier: &str) -> Result<String, String> {
    let mut parts = channel.splitn(3, '.');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(scope), Some(model), Some(_)) if !scope.is_empty() && !model.is_empty() => {
            Ok(format!("{scope}.{model}.{identifier}"))
        }
        _ => Err(format!(
            "channel \"{channel}\" does not follow private.{{Model}}.{{identifier}}"
        )),
    }
}

/// Default for [`Catalog::new`]'s and the static files' size limit: 128 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 128 << 20;

/// Lists `dir`'s `*.json` files with what identifies their current version.
fn fingerprint(dir: &Path) -> Fingerprint {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| {
            // Of the target, for a symlink: its edits must reload too. Never opens the file.
            let meta = std::fs::metadata(e.path()).ok();
            (
                e.path(),
                meta.as_ref().and_then(|m| m.modified().ok()),
                meta.map_or(0, |m| m.len()),
            )
        })
        .collect();
    files.sort();
    files
}

/// Reads and parses the template file `path` of `dir` (at most `limit` bytes).
pub fn load_file(dir: &Path, path: &Path, limit: u64) -> Result<Template, TemplateError> {
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let fail = |message: String| TemplateError {
        file: file.clone(),
        message,
        line: 0,
        column: 0,
    };
    let bytes = crate::files::read_limited(dir, path, limit).map_err(|e| fail(e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|_| fail("not UTF-8 text".into()))?;
    parse_template(&file, &text)
}

/// Loads every template in `dir`, sorted by event name.
pub fn load_dir(dir: &Path, limit: u64) -> (Vec<Template>, Vec<TemplateError>) {
    let mut templates = Vec::new();
    let mut errors = Vec::new();
    for (path, _, _) in fingerprint(dir) {
        let loaded = load_file(dir, &path, limit);
        match loaded {
            Ok(t) => templates.push(t),
            Err(e) => errors.push(e),
        }
    }
    templates.sort_by(|a, b| a.event.cmp(&b.event));
    (templates, errors)
}

type Fingerprint = Vec<(PathBuf, Option<SystemTime>, u64)>;

#[derive(Default)]
struct Loaded {
    /// `None` until the directory was read once.
    fingerprint: Option<Fingerprint>,
    templates: Vec<Arc<Template>>,
    errors: Vec<TemplateError>,
}

/// The templates of one directory, reloaded when it changes. Templates are shared (`Arc`):
/// a large one is never copied to be sent.
pub struct Catalog {
    dir: PathBuf,
    limit: u64,
    loaded: RwLock<Loaded>,
}

impl Catalog {
    /// A catalog of `dir`, whose files may be up to `limit` bytes; the first
    /// [`Catalog::refresh`] reads it. Refreshing blocks: call it off the async runtime.
    pub fn new(dir: PathBuf, limit: u64) -> Self {
        Catalog {
            dir,
            limit,
            loaded: RwLock::default(),
        }
    }

    /// The directory the templates come from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Reads the directory again if any file was added, removed or changed since the last
    /// read. Returns whether it did.
    pub fn refresh(&self) -> bool {
        let fp = fingerprint(&self.dir);
        let unchanged = self
            .loaded
            .read()
            .is_ok_and(|l| l.fingerprint.as_ref() == Some(&fp));
        if unchanged {
            return false;
        }
        let (templates, errors) = load_dir(&self.dir, self.limit);
        if let Ok(mut l) = self.loaded.write() {
            *l = Loaded {
                fingerprint: Some(fp),
                templates: templates.into_iter().map(Arc::new).collect(),
                errors,
            };
        }
        true
    }

    /// The loaded templates and the files that failed to load.
    pub fn snapshot(&self) -> (Vec<Arc<Template>>, Vec<TemplateError>) {
        self.loaded
            .read()
            .map(|l| (l.templates.clone(), l.errors.clone()))
            .unwrap_or_default()
    }

    /// The template for `event` (by event name, or by file name without `.json`).
    pub fn find(&self, event: &str) -> Option<Arc<Template>> {
        let l = self.loaded.read().ok()?;
        l.templates
            .iter()
            .find(|t| t.event == event)
            .or_else(|| {
                l.templates
                    .iter()
                    .find(|t| t.file.strip_suffix(".json") == Some(event))
            })
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_template() {
        let t = parse_template(
            "A.json",
            r#"{"event":"A","channel":"private.CheckIn.k1","data":{"id":1}}"#,
        )
        .unwrap();
        assert_eq!(t.event, "A");
        assert_eq!(t.channel.as_deref(), Some("private.CheckIn.k1"));
        assert_eq!(t.data, serde_json::json!({"id": 1}));
        let t = parse_template("B.json", r#"{"event":"B"}"#).unwrap();
        assert_eq!((t.channel, t.data), (None, Value::Null));
    }

    #[test]
    fn reports_syntax_errors_with_line_and_column() {
        let e =
            parse_template("bad.json", "{\n  \"event\": \"X\",\n  \"data\": {,}\n}").unwrap_err();
        assert_eq!(e.file, "bad.json");
        assert_eq!((e.line, e.column), (3, 12));
        assert_eq!(e.message, "key must be a string");
    }

    #[test]
    fn reports_shape_errors() {
        for text in [
            "[]",
            "{}",
            r#"{"event":""}"#,
            r#"{"event":3}"#,
            r#"{"event":"A","channel":1}"#,
        ] {
            let e = parse_template("x.json", text).unwrap_err();
            assert_eq!((e.line, e.column), (0, 0), "{text}");
        }
    }

    #[test]
    fn rewrites_channel_identifiers() {
        assert_eq!(
            rewrite_channel("private.CheckIn.checkin_kiosk_lobby", "kiosk_2").unwrap(),
            "private.CheckIn.kiosk_2"
        );
        assert_eq!(
            rewrite_channel("private.Model.a.b", "c").unwrap(),
            "private.Model.c"
        );
        assert!(rewrite_channel("lobby", "x").is_err());
        assert!(rewrite_channel("private.Model", "x").is_err());
    }

    #[test]
    fn catalog_reloads_when_the_directory_changes() {
        let dir = std::env::temp_dir().join(format!("plugwire-tpl-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("A.json"), r#"{"event":"A","data":1}"#).unwrap();
        let c = Catalog::new(dir.clone(), DEFAULT_MAX_FILE_SIZE);
        assert!(c.refresh(), "the first refresh reads the directory");
        assert_eq!(c.snapshot().0.len(), 1);
        assert!(!c.refresh());
        std::fs::write(dir.join("B.json"), r#"{"event":"B"}"#).unwrap();
        std::fs::write(dir.join("broken.json"), "{").unwrap();
        assert!(c.refresh());
        let (t, e) = c.snapshot();
        assert_eq!(
            t.iter().map(|t| t.event.as_str()).collect::<Vec<_>>(),
            ["A", "B"]
        );
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].file, "broken.json");
        assert_eq!(c.find("B").map(|t| t.file.clone()), Some("B.json".into()));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
