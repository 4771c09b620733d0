//! The runtime's modules are layered: each uses only modules below it, so there is no import
//! cycle and each layer can be read, tested and changed without those above it. This test
//! reads every module's source (its test module left out) and checks each `crate::<module>`
//! path it names against the order below.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// From the bottom up. A module may use any module of an earlier line, and none of its own
/// line or a later one.
const LAYERS: &[&[&str]] = &[
    // The shared words and the checks that need nothing else.
    &["vocabulary", "basis", "formats", "pattern"],
    &["validation"],
    &["wire", "encode"],
    &["json"],
    &["object"],
    &["dynamic"],
    // The client: the HTTP exchange, signing, configuration, errors, each provider's protocol.
    &["transport", "sign"],
    &["credentials"],
    &["config"],
    &["error"],
    &["protocol", "reqwest_transport"],
    &["client"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The modules a source names as `crate::<module>` outside its tests; macro bodies' `$crate`
/// paths are left out: they are resolved where the macro is used.
fn uses(source: &str) -> BTreeSet<String> {
    let code = source.split("#[cfg(test)]").next().unwrap_or_default();
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().last();
        let after = &rest[at + "crate::".len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '_')
            .collect();
        if before != Some('$') && !name.is_empty() {
            out.insert(name);
        }
        rest = after;
    }
    out
}

#[test]
fn each_module_uses_only_modules_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut seen = Vec::new();
    let mut wrong = Vec::new();
    for entry in fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let module = if path.is_dir() {
            file.clone()
        } else if let Some(m) = file.strip_suffix(".rs") {
            m.to_owned()
        } else {
            continue;
        };
        if module == "lib" {
            continue;
        }
        let layer = layer_of(&module)
            .unwrap_or_else(|| panic!("module `{module}` is in no layer: add it to LAYERS"));
        seen.push(module.clone());
        let sources: Vec<String> = if path.is_dir() {
            fs::read_dir(&path)
                .unwrap()
                .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
                .collect()
        } else {
            vec![fs::read_to_string(&path).unwrap()]
        };
        for source in &sources {
            for used in uses(source) {
                if used == module {
                    continue;
                }
                // Names at the crate root (re-exports, `crate::Field`) are not modules.
                let Some(below) = layer_of(&used) else {
                    continue;
                };
                if below >= layer {
                    wrong.push(format!("{module} uses {used}"));
                }
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "modules using a module not below them: {wrong:?}"
    );
    // Every layer names modules that exist, so the list cannot go stale.
    for module in LAYERS.iter().flat_map(|l| l.iter()) {
        assert!(
            seen.iter().any(|m| m == module),
            "LAYERS names a missing module `{module}`"
        );
    }
}

#[test]
fn the_reader_sees_uses_and_skips_macro_paths_and_tests() {
    let source = "use crate::object::Value;\nfn f() { $crate::wire::x(); crate::Field; }\n\
                  #[cfg(test)]\nmod tests { use crate::client::Client; }";
    // `crate::Field` names a root item, not a module: only the lower-case `object` is one.
    assert_eq!(uses(source).into_iter().collect::<Vec<_>>(), ["object"]);
}
