//! The drafts crate: what specgen generates from `tests/import/specs`, the specs `specgen import`
//! drafts from the five page snapshots under `specs/` (`scripts/import-drafts` redrafts them),
//! compiled against the real runtime. It shows that a draft builds as it is, before its author
//! has settled a single note.

pub use cloud_backup_runtime as runtime;

// Generated code is laid out by prettyplease, not rustfmt.
#[rustfmt::skip]
#[path = "gen/mod.rs"]
mod generated;

pub use generated::*;

/// Every drafted operation.
pub fn operations() -> &'static [runtime::OperationInfo] {
    generated::OPERATIONS
}
