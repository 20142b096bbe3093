//! The plugin manifest's dependencies: which sockets a plugin gets besides the primary one.

use std::collections::BTreeMap;

use serde::Deserialize;

/// A plugin manifest: its `dependencies` (the same JSON the JavaScript store reads).
///
/// ```
/// use plugwire::web::Manifest;
/// let m: Manifest = serde_json::from_str(r#"{"dependencies": [
///   {"identifier": "badge_printer_1", "model": "BadgePrinter", "events": {"completed": "BadgePrintJobCompleted"}},
///   {"identifiers": ["kiosk_1", "kiosk_2"], "model": "CheckIn"}
/// ]}"#).unwrap();
/// assert_eq!(m.sockets().len(), 3);
/// assert_eq!(m.sockets()[0].channel, "private.BadgePrinter.badge_printer_1");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Manifest {
    /// The dependencies, each with one identifier or several.
    #[serde(default)]
    pub dependencies: Vec<Dependency>,
}

/// One manifest dependency.
///
/// ```
/// use plugwire::web::Dependency;
/// let d: Dependency = serde_json::from_str(r#"{"identifier": "k1", "model": "CheckIn"}"#).unwrap();
/// assert_eq!(d.model, "CheckIn");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Dependency {
    /// One identifier.
    #[serde(default)]
    pub identifier: Option<String>,
    /// Several identifiers sharing the model and events.
    #[serde(default)]
    pub identifiers: Vec<String>,
    /// The model, part of the channel name.
    pub model: String,
    /// Event types (`completed`) to event names (`BadgePrintJobCompleted`).
    #[serde(default)]
    pub events: BTreeMap<String, String>,
}

/// A dependency socket: one identifier of a dependency, on its channel.
///
/// ```
/// use plugwire::web::{Dependency, Manifest};
/// let m = Manifest { dependencies: vec![Dependency {
///     identifier: Some("p1".into()), model: "Printer".into(), ..Dependency::default()
/// }] };
/// assert_eq!(m.sockets()[0].identifier, "p1");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DependencySocket {
    /// Its identifier.
    pub identifier: String,
    /// Its model.
    pub model: String,
    /// `private.{model}.{identifier}`.
    pub channel: String,
    /// Event types to event names.
    pub events: BTreeMap<String, String>,
}

impl Manifest {
    /// Every dependency socket, one per identifier, in order (empty identifiers are skipped).
    ///
    /// ```
    /// # use plugwire::web::Manifest;
    /// assert!(Manifest::default().sockets().is_empty());
    /// ```
    pub fn sockets(&self) -> Vec<DependencySocket> {
        let mut out = Vec::new();
        for d in &self.dependencies {
            let ids = d.identifier.iter().chain(d.identifiers.iter());
            for id in ids.filter(|i| !i.is_empty()) {
                out.push(DependencySocket {
                    identifier: id.clone(),
                    model: d.model.clone(),
                    channel: format!("private.{}.{}", d.model, id),
                    events: d.events.clone(),
                });
            }
        }
        out
    }
}
