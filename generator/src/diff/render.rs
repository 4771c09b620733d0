//! A report: the changes, the verdict and the generated files that change, written as text
//! for terminals, JSON for tools, or Markdown for pull-request comments.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use super::{Change, ChangeKind, Verdict, diff, verdict};
use crate::model::Model;

/// A generated file that changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileChange {
    /// Path relative to the generated crate.
    pub path: String,
    /// `added`, `removed` or `modified`.
    pub status: &'static str,
    /// Lines added (every line, for a file added).
    pub added: usize,
    /// Lines removed (every line, for a file removed).
    pub removed: usize,
}

/// The generated files that differ, with their line counts.
pub fn file_changes(
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
) -> Vec<FileChange> {
    let paths: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    let mut out = Vec::new();
    for path in paths {
        let (o, n) = (old.get(path), new.get(path));
        if o == n {
            continue;
        }
        let (o, n) = (o.map_or("", String::as_str), n.map_or("", String::as_str));
        let diff = similar::TextDiff::from_lines(o, n);
        let (mut added, mut removed) = (0, 0);
        for change in diff.iter_all_changes() {
            match change.tag() {
                similar::ChangeTag::Insert => added += 1,
                similar::ChangeTag::Delete => removed += 1,
                similar::ChangeTag::Equal => {}
            }
        }
        let status = match (old.contains_key(path), new.contains_key(path)) {
            (false, _) => "added",
            (_, false) => "removed",
            _ => "modified",
        };
        out.push(FileChange {
            path: path.clone(),
            status,
            added,
            removed,
        });
    }
    out
}

/// A whole report: the changes, the verdict, and the generated files that change.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The bump the changes need together: `none` when there are none.
    pub verdict: Verdict,
    /// Every change, sorted by operation, path, kind and summary.
    pub changes: Vec<Change>,
    /// The generated files that change; a change of the model always changes one, and a
    /// file can change with no change of the model (a new generator, say).
    pub files: Vec<FileChange>,
}

impl Report {
    /// Compares the models and the files generated from each.
    pub fn new(
        old: &Model,
        new: &Model,
        old_files: &BTreeMap<String, String>,
        new_files: &BTreeMap<String, String>,
    ) -> Report {
        let changes = diff(old, new);
        Report {
            verdict: verdict(&changes),
            changes,
            files: file_changes(old_files, new_files),
        }
    }

    /// The JSON report: this struct, pretty-printed, ending with a line break.
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// The text report for terminals; with `color`, ANSI colours mark breaking changes.
    pub fn text(&self, color: bool) -> String {
        let paint = |code: &str, s: &str| {
            if color {
                format!("\x1b[{code}m{s}\x1b[0m")
            } else {
                s.to_owned()
            }
        };
        let mut out = String::new();
        if self.changes.is_empty() {
            out.push_str("no changes\n");
        }
        let mut current = None;
        for c in &self.changes {
            if current != Some(&c.operation) {
                out.push_str(&format!("\n{}\n", paint("1", &c.operation)));
                current = Some(&c.operation);
            }
            let tag = match c.verdict() {
                Verdict::Major => paint("31", "major"),
                Verdict::Minor => paint("33", "minor"),
                _ => paint("2", "patch"),
            };
            let breaks = match (c.breaking_api, c.breaking_wire) {
                (true, true) => " [breaks API and wire]",
                (true, false) => " [breaks API]",
                (false, true) => " [breaks wire]",
                (false, false) => "",
            };
            out.push_str(&format!("  {tag}  {}: {}{breaks}\n", c.kind, c.summary));
        }
        if !self.files.is_empty() {
            out.push_str("\ngenerated files:\n");
            for f in &self.files {
                out.push_str(&format!(
                    "  {:<8} {} (+{} -{})\n",
                    f.status, f.path, f.added, f.removed
                ));
            }
        }
        out.push_str(&format!(
            "\nverdict: {}\n",
            paint("1", &self.verdict.to_string())
        ));
        out.trim_start().to_owned()
    }

