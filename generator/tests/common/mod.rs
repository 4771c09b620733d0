//! Helpers shared by specgen's integration tests.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Builds the bad-spec corpus's valid base (`tests/bad-specs/base`) with `Demo.yaml` replaced
/// by `demo`; panics with the rendered diagnostics if it does not build.
pub fn build_demo(demo: &str) -> specgen::Generated {
    let base = root().join("tests/bad-specs/base/example/demo");
    let mut files = vec![(
        vec!["example".into(), "demo".into(), "Demo.yaml".into()],
        demo.to_owned(),
    )];
    for name in ["service.yaml", "pages/Demo.txt"] {
        let mut components = vec!["example".to_owned(), "demo".to_owned()];
        components.extend(name.split('/').map(str::to_owned));
        files.push((components, fs::read_to_string(base.join(name)).unwrap()));
    }
    let (sources, result) = specgen::build_sources(files, "specs", "example");
    match result {
        Ok(generated) => generated,
        Err(e) => panic!("{}", e.render(&sources, false)),
    }
}

/// The start of a `Demo.yaml` for [`build_demo`]: the operation and its first parameter,
/// `Name` (an optional string); the rest of `parameters` follows.
pub const DEMO_HEAD: &str = "operation: Demo
description: A demo.
source:
  document: pages/Demo.txt
  title: Demo
http:
  method: POST
  path: /
parameters:
  - name: Name
    type: string
    in: json
    description: A name.
";
