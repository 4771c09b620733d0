//! Synthetic spec sets of any size, for benchmarks of the generator and of the generated crate.
//!
//! Every operation of a synthetic set is a copy of one of the real operations (the seeds, the
//! repository's `specs/`), taken in turn, so that the set has the seeds' mix of parameter types,
//! constraints, enumerations, nested objects, cross-field rules, wire placements and protocols.
//! Operation `i` is a copy of seed `i % seeds` named `<Seed><i>` (`CreateAndStartBackupPlan0042`);
//! it lives in a copy of its seed's service named `<service><block>` (`dbs007`). The number of
//! blocks is chosen so that no service holds more than [`MAX_OPS_PER_SERVICE`] operations, and
//! every block has a copy of every seed service, so each provider has as many services, relative
//! to the others, as it has among the seeds.
//!
//! The copies are made on the text of the specs, line by line, so comments, notes and layout are
//! kept; only what must agree with the new names is changed: the `operation` and `service` keys,
//! the value of the `action` common parameter, and the service's `rate_limits`, which list one
//! entry per operation copied from its seed's entry. Each service copy holds its seed's page
//! snapshots (`pages/`), which the copies cite as their seeds do. The same seeds and size give
//! the same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The most operations a synthetic service holds.
pub const MAX_OPS_PER_SERVICE: usize = 50;

/// A file left in each written spec set, so that writing again may replace the directory.
pub const MARKER_FILE: &str = ".synthetic-specs";

/// The repository's real specs, the default seeds.
pub fn default_seed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("specs"), |root| root.join("specs"))
}

/// Why a spec set could not be made or written.
#[derive(Debug)]
pub enum Error {
    /// A file or directory could not be read or written.
    Io(PathBuf, io::Error),
    /// The seeds are not laid out as `<provider>/<service>/{service.yaml,<Operation>.yaml}`.
    Seeds(String),
    /// The output directory holds files that are not a synthetic spec set.
    NotSynthetic(PathBuf),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io(path, e) => write!(f, "{}: {e}", path.display()),
            Error::Seeds(message) => write!(f, "bad seeds: {message}"),
            Error::NotSynthetic(path) => write!(
                f,
                "{} is not empty and holds no {MARKER_FILE}: refusing to replace it",
                path.display()
            ),
        }
    }
}

impl std::error::Error for Error {}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> Error + '_ {
    move |e| Error::Io(path.to_owned(), e)
}

/// A seed service: its `service.yaml` and its operations, in file-name order.
#[derive(Debug, Clone)]
pub struct SeedService {
    /// The provider directory (`alibabacloud`).
    pub provider: String,
    /// The service directory (`dbs`).
    pub service: String,
    /// The text of `service.yaml`.
    pub service_yaml: String,
    /// The operations: name (the file stem) and text.
    pub operations: Vec<(String, String)>,
    /// The page snapshots of `pages/`: file name and text.
    pub pages: Vec<(String, String)>,
}

/// The seed spec set.
#[derive(Debug, Clone)]
pub struct Seeds {
    /// The services, in path order.
    pub services: Vec<SeedService>,
}

impl Seeds {
    /// Reads the seeds from a spec directory.
    pub fn load(dir: &Path) -> Result<Seeds, Error> {
        let mut services = Vec::new();
        for provider in sorted_entries(dir)? {
            if !provider.is_dir() {
                continue;
            }
            for service in sorted_entries(&provider)? {
                if !service.is_dir() {
                    continue;
                }
                let service_file = service.join("service.yaml");
                let service_yaml =
                    fs::read_to_string(&service_file).map_err(io_err(&service_file))?;
                let mut operations = Vec::new();
                for file in sorted_entries(&service)? {
                    let name = file_name(&file);
                    let Some(stem) = name.strip_suffix(".yaml") else {
                        continue;
                    };
                    if stem == "service" {
                        continue;
                    }
                    let text = fs::read_to_string(&file).map_err(io_err(&file))?;
                    if top_level_value(&text, "operation").as_deref() != Some(stem) {
                        return Err(Error::Seeds(format!(
                            "{}: its `operation` is not `{stem}`",
                            file.display()
                        )));
                    }
                    operations.push((stem.to_owned(), text));
                }
                let mut pages = Vec::new();
                let pages_dir = service.join("pages");
                if pages_dir.is_dir() {
                    for file in sorted_entries(&pages_dir)? {
                        let text = fs::read_to_string(&file).map_err(io_err(&file))?;
                        pages.push((file_name(&file), text));
                    }
                }
                if !operations.is_empty() {
                    services.push(SeedService {
                        provider: file_name(&provider),
                        service: file_name(&service),
                        service_yaml,
                        operations,
                        pages,
                    });
                }
            }
        }
        if services.is_empty() {
            return Err(Error::Seeds(format!(
                "{} holds no operation",
                dir.display()
            )));
        }
        Ok(Seeds { services })
    }