    /// The Markdown report for pull-request comments: a summary table, then details per
    /// operation.
    pub fn markdown(&self) -> String {
        let mut out = format!("## Spec changes: **{}** version bump\n\n", self.verdict);
        if self.changes.is_empty() {
            out.push_str("No changes.\n");
            return out;
        }
        let mut per_op: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
        for c in &self.changes {
            per_op.entry(c.operation.as_str()).or_default().push(c);
        }
        out.push_str("| operation | changes | breaking API | breaking wire | bump |\n| --- | --- | --- | --- | --- |\n");
        for (op, cs) in &per_op {
            let api = cs.iter().filter(|c| c.breaking_api).count();
            let wire = cs.iter().filter(|c| c.breaking_wire).count();
            let bump = cs
                .iter()
                .map(|c| c.verdict())
                .max()
                .unwrap_or(Verdict::None);
            out.push_str(&format!(
                "| `{op}` | {} | {api} | {wire} | {bump} |\n",
                cs.len()
            ));
        }
        for (op, cs) in &per_op {
            out.push_str(&format!(
                "\n### `{op}`\n\n| | kind | parameter | old → new | bump | change |\n| --- | --- | --- | --- | --- | --- |\n"
            ));
            let mut texts: Vec<(&Change, &str, &str)> = Vec::new();
            for c in cs {
                let values = match (&c.old, &c.new) {
                    (Value::String(o), Value::String(n))
                        if c.kind == ChangeKind::DocChanged || is_text(o) || is_text(n) =>
                    {
                        texts.push((c, o, n));
                        "text, below".to_owned()
                    }
                    (Value::Null, Value::Null) => String::new(),
                    (o, n) => format!("{} → {}", cell_value(o), cell_value(n)),
                };
                let mark = match (c.breaking_api, c.breaking_wire) {
                    (true, true) => "💥 API, wire",
                    (true, false) => "💥 API",
                    (false, true) => "⚠️ wire",
                    (false, false) => "",
                };
                let path = c
                    .path
                    .as_deref()
                    .map_or(String::new(), |p| format!("`{p}`"));
                out.push_str(&format!(
                    "| {mark} | `{}` | {path} | {values} | {} | {} |\n",
                    c.kind,
                    c.verdict(),
                    c.summary.replace('|', "\\|")
                ));
            }
            if !texts.is_empty() {
                out.push_str("\n<details><summary>Documentation changes</summary>\n");
                for (c, o, n) in texts {
                    let what = c.path.clone().unwrap_or_else(|| c.kind.to_string());
                    out.push_str(&format!("\n`{what}`:\n\n```diff\n"));
                    for line in o.lines() {
                        out.push_str(&format!("-{line}\n"));
                    }
                    for line in n.lines() {
                        out.push_str(&format!("+{line}\n"));
                    }
                    out.push_str("```\n");
                }
                out.push_str("\n</details>\n");
            }
        }
        if !self.files.is_empty() {
            out.push_str("\n<details><summary>Generated files</summary>\n\n| file | | + | - |\n| --- | --- | --- | --- |\n");
            for f in &self.files {
                out.push_str(&format!(
                    "| `{}` | {} | {} | {} |\n",
                    f.path, f.status, f.added, f.removed
                ));
            }
            out.push_str("\n</details>\n");
        }
        out
    }
}

/// Whether a value is prose (shown as a text diff) rather than a value (shown in a cell).
fn is_text(s: &str) -> bool {
    s.len() > 60 || s.contains('\n')
}

/// A value in a Markdown table cell: compact JSON in code, `|` escaped, at most 60 characters.
fn cell_value(v: &Value) -> String {
    if v.is_null() {
        return "—".to_owned();
    }
    let text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let short: String = if text.chars().count() > 60 {
        text.chars().take(59).chain(['…']).collect()
    } else {
        text
    };
    format!("`{}`", short.replace('|', "\\|").replace('`', "'"))
}
