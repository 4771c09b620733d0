//! Reading a provider's page: the request-parameter table, in each of the three layouts the
//! providers' pages take once copied as text, and what each row's prose states (ranges,
//! lengths, enumerations, defaults, "required only if" sentences).
//!
//! - Tencent Cloud: one row per line under `Parameter Name Required Type Description`
//!   (`BaseBackupRetentionPeriod No Integer Specifies … value range: [0,30000).`).
//! - Alibaba Cloud: one cell per line under `Parameter`, `Type`, `Required`, `Description`,
//!   `Example`; a list's item is a row without a name (`string` / `No` / …).
//! - Huawei Cloud: indented cells under `Parameter`, `Mandatory`, `Type`, `Description`, no
//!   example column; members of an object follow it.
//!
//! The text has lost the tables' nesting, so rows come out flat, in page order; the reader of
//! a row decides where it belongs (a spec knows its members; an import reads the example).

pub mod sections;

/// Which provider's table layout a page uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One row per line.
    Tencent,
    /// One cell per line, with an example column.
    Alibaba,
    /// One cell per line, no example column.
    Huawei,
}

/// One row of a request-parameter table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The name as printed (`BackupPeriod.N`); empty for a list's item row.
    pub name: String,
    /// The type as printed (`Array of String`, `array<object>`, `list<dict>`).
    pub ty: String,
    /// The required cell as printed (`Yes`, `No (Either this field or …)`).
    pub required: String,
    /// The description, one entry per line of the page, trimmed.
    pub description: Vec<String>,
    /// The example cell, when the layout has one and the row fills it.
    pub example: Option<String>,
    /// The 1-based line of the page where the row starts.
    pub line: usize,
}

/// What a table's type column says, reduced to what a spec can disagree with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text.
    String,
    /// A whole number.
    Integer,
    /// A fractional number.
    Number,
    /// True or false.
    Boolean,
    /// A list.
    List,
    /// An object (or a named structure).
    Object,
}

impl Row {
    /// Whether the page marks the parameter required: `Yes`, or `No` with any remark.
    pub fn is_required(&self) -> bool {
        self.required.starts_with("Yes")
    }

    /// The kind of its type column.
    pub fn kind(&self) -> Kind {
        kind_of(&self.ty)
    }

    /// The description as one text.
    pub fn text(&self) -> String {
        self.description.join("\n")
    }
}

/// The kind of a type as a page prints it.
pub fn kind_of(ty: &str) -> Kind {
    let t = ty.trim().to_ascii_lowercase();
    if t.starts_with("array") || t.starts_with("list") {
        return Kind::List;
    }
    match t.as_str() {
        "string" | "timestamp" | "timestamp iso8601" => Kind::String,
        "integer" | "int" | "long" | "int64" | "uint64" | "int32" => Kind::Integer,
        "float" | "double" | "number" => Kind::Number,
        "boolean" | "bool" => Kind::Boolean,
        _ => Kind::Object,
    }
}

/// The request-parameter table of a page, in page order, and the layout it was read in; `None`
/// when the page has no table in a known layout.
pub fn request_table(page: &str) -> Option<(Layout, Vec<Row>)> {
    let lines: Vec<&str> = page.lines().collect();
    if let Some(start) = lines
        .iter()
        .position(|l| l.trim() == "Parameter Name Required Type Description")
    {
        return Some((Layout::Tencent, tencent(&lines, start + 1)));
    }
    let cells = cells(&lines);
    let header = |names: &[&str]| {
        cells
            .windows(names.len())
            .position(|w| w.iter().zip(names).all(|((_, cell), name)| cell == name))
    };
    if let Some(at) = header(&["Parameter", "Type", "Required", "Description", "Example"]) {
        return Some((Layout::Alibaba, alibaba(&cells[at + 5..])));
    }
    if let Some(at) = header(&["Parameter", "Mandatory", "Type", "Description"]) {
        return Some((Layout::Huawei, huawei(&cells[at + 4..])));
    }
    None
}

/// The page's non-empty lines, trimmed, with their 1-based numbers.
fn cells<'a>(lines: &[&'a str]) -> Vec<(usize, &'a str)> {
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .collect()
}

