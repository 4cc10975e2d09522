//! Files that `configure` and `jwt-template` write: embedded handlebars sources, safe writes, diffs.

pub mod answers;
pub mod check;
pub mod config_edit;
pub mod detect;
pub mod render;
pub mod routes;
pub mod transaction;
pub mod write;