    /// The seed operations in the order synthetic operations cycle through them: (service index,
    /// operation index).
    fn templates(&self) -> Vec<(usize, usize)> {
        self.services
            .iter()
            .enumerate()
            .flat_map(|(s, svc)| (0..svc.operations.len()).map(move |o| (s, o)))
            .collect()
    }
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut entries = fs::read_dir(dir)
        .map_err(io_err(dir))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(io_err(dir))?;
    entries.sort();
    Ok(entries)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// One synthetic operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticOperation {
    /// Its id, `provider.service.Operation`.
    pub id: String,
    /// The seed it copies, `provider.service.Operation`.
    pub seed: String,
}

/// A synthetic spec set, in memory.
#[derive(Debug, Clone)]
pub struct SpecSet {
    /// Path (relative to the spec directory, `/`-separated) to content.
    pub files: BTreeMap<String, String>,
    /// The operations, in index order.
    pub operations: Vec<SyntheticOperation>,
}

impl SpecSet {
    /// The services, as `provider/service`, with their number of operations.
    pub fn services(&self) -> BTreeMap<String, usize> {
        let mut services = BTreeMap::new();
        for op in &self.operations {
            let mut parts = op.id.split('.');
            let (provider, service) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            *services.entry(format!("{provider}/{service}")).or_default() += 1;
        }
        services
    }

    /// The providers.
    pub fn providers(&self) -> BTreeSet<String> {
        self.operations
            .iter()
            .map(|op| op.id.split('.').next().unwrap_or("").to_owned())
            .collect()
    }

    /// Writes the set to `dir`, which must not exist, be empty, or hold a spec set written
    /// before (which is replaced).
    pub fn write(&self, dir: &Path) -> Result<(), Error> {
        if dir.exists() {
            let mut entries = fs::read_dir(dir).map_err(io_err(dir))?.peekable();
            if entries.peek().is_some() {
                if !dir.join(MARKER_FILE).is_file() {
                    return Err(Error::NotSynthetic(dir.to_owned()));
                }
                fs::remove_dir_all(dir).map_err(io_err(dir))?;
            }
        }
        fs::create_dir_all(dir).map_err(io_err(dir))?;
        let marker = dir.join(MARKER_FILE);
        fs::write(
            &marker,
            format!(
                "A synthetic spec set of {} operations made from the repository's specs; \
                 written again, this directory is replaced.\n",
                self.operations.len()
            ),
        )
        .map_err(io_err(&marker))?;
        for (rel, text) in &self.files {
            let path = dir.join(rel);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(io_err(parent))?;
            }
            fs::write(&path, text).map_err(io_err(&path))?;
        }
        Ok(())
    }
}

/// Reads the seeds in `seed_dir`, makes a set of `ops` operations and writes it to `out`.
pub fn write_spec_set(seed_dir: &Path, ops: usize, out: &Path) -> Result<SpecSet, Error> {
    let set = synthesize(&Seeds::load(seed_dir)?, ops);
    set.write(out)?;
    Ok(set)
}