fn tencent(lines: &[&str], first: usize) -> Vec<Row> {
    let mut rows = Vec::new();
    for (i, line) in lines.iter().enumerate().skip(first) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let mut words = line.splitn(3, ' ');
        let (Some(name), Some(required), Some(rest)) = (words.next(), words.next(), words.next())
        else {
            break;
        };
        if !(required == "Yes" || required == "No") || !is_name(name) {
            break;
        }
        let (ty, description) = split_type(rest);
        rows.push(Row {
            name: name.to_owned(),
            ty,
            required: required.to_owned(),
            description: vec![description.trim().to_owned()],
            example: None,
            line: i + 1,
        });
    }
    rows
}

/// The type at the start of a Tencent row's rest (`Array of String`, `Integer`) and the
/// description after it.
fn split_type(rest: &str) -> (String, &str) {
    match rest.strip_prefix("Array of ") {
        Some(tail) => {
            let (item, d) = tail.split_once(' ').unwrap_or((tail, ""));
            (format!("Array of {item}"), d)
        }
        None => {
            let (ty, d) = rest.split_once(' ').unwrap_or((rest, ""));
            (ty.to_owned(), d)
        }
    }
}

/// Whether a cell can be a parameter name: `BackupPeriod.N`, `scheduled_policy`, `Tag.1.Key`.
fn is_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '[' | ']'))
}

/// The types Alibaba's pages print, lower case, or a named structure (`OtsDetail`).
fn alibaba_type(s: &str) -> bool {
    matches!(
        s,
        "string" | "integer" | "long" | "boolean" | "double" | "float" | "object" | "array"
    ) || s.starts_with("array<")
        || s.starts_with("map<")
}

fn is_required_cell(s: &str) -> bool {
    s == "Yes" || s == "No" || s.starts_with("Yes ") || s.starts_with("No ")
}

fn ends_request_table(cell: &str) -> bool {
    matches!(
        cell,
        "Response parameters" | "Response elements" | "Response" | "Examples" | "Example request"
    ) || cell.starts_with("• Example request")
        || cell.starts_with("Example request")
}

/// The cells of the request table: those before the heading that ends it.
fn request_cells<'c, 'a>(cells: &'c [(usize, &'a str)]) -> &'c [(usize, &'a str)] {
    let end = cells
        .iter()
        .position(|(_, c)| ends_request_table(c))
        .unwrap_or(cells.len());
    &cells[..end]
}

/// Where a row starts at `cells[i]`: the name, the type, and the index of its required cell.
fn alibaba_row_start(cells: &[(usize, &str)], i: usize) -> Option<(String, String, usize)> {
    let cell = |k: usize| cells.get(k).map(|(_, c)| *c);
    let (a, b, c) = (cell(i)?, cell(i + 1), cell(i + 2));
    if is_name(a) && b.is_some_and(alibaba_type) && c.is_some_and(is_required_cell) {
        return Some((a.to_owned(), b?.to_owned(), i + 2));
    }
    // A named structure printed on the name's line: `OtsDetail OtsDetail`.
    if let Some((name, ty)) = a.split_once(' ') {
        if is_name(name) && is_name(ty) && b.is_some_and(is_required_cell) {
            return Some((name.to_owned(), ty.to_owned(), i + 1));
        }
    }
    // A list's item: a type without a name.
    if alibaba_type(a) && b.is_some_and(is_required_cell) {
        return Some((String::new(), a.to_owned(), i + 1));
    }
    None
}

