//! docs/spec-format.md documents every key of every mapping of the spec format, exactly once,
//! under a heading named after the mapping: its tables are compared with the decoder's.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[test]
fn the_format_reference_lists_exactly_the_keys_the_decoder_knows() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/spec-format.md");
    let text = std::fs::read_to_string(path).unwrap();
    let mut documented: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("### ") {
            current = Some(h.trim().trim_matches('`').to_owned());
            documented
                .entry(h.trim().trim_matches('`').to_owned())
                .or_default();
        } else if line.starts_with("## ") {
            current = None;
        } else if let (Some(shape), Some(row)) = (&current, line.strip_prefix("| `")) {
            if let Some((key, _)) = row.split_once('`') {
                documented
                    .entry(shape.clone())
                    .or_default()
                    .push(key.to_owned());
            }
        }
    }
    for shape in specgen::shape::all_shapes() {
        let keys = documented
            .get(shape.name)
            .unwrap_or_else(|| panic!("docs/spec-format.md has no `### {}` section", shape.name));
        let unique: BTreeSet<&String> = keys.iter().collect();
        assert_eq!(
            unique.len(),
            keys.len(),
            "{}: a key is documented twice",
            shape.name
        );
        let expected: BTreeSet<String> = shape.all_keys().map(|k| k.name.to_owned()).collect();
        let got: BTreeSet<String> = keys.iter().cloned().collect();
        assert_eq!(
            got, expected,
            "the keys documented for {} differ from the decoder's",
            shape.name
        );
    }
}
