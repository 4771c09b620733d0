//! No input makes the generator panic: real specs, mangled in many ways, go through the whole
//! pipeline and come out as generated files or as diagnostics.

use std::fs;
use std::path::Path;

use proptest::prelude::*;

fn spec_files() -> Vec<(Vec<String>, String)> {
    fn walk(dir: &Path, rel: &mut Vec<String>, out: &mut Vec<(Vec<String>, String)>) {
        let mut entries: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap()).collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            rel.push(name.clone());
            if entry.path().is_dir() {
                walk(&entry.path(), rel, out);
            } else if name.ends_with(".yaml") {
                out.push((rel.clone(), fs::read_to_string(entry.path()).unwrap()));
            }
            rel.pop();
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs"),
        &mut Vec::new(),
        &mut out,
    );
    out
}

#[derive(Clone, Debug)]
enum Edit {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Indent(usize, bool),
    Insert(usize, String),
    Truncate(usize),
    ReplaceWord(usize, String),
}

fn edit() -> impl Strategy<Value = Edit> {
    let junk = prop_oneof![
        Just(":".to_owned()),
        Just("- ".to_owned()),
        Just("[".to_owned()),
        Just("{}".to_owned()),
        Just("\t".to_owned()),
        Just("\"".to_owned()),
        Just("&a ".to_owned()),
        Just("*a".to_owned()),
        Just("!!str ".to_owned()),
        Just("---\n".to_owned()),
        Just("type: list<".to_owned()),
        Just("kind: check".to_owned()),
        Just("\"[9,1]\"".to_owned()),
        Just("é".to_owned()),
        "\\PC{0,6}",
    ];
    let words = prop_oneof![
        Just("string".to_owned()),
        Just("i32".to_owned()),
        Just("list<string>".to_owned()),
        Just("true".to_owned()),
        Just("json_text".to_owned()),
        Just("comma_list".to_owned()),
        Just("numbered".to_owned()),
        Just("query".to_owned()),
        Just("path".to_owned()),
        Just("\"[0,)\"".to_owned()),
        Just("self".to_owned()),
        Just("type".to_owned()),
        Just("RDS".to_owned()),
        Just("".to_owned()),
    ];
    prop_oneof![
        any::<usize>().prop_map(Edit::DeleteLine),
        any::<usize>().prop_map(Edit::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        (any::<usize>(), any::<bool>()).prop_map(|(a, b)| Edit::Indent(a, b)),
        (any::<usize>(), junk).prop_map(|(a, s)| Edit::Insert(a, s)),
        any::<usize>().prop_map(Edit::Truncate),
        (any::<usize>(), words).prop_map(|(a, s)| Edit::ReplaceWord(a, s)),
    ]
}

fn apply(text: &str, edit: &Edit) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    if lines.is_empty() {
        return text.to_owned();
    }
    let n = lines.len();
    match edit {
        Edit::DeleteLine(i) => {
            lines.remove(i % n);
        }
        Edit::DuplicateLine(i) => {
            let l = lines[i % n].clone();
            lines.insert(i % n, l);
        }
        Edit::SwapLines(a, b) => lines.swap(a % n, b % n),
        Edit::Indent(i, more) => {
            let l = &mut lines[i % n];
            if *more {
                l.insert_str(0, "  ");
            } else if let Some(rest) = l.strip_prefix("  ") {
                *l = rest.to_owned();
            }
        }
        Edit::Insert(i, s) => {
            let l = &mut lines[i % n];
            let at = l
                .char_indices()
                .map(|(k, _)| k)
                .nth(i % (l.chars().count() + 1))
                .unwrap_or(l.len());
            l.insert_str(at, s);
        }
        Edit::Truncate(i) => {
            let joined = lines.join("\n");
            let at = joined
                .char_indices()
                .map(|(k, _)| k)
                .nth(i % (joined.chars().count() + 1))
                .unwrap_or(joined.len());
            return joined[..at].to_owned();
        }
        Edit::ReplaceWord(i, w) => {
            let l = &mut lines[i % n];
            if let Some((key, _)) = l.split_once(": ") {
                *l = format!("{key}: {w}");
            }
        }
    }
    lines.join("\n") + "\n"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn mangled_specs_never_panic_the_generator(file in any::<prop::sample::Index>(), edits in prop::collection::vec(edit(), 1..5)) {
        let mut files = spec_files();
        let i = file.index(files.len());
        let mut text = files[i].1.clone();
        for e in &edits {
            text = apply(&text, e);
        }
        files[i].1 = text;
        let (sources, result) = specgen::build_sources(files, "specs", "cloud_backup_sdk");
        if let Err(errors) = result {
            // Every diagnostic renders, and points into a spec file.
            let rendered = errors.render(&sources, false);
            prop_assert!(rendered.contains("error:"));
            prop_assert!(!errors.items.is_empty());
        }
    }
}