fn alibaba(cells: &[(usize, &str)]) -> Vec<Row> {
    let cells = request_cells(cells);
    // Row starts, each after the previous row's required cell, so that a row's own type
    // and required cells are never read as a nameless item row.
    let mut starts: Vec<(usize, String, String, usize)> = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        match alibaba_row_start(cells, i) {
            Some((name, ty, req)) => {
                starts.push((i, name, ty, req));
                i = req + 1;
            }
            None => i += 1,
        }
    }
    let mut rows = Vec::new();
    for (k, (i, name, ty, req)) in starts.iter().enumerate() {
        let next = starts.get(k + 1).map_or(cells.len(), |s| s.0);
        let body: Vec<&str> = cells[req + 1..next].iter().map(|(_, c)| *c).collect();
        let (description, example) = match body.split_last() {
            Some((last, rest)) if !rest.is_empty() && is_example(last) => {
                (rest.to_vec(), Some((*last).to_owned()))
            }
            _ => (body, None),
        };
        rows.push(Row {
            name: name.clone(),
            ty: ty.clone(),
            required: cells[*req].1.to_owned(),
            description: description.iter().map(|d| (*d).to_owned()).collect(),
            example,
            line: cells[*i].0,
        });
    }
    rows
}

/// Whether the last cell of an Alibaba row is its example rather than the end of its
/// description: not a sentence, not a list item, not a note heading.
fn is_example(cell: &str) -> bool {
    !(cell.ends_with('.') || cell.ends_with(':') || cell.starts_with('•') || cell == "Note")
}

fn huawei_type(s: &str) -> bool {
    matches!(
        s,
        "string" | "integer" | "int" | "long" | "boolean" | "float" | "double" | "dict" | "object"
    ) || s.starts_with("list<")
        || s.starts_with("array")
        || s == "list"
}

fn huawei(cells: &[(usize, &str)]) -> Vec<Row> {
    let cells = request_cells(cells);
    let mut starts: Vec<usize> = Vec::new();
    let mut i = 0;
    while i + 2 < cells.len() {
        if is_name(cells[i].1) && is_required_cell(cells[i + 1].1) && huawei_type(cells[i + 2].1) {
            starts.push(i);
            i += 3;
        } else {
            i += 1;
        }
    }
    starts
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let next = starts.get(k + 1).copied().unwrap_or(cells.len());
            Row {
                name: cells[i].1.to_owned(),
                ty: cells[i + 2].1.to_owned(),
                required: cells[i + 1].1.trim_end_matches('\\').to_owned(),
                description: cells[i + 3..next]
                    .iter()
                    .map(|(_, c)| (*c).to_owned())
                    .collect(),
                example: None,
                line: cells[i].0,
            }
        })
        .collect()
}

/// Bounds a row's prose states: `[lo, hi]`, either end open when the page gives none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds {
    /// The least value (or length).
    pub min: Option<i128>,
    /// The greatest value (or length).
    pub max: Option<i128>,
}

/// What a row's prose states about its values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// The values allowed: `value range: [0,30000)`, `Valid values: 0 to 1825`, `from 2 to
    /// 14`, `The minimum value is 1`.
    pub range: Option<Bounds>,
    /// The lengths allowed: `1 to 64 characters`, `up to 255 characters`.
    pub length: Option<Bounds>,
    /// The values listed: bullets after `Valid values:` (or bullets that are bare values),
    /// `Valid values are A and B`, a comma-separated line after `one or more of the following:`.
    pub values: Vec<String>,
    /// `Default value: X`, `The default value is X`.
    pub default: Option<String>,
    /// Sentences that make the parameter required only under a condition.
    pub required_if: Vec<String>,
}

/// Reads the facts of a description.
pub fn facts(description: &[String]) -> Facts {
    let text = description.join(" ");
    Facts {
        range: range(&text),
        length: length(&text),
        values: values(description),
        default: default(&text),
        required_if: text
            .split(". ")
            .filter(|s| {
                let s = s.to_ascii_lowercase();
                s.contains("is required when") || s.contains("is required only if")
            })
            .map(|s| s.trim().trim_end_matches('.').to_owned())
            .collect(),
    }
}

/// The digits of a number as pages print them (`65,536`).
fn number(s: &str) -> Option<i128> {
    let digits: String = s.chars().filter(|c| *c != ',').collect();
    digits.parse().ok()
}

