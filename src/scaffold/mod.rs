//! Files that `configure` and `jwt-template` write: embedded handlebars sources, safe writes, diffs.

pub mod write;