/// Makes a set of `ops` operations from the seeds.
pub fn synthesize(seeds: &Seeds, ops: usize) -> SpecSet {
    let templates = seeds.templates();
    let rounds = ops.div_ceil(templates.len());
    let most_per_round = seeds
        .services
        .iter()
        .map(|s| s.operations.len())
        .max()
        .unwrap_or(1);
    let blocks = (rounds * most_per_round)
        .div_ceil(MAX_OPS_PER_SERVICE)
        .max(1);
    let op_width = digits(ops.saturating_sub(1)).max(4);
    let block_width = digits(blocks - 1).max(3);

    // (seed service, block) → (new operation name, seed operation index), in index order.
    let mut services: BTreeMap<(usize, usize), Vec<(String, usize)>> = BTreeMap::new();
    let mut operations = Vec::with_capacity(ops);
    for i in 0..ops {
        let (s, o) = templates[i % templates.len()];
        let block = (i / templates.len()) % blocks;
        let seed = &seeds.services[s];
        let seed_name = &seed.operations[o].0;
        let name = format!("{seed_name}{i:0op_width$}");
        operations.push(SyntheticOperation {
            id: format!(
                "{}.{}{block:0block_width$}.{name}",
                seed.provider, seed.service
            ),
            seed: format!("{}.{}.{seed_name}", seed.provider, seed.service),
        });
        services.entry((s, block)).or_default().push((name, o));
    }

    let mut files = BTreeMap::new();
    for ((s, block), ops) in &services {
        let seed = &seeds.services[*s];
        let service = format!("{}{block:0block_width$}", seed.service);
        let dir = format!("{}/{service}", seed.provider);
        let renames: Vec<(&str, &str)> = ops
            .iter()
            .map(|(name, o)| (seed.operations[*o].0.as_str(), name.as_str()))
            .collect();
        files.insert(
            format!("{dir}/service.yaml"),
            service_copy(seed, &service, &format!("{block:0block_width$}"), &renames),
        );
        // Every page of the seed service: the copies cite them as their seeds do.
        for (page, text) in &seed.pages {
            files.insert(format!("{dir}/pages/{page}"), text.clone());
        }
        for (name, o) in ops {
            let (seed_name, text) = &seed.operations[*o];
            files.insert(
                format!("{dir}/{name}.yaml"),
                operation_copy(seed, seed_name, text, name),
            );
        }
    }
    SpecSet { files, operations }
}

fn digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// The top-level lines of a YAML text, as (key, line index).
fn top_level_keys(lines: &[&str]) -> Vec<(String, usize)> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.starts_with([' ', '\t', '#', '-']) && !l.is_empty())
        .filter_map(|(i, l)| l.split_once(':').map(|(k, _)| (k.trim().to_owned(), i)))
        .collect()
}

/// The plain value of a top-level key.
fn top_level_value(text: &str, key: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    top_level_keys(&lines)
        .into_iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, i)| lines[i].split_once(':'))
        .map(|(_, v)| unquote(v))
}

fn unquote(value: &str) -> String {
    let v = value.trim();
    let v = v.split(" #").next().unwrap_or(v).trim();
    v.trim_matches(|c| c == '"' || c == '\'').to_owned()
}

/// The line range of the block of a top-level key: its own line and the lines below it up to
/// the next top-level key.
fn key_block(lines: &[&str], key: &str) -> Option<std::ops::Range<usize>> {
    let keys = top_level_keys(lines);
    let at = keys.iter().position(|(k, _)| k == key)?;
    let start = keys[at].1;
    let end = keys.get(at + 1).map_or(lines.len(), |(_, i)| *i);
    // Comments and blank lines just above the next key belong to it.
    let mut end = end;
    while end > start + 1 && {
        let l = lines[end - 1].trim();
        l.is_empty() || (l.starts_with('#') && !lines[end - 1].starts_with(' '))
    } {
        end -= 1;
    }
    Some(start..end)
}

/// The items of a block sequence (the lines after the key), each a range of lines; lines
/// before the first item are left out.
fn items(lines: &[&str], body: std::ops::Range<usize>) -> Vec<std::ops::Range<usize>> {
    let starts: Vec<usize> = body
        .clone()
        .filter(|&i| {
            let l = lines[i];
            let indent = l.len() - l.trim_start().len();
            l.trim_start().starts_with("- ") && indent <= item_indent(lines, &body)
        })
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(n, &s)| s..starts.get(n + 1).copied().unwrap_or(body.end))
        .collect()
}

fn item_indent(lines: &[&str], body: &std::ops::Range<usize>) -> usize {
    body.clone()
        .map(|i| lines[i])
        .find(|l| l.trim_start().starts_with("- "))
        .map_or(0, |l| l.len() - l.trim_start().len())
}

/// The line of an item that holds `key`, and the key's value.
fn item_key(lines: &[&str], item: &std::ops::Range<usize>, key: &str) -> Option<(usize, String)> {
    item.clone().find_map(|i| {
        let l = lines[i].trim_start();
        let l = l.strip_prefix("- ").unwrap_or(l).trim_start();
        l.strip_prefix(key)
            .and_then(|rest| rest.strip_prefix(':'))
            .map(|v| (i, unquote(v)))
    })
}

