//! The end-to-end suite of specgen and cloud-backup-sdk lives in `tests/`. The README's Rust
//! examples are compiled and run as this crate's doctests.

#![doc = include_str!("../../README.md")]

pub mod emulator;
pub mod synthetic;
