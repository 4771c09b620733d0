//! The golden crate: what specgen generates from `tests/fixtures/specs`, a fixture service
//! that uses every feature of the spec format, compiled against the real runtime
//! (`cloud-backup-runtime`, re-exported here as `crate::runtime`, where generated code looks
//! for it). A test in `tests/` regenerates `src/gen/` and compares it byte for byte, so a generator
//! change shows up here as a readable diff.

#![deny(missing_docs)]

pub use cloud_backup_runtime as runtime;

// Generated code is laid out by prettyplease, not rustfmt.
#[rustfmt::skip]
#[path = "gen/mod.rs"]
mod generated;

pub use generated::*;

/// Every operation of the fixture.
pub fn operations() -> &'static [runtime::OperationInfo] {
    generated::OPERATIONS
}