/// Replaces the value of the `key:` on a line, keeping its indentation and any `- `.
fn with_value(line: &str, key: &str, value: &str) -> String {
    let at = line.find(key).unwrap_or(0);
    format!("{}{key}: {value}", &line[..at])
}

/// Replaces whole-word occurrences of `old` by `new`.
fn replace_word(text: &str, old: &str, new: &str) -> String {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut out = String::with_capacity(text.len() + new.len());
    let mut rest = text;
    while let Some(at) = rest.find(old) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + old.len()..].chars().next();
        out.push_str(&rest[..at]);
        if before.is_some_and(is_word) || after.is_some_and(is_word) {
            out.push_str(old);
        } else {
            out.push_str(new);
        }
        rest = &rest[at + old.len()..];
    }
    out.push_str(rest);
    out
}

fn provenance(path: &str) -> String {
    format!("# Synthetic copy of specs/{path}, for benchmarks.\n")
}

fn join(lines: impl IntoIterator<Item = String>, trailing_newline: bool) -> String {
    let mut text = lines.into_iter().collect::<Vec<_>>().join("\n");
    if trailing_newline {
        text.push('\n');
    }
    text
}

/// A copy of the seed's `service.yaml` named `service`, with one rate limit per operation of
/// `renames` (seed name, new name) whose seed has one.
fn service_copy(
    seed: &SeedService,
    service: &str,
    label: &str,
    renames: &[(&str, &str)],
) -> String {
    let text = &seed.service_yaml;
    let lines: Vec<&str> = text.lines().collect();
    let keys = top_level_keys(&lines);
    let line_of = |key: &str| keys.iter().find(|(k, _)| k == key).map(|(_, i)| *i);
    let service_line = line_of("service");
    let name_line = line_of("service_name");
    let limits = key_block(&lines, "rate_limits");

    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if Some(i) == service_line {
            out.push(with_value(line, "service", service));
        } else if Some(i) == name_line {
            let value = line.split_once(':').map_or("", |(_, v)| v).trim();
            if value.starts_with(['"', '\'', '>', '|']) || value.is_empty() {
                out.push(line.to_owned());
            } else {
                out.push(format!("service_name: {value} {label}"));
            }
        } else if let Some(range) = limits.clone().filter(|r| r.start == i) {
            let body = range.start + 1..range.end;
            let entries: Vec<_> = items(&lines, body.clone())
                .into_iter()
                .filter_map(|item| {
                    item_key(&lines, &item, "operation").map(|(at, op)| (item, at, op))
                })
                .collect();
            let mut copied = Vec::new();
            for (seed_name, name) in renames {
                for (item, at, _) in entries.iter().filter(|(_, _, op)| op == seed_name) {
                    for j in item.clone() {
                        copied.push(if j == *at {
                            with_value(lines[j], "operation", name)
                        } else {
                            lines[j].to_owned()
                        });
                    }
                }
            }
            if !copied.is_empty() {
                out.push(line.to_owned());
                // Comments between the key and the first item.
                let first = entries.first().map_or(body.end, |(item, _, _)| item.start);
                out.extend((body.start..first).map(|j| lines[j].to_owned()));
                out.extend(copied);
            }
            i = range.end;
            continue;
        } else {
            out.push(line.to_owned());
        }
        i += 1;
    }
    let path = format!("{}/{}/service.yaml", seed.provider, seed.service);
    provenance(&path) + &join(out, text.ends_with('\n'))
}

/// A copy of a seed operation named `name`: its `operation` key and the value (and
/// description) of its `action` common parameter changed.
fn operation_copy(seed: &SeedService, seed_name: &str, text: &str, name: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let keys = top_level_keys(&lines);
    let operation_line = keys.iter().find(|(k, _)| k == "operation").map(|(_, i)| *i);
    let mut action_lines = BTreeSet::new();
    if let Some(range) = key_block(&lines, "common_parameters") {
        for item in items(&lines, range.start + 1..range.end) {
            if item_key(&lines, &item, "carried_by").is_some_and(|(_, v)| v == "action") {
                action_lines.extend(item);
            }
        }
    }
    let out = lines.iter().enumerate().map(|(i, line)| {
        if Some(i) == operation_line {
            with_value(line, "operation", name)
        } else if action_lines.contains(&i) {
            replace_word(line, seed_name, name)
        } else {
            (*line).to_owned()
        }
    });
    let path = format!("{}/{}/{seed_name}.yaml", seed.provider, seed.service);
    provenance(&path) + &join(out, text.ends_with('\n'))
}