/// The first `<a> to <b>` in `text` not followed by `characters`, with the text after it.
fn a_to_b(text: &str, characters: bool) -> Option<(i128, i128)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        if *w != "to" || i == 0 {
            continue;
        }
        let lo = words[i - 1].trim_start_matches(['(', '[']);
        let Some(hi_word) = words.get(i + 1) else {
            continue;
        };
        let hi = hi_word.trim_end_matches([')', ']', '.', ',', ';']);
        let (Some(lo), Some(hi)) = (number(lo), number(hi)) else {
            continue;
        };
        let unit = words
            .get(i + 2)
            .map(|u| u.trim_end_matches(['.', ',', ';', ')']));
        if (unit == Some("characters")) == characters {
            return Some((lo, hi));
        }
    }
    None
}

fn range(text: &str) -> Option<Bounds> {
    let lower = text.to_ascii_lowercase();
    if let Some(at) = lower.find("value range:") {
        let notation: String = text[at + "value range:".len()..]
            .trim_start()
            .chars()
            .take_while(|c| !c.is_whitespace())
            .collect();
        let notation = notation.trim_end_matches('.');
        if let Ok(i) = crate::model::Interval::try_parse(notation) {
            return Some(Bounds {
                min: i.lowest(),
                max: i.highest(),
            });
        }
    }
    if let Some((lo, hi)) = a_to_b(text, false) {
        return Some(Bounds {
            min: Some(lo),
            max: Some(hi),
        });
    }
    if let Some(at) = lower.find("the minimum value is ") {
        let n = text[at + "the minimum value is ".len()..]
            .split_whitespace()
            .next()
            .map(|w| w.trim_end_matches('.'))
            .and_then(number)?;
        return Some(Bounds {
            min: Some(n),
            max: None,
        });
    }
    None
}

fn length(text: &str) -> Option<Bounds> {
    if let Some((lo, hi)) = a_to_b(text, true) {
        return Some(Bounds {
            min: Some(lo),
            max: Some(hi),
        });
    }
    let lower = text.to_ascii_lowercase();
    let at = lower.find("up to ")?;
    let mut words = text[at + "up to ".len()..].split_whitespace();
    let n = words.next().and_then(number)?;
    (words.next().map(|w| w.trim_end_matches(['.', ','])) == Some("characters")).then_some(Bounds {
        min: None,
        max: Some(n),
    })
}

/// A bullet's value: `• RDS`, `• Express: A database …`, `• SELF_ACCOUNT :`.
fn bullet_value(line: &str) -> Option<(String, bool)> {
    let item = line.strip_prefix('•')?.trim();
    let (value, explained) = match item.split_once(':') {
        Some((v, rest)) => (v.trim(), !rest.trim().is_empty()),
        None => (item, false),
    };
    let token = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    token.then(|| (value.to_owned(), explained))
}

fn values(description: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut after_valid = false;
    let mut group: Vec<(String, bool)> = Vec::new();
    let flush = |group: &mut Vec<(String, bool)>, after_valid: bool, out: &mut Vec<String>| {
        // A group counts when the page says the bullets are valid values, or when each is a
        // bare value (Huawei's `• Y` / `• N`); bullets explaining the parts of a format
        // (`• startTime: …`) do not.
        if !group.is_empty() && (after_valid || group.iter().all(|(_, explained)| !explained)) {
            for (v, _) in group.iter() {
                if !out.contains(v) {
                    out.push(v.clone());
                }
            }
        }
        group.clear();
    };
    for line in description {
        if let Some(v) = bullet_value(line) {
            group.push(v);
            continue;
        }
        if line.starts_with('•') {
            flush(&mut group, false, &mut out);
            after_valid = false;
            continue;
        }
        // A value under a bullet (`• 0 :` then `No`) belongs to that bullet.
        if !group.is_empty() && !line.contains(' ') && !line.ends_with('.') {
            continue;
        }
        flush(&mut group, after_valid, &mut out);
        let lower = line.to_ascii_lowercase();
        after_valid = lower.contains("valid values") || lower.ends_with("the following:");
        if let Some(at) = lower.find("valid values are ") {
            let list = &line[at + "valid values are ".len()..];
            let list = list.split('.').next().unwrap_or_default();
            for v in list
                .split([',', ' '])
                .filter(|w| !w.is_empty() && *w != "and")
            {
                out.push(v.to_owned());
            }
            after_valid = false;
        } else if out.is_empty()
            && line.contains(", ")
            && line
                .split(", ")
                .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_uppercase()))
        {
            // `SUN, MON, TUE, WED, THU, FRI, SAT` after "one or more of the following:".
            out.extend(line.split(", ").map(str::to_owned));
        }
    }
    flush(&mut group, after_valid, &mut out);
    out
}

fn default(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    for marker in ["default value: ", "the default value is ", "default: "] {
        if let Some(at) = lower.find(marker) {
            // A value is one word ending its sentence; "Default: The system generates a
            // name." states a behaviour, not a value.
            let rest = &text[at + marker.len()..];
            let sentence = rest.split(". ").next().unwrap_or(rest).trim();
            let value = sentence.trim_end_matches(['.', ',', ';']);
            return (!value.is_empty() && !value.contains(char::is_whitespace))
                .then(|| value.to_owned());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(|l| l.trim().to_owned()).collect()
    }

    #[test]
    fn tencent_rows_are_one_per_line_and_stop_at_the_table_end() {
        let page = "x\nParameter Name Required Type Description\n\
            Action Yes String Common Params. The value used for this API: CreateBackupPlan.\n\
            BackupPeriod.N Yes Array of String Backup date.\n\
            BaseBackupRetentionPeriod No Integer Retention. value range: [0,30000).\n\
            BackupPeriodType defaults to 7 when set to week.\n\n3. Output Parameters\n";
        let (layout, rows) = request_table(page).unwrap();
        assert_eq!(layout, Layout::Tencent);
        let names: Vec<(&str, &str, bool, usize)> = rows
            .iter()
            .map(|r| (r.name.as_str(), r.ty.as_str(), r.is_required(), r.line))
            .collect();
        assert_eq!(
            names,
            [
                ("Action", "String", true, 3),
                ("BackupPeriod.N", "Array of String", true, 4),
                ("BaseBackupRetentionPeriod", "Integer", false, 5)
            ]
        );
        assert_eq!(rows[1].kind(), Kind::List);
        assert_eq!(
            facts(&rows[2].description).range,
            Some(Bounds {
                min: Some(0),
                max: Some(29999)
            })
        );
    }

    #[test]
    fn alibaba_rows_have_cells_per_line_items_and_examples() {
        let page = "Request parameters\n\nParameter\n\nType\n\nRequired\n\nDescription\n\nExample\n\n\
            SourceType\n\nstring\n\nYes\n\nThe type. Valid values:\n\n  • ECS_FILE: Files.\n\n  • OSS: Buckets.\n\nECS_FILE\n\n\
            Path\n\narray\n\nNo\n\nThe backup paths.\n\nstring\n\nNo\n\nA backup path.\n\n[\"/home\"]\n\n\
            OtsDetail OtsDetail\n\nNo\n\nThe details.\n\n\
            Edition\n\nstring\n\nNo\n\nValid values are BASIC and STANDARD. Default value: STANDARD.\n\nSTANDARD\n\n\
            Response elements\n\nElement\n";
        let (layout, rows) = request_table(page).unwrap();
        assert_eq!(layout, Layout::Alibaba);
        let names: Vec<(&str, &str, Option<&str>)> = rows
            .iter()
            .map(|r| (r.name.as_str(), r.ty.as_str(), r.example.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("SourceType", "string", Some("ECS_FILE")),
                ("Path", "array", None),
                ("", "string", Some("[\"/home\"]")),
                ("OtsDetail", "OtsDetail", None),
                ("Edition", "string", Some("STANDARD")),
            ]
        );
        assert_eq!(facts(&rows[0].description).values, ["ECS_FILE", "OSS"]);
        let edition = facts(&rows[4].description);
        assert_eq!(edition.values, ["BASIC", "STANDARD"]);
        assert_eq!(edition.default.as_deref(), Some("STANDARD"));
    }

    #[test]
    fn huawei_rows_follow_each_other_without_nesting() {
        let page = "Request\n\n  • Parameter description\n\n    Parameter\n\n    Mandatory\n\n    Type\n\n    Description\n\n\
            backup_policy_name\n\nYes\n\nstring\n\nThe name is a string of 1 to 64 characters.\n\n\
            frequency\n\nNo (Either this field or week_frequency must be specified.)\n\ninteger\n\nBackup interval (1 to 14 days).\n\n\
            status\n\nYes\n\nstring\n\nBackup policy status\n\n• ON\n\n• OFF\n\n\
            • Example request\n\n{}\n";
        let (layout, rows) = request_table(page).unwrap();
        assert_eq!(layout, Layout::Huawei);
        let names: Vec<(&str, bool)> = rows
            .iter()
            .map(|r| (r.name.as_str(), r.is_required()))
            .collect();
        assert_eq!(
            names,
            [
                ("backup_policy_name", true),
                ("frequency", false),
                ("status", true)
            ]
        );
        let name = facts(&rows[0].description);
        assert_eq!(
            (name.length, name.range),
            (
                Some(Bounds {
                    min: Some(1),
                    max: Some(64)
                }),
                None
            )
        );
        assert_eq!(
            facts(&rows[1].description).range,
            Some(Bounds {
                min: Some(1),
                max: Some(14)
            })
        );
        assert_eq!(facts(&rows[2].description).values, ["ON", "OFF"]);
    }

    #[test]
    fn prose_states_ranges_lengths_values_and_conditions() {
        let f = facts(&lines(
            "The backup retention period. Valid values: 0 to 1825.\n\
             This parameter is required when SourceEndpointInstanceType is RDS, ECS, or DDS.",
        ));
        assert_eq!(
            f.range,
            Some(Bounds {
                min: Some(0),
                max: Some(1825)
            })
        );
        assert_eq!(f.required_if.len(), 1);
        let f = facts(&lines("The path can be up to 65,536 characters in length."));
        assert_eq!(
            f.length,
            Some(Bounds {
                min: None,
                max: Some(65536)
            })
        );
        let f = facts(&lines(
            "The backup retention period, in days. The minimum value is 1.",
        ));
        assert_eq!(
            f.range,
            Some(Bounds {
                min: Some(1),
                max: None
            })
        );
        // Bullets that explain a format's parts are not values.
        let f = facts(&lines(
            "The backup policy.\n• startTime: The start time.\n• interval: The interval.",
        ));
        assert!(f.values.is_empty());
        // A second list under "Valid values:" keeps the values, not their labels.
        let f = facts(&lines(
            "Whether to retain.\n• 0: Do not retain.\n• 1: Retain.\nValid values:\n• 0 :\nNo\n• 1 :\nYes",
        ));
        assert_eq!(f.values, ["0", "1"]);
        let f = facts(&lines(
            "The value can be one or more of the following:\nSUN, MON, TUE, WED, THU, FRI, SAT",
        ));
        assert_eq!(f.values, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]);
        assert_eq!(
            facts(&lines(
                "The source. The default value is OpenApi. You need not set it."
            ))
            .default
            .as_deref(),
            Some("OpenApi")
        );
        assert_eq!(
            facts(&lines(
                "The bucket. Default: The system generates a new name."
            ))
            .default,
            None
        );
    }

    proptest::proptest! {
        /// Any text, including table headers followed by truncated or shuffled cells, is read
        /// without panicking, and every row read starts on a line of the text.
        #[test]
        fn any_text_is_read_without_panicking(
            cells in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Parameter", "Type", "Required", "Description", "Example", "Mandatory",
                    "Parameter Name Required Type Description", "Yes", "No", "string", "array",
                    "array<object>", "dict", "list<dict>", "Name", "A B", "• X", "• Y: why",
                    "Valid values:", "value range: [1,", "1 to", "to 5", "", "Response elements",
                    "Default: ", "up to", "日本語",
                ]),
                0..60,
            )
        ) {
            let text = cells.join("\n");
            if let Some((_, rows)) = request_table(&text) {
                let count = text.lines().count();
                for row in rows {
                    proptest::prop_assert!(row.line >= 1 && row.line <= count);
                    let _ = facts(&row.description);
                }
            }
            let _ = facts(&cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>());
        }
    }
}
