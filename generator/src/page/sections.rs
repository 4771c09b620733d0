//! The rest of a page, beyond its request table: what the page says about itself (title, date,
//! summary, host, rate limit, request line), the path parameters of Huawei's URI table, the
//! response table, the error codes and HTTP statuses, and the example requests and responses.
//! `specgen import` drafts a spec from these; each reader returns nothing rather than guess when
//! the page does not have the section in a layout it knows.

use super::{Layout, Row, cells, huawei_type, is_example, is_name, is_required_cell, split_type};

/// What a page says about itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    /// The title, as the page shows it (`Cloud Backup:CreateBackupPlan`).
    pub title: Option<String>,
    /// The last-updated date, `YYYY-MM-DD`.
    pub updated: Option<String>,
    /// The first sentence or paragraph saying what the operation does.
    pub summary: Option<String>,
    /// The host the page names (`Domain name for API request: …`).
    pub host: Option<String>,
    /// A documented rate limit.
    pub rate_limit: Option<RateLimit>,
    /// The request line the page gives: method and path.
    pub request_line: Option<(String, String)>,
}

/// `A maximum of 20 requests can be initiated per second for this API.`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed…
    pub requests: u32,
    /// …per this many seconds.
    pub per_seconds: u32,
    /// The page's sentence.
    pub quote: String,
}

/// Reads what a page says about itself.
pub fn meta(page: &str, layout: Layout) -> Meta {
    let lines: Vec<&str> = page.lines().map(str::trim).collect();
    let non_empty = |from: usize| lines.iter().skip(from).find(|l| !l.is_empty()).copied();
    let updated_at = lines
        .iter()
        .position(|l| l.to_ascii_lowercase().starts_with("last updated:"));
    let title = match layout {
        Layout::Tencent => lines
            .iter()
            .position(|l| *l == "APIs")
            .and_then(|at| non_empty(at + 1)),
        Layout::Alibaba => {
            updated_at.and_then(|at| lines[..at].iter().rev().find(|l| !l.is_empty()).copied())
        }
        Layout::Huawei => non_empty(0),
    };
    let updated = updated_at.and_then(|at| date(lines[at]["last updated:".len()..].trim()));
    let summary = match layout {
        Layout::Tencent => lines
            .iter()
            .position(|l| *l == "1. API Description")
            .and_then(|at| {
                lines[at + 1..].iter().find(|l| {
                    !l.is_empty() && !l.starts_with("Domain name") && !l.starts_with("A maximum of")
                })
            })
            .copied(),
        Layout::Alibaba => updated_at.and_then(|at| non_empty(at + 1)),
        Layout::Huawei => lines
            .iter()
            .position(|l| *l == "Function")
            .and_then(|at| non_empty(at + 1)),
    };
    let host = lines.iter().find_map(|l| {
        let host = l.strip_prefix("Domain name for API request:")?;
        Some(host.trim().trim_end_matches('.').to_owned())
    });
    let rate_limit = lines.iter().find_map(|l| rate_limit(l));
    let request_line = lines.iter().find_map(|l| {
        let (method, rest) = l.split_once(' ')?;
        let path = rest.split_whitespace().next()?;
        (matches!(method, "GET" | "POST" | "PUT" | "DELETE" | "PATCH") && path.starts_with('/'))
            .then(|| (method.to_owned(), path.to_owned()))
    });
    Meta {
        title: title.map(str::to_owned),
        updated,
        summary: summary.map(str::to_owned),
        host,
        rate_limit,
        request_line,
    }
}

/// `2026-04-13 13:05:26` or `Mar 27, 2026` as `YYYY-MM-DD`.
fn date(text: &str) -> Option<String> {
    let iso = text.get(..10)?;
    if iso.len() == 10
        && iso.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        })
    {
        return Some(iso.to_owned());
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut words = text.split_whitespace();
    let word = words.next()?;
    let month = MONTHS.iter().position(|m| *m == word)? + 1;
    let day: u8 = words.next()?.trim_end_matches(',').parse().ok()?;
    let year: u16 = words.next()?.parse().ok()?;
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

fn rate_limit(line: &str) -> Option<RateLimit> {
    let rest = line.strip_prefix("A maximum of ")?;
    let (n, rest) = rest.split_once(' ')?;
    let requests = n.parse().ok()?;
    let per_seconds = if rest.contains("per second") {
        1
    } else if rest.contains("per minute") {
        60
    } else {
        return None;
    };
    Some(RateLimit {
        requests,
        per_seconds,
        quote: line.to_owned(),
    })
}

/// The path parameters of Huawei's URI table (`Parameter`, `Mandatory`, `Description`), typed
/// as strings (the table has no type column).
pub fn path_parameters(page: &str) -> Vec<Row> {
    let lines: Vec<&str> = page.lines().collect();
    let cells = cells(&lines);
    let Some(uri) = cells.iter().position(|(_, c)| *c == "URI") else {
        return Vec::new();
    };
    let cells = &cells[uri..];
    let end = cells
        .iter()
        .position(|(_, c)| *c == "Request")
        .unwrap_or(cells.len());
    let cells = &cells[..end];
    let Some(header) = cells
        .windows(3)
        .position(|w| w[0].1 == "Parameter" && w[1].1 == "Mandatory" && w[2].1 == "Description")
    else {
        return Vec::new();
    };
    cells[header + 3..]
        .chunks(3)
        .filter(|c| c.len() == 3 && is_name(c[0].1) && is_required_cell(c[1].1))
        .map(|c| Row {
            name: c[0].1.to_owned(),
            ty: "string".to_owned(),
            required: c[1].1.to_owned(),
            description: vec![c[2].1.to_owned()],
            example: None,
            line: c[0].0,
        })
        .collect()
}

/// The response table: the description of the whole response when the table gives one (the
/// first row of Alibaba's tables, which has no name), and its rows in page order (`required`
/// is empty).
pub fn response_table(page: &str, layout: Layout) -> (Option<String>, Vec<Row>) {
    let lines: Vec<&str> = page.lines().collect();
    let mut rows = match layout {
        Layout::Tencent => tencent_response(&lines),
        Layout::Alibaba | Layout::Huawei => cell_response(&lines, layout),
    };
    let root = match rows.first() {
        Some(r) if r.name.is_empty() && r.ty == "object" => Some(rows.remove(0).text()),
        _ => None,
    };
    (root, rows)
}

fn tencent_response(lines: &[&str]) -> Vec<Row> {
    let Some(start) = lines
        .iter()
        .position(|l| l.trim() == "Parameter Name Type Description")
    else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some((name, rest)) = line.split_once(' ') else {
            break;
        };
        if !is_name(name) || name.ends_with('.') {
            break;
        }
        let (ty, description) = split_type(rest);
        rows.push(Row {
            name: name.to_owned(),
            ty,
            required: String::new(),
            description: vec![description.trim().to_owned()],
            example: None,
            line: i + 1,
        });
    }
    rows
}

fn cell_response(lines: &[&str], layout: Layout) -> Vec<Row> {
    let cells = cells(lines);
    let heading = cells
        .iter()
        .position(|(_, c)| matches!(*c, "Response elements" | "Response parameters" | "Response"));
    let Some(heading) = heading else {
        return Vec::new();
    };
    let cells = &cells[heading + 1..];
    let header: &[&[&str]] = match layout {
        Layout::Huawei => &[&["Parameter"], &["Type"], &["Description"]],
        _ => &[
            &["Element", "Parameter"],
            &["Type"],
            &["Description"],
            &["Example"],
        ],
    };
    let Some(at) = cells.windows(header.len()).position(|w| {
        w.iter()
            .zip(header)
            .all(|((_, cell), names)| names.contains(cell))
    }) else {
        return Vec::new();
    };
    let cells = &cells[at + header.len()..];
    let end = cells
        .iter()
        .position(|(_, c)| {
            matches!(*c, "Examples" | "Error codes" | "Status Codes")
                || c.starts_with("• Example response")
        })
        .unwrap_or(cells.len());
    let cells = &cells[..end];
    let mut starts: Vec<(usize, String, String)> = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let a = cells[i].1;
        let b = cells.get(i + 1).map(|(_, c)| *c);
        if is_name(a) && b.is_some_and(huawei_type) {
            starts.push((i, a.to_owned(), b.unwrap_or_default().to_owned()));
            i += 2;
        } else if huawei_type(a) && (starts.is_empty() || is_list_type(&starts[starts.len() - 1].2))
        {
            // The response itself (`object`, first) or a list's item.
            starts.push((i, String::new(), a.to_owned()));
            i += 1;
        } else {
            i += 1;
        }
    }
    let mut rows = Vec::new();
    for (k, (i, name, ty)) in starts.iter().enumerate() {
        let first = i + if name.is_empty() { 1 } else { 2 };
        let next = starts.get(k + 1).map_or(cells.len(), |s| s.0);
        let body: Vec<&str> = cells[first.min(next)..next]
            .iter()
            .map(|(_, c)| *c)
            .collect();
        let (description, example) = match body.split_last() {
            Some((last, rest))
                if layout == Layout::Alibaba && !rest.is_empty() && is_example(last) =>
            {
                (rest.to_vec(), Some((*last).to_owned()))
            }
            _ => (body, None),
        };
        rows.push(Row {
            name: name.clone(),
            ty: ty.clone(),
            required: String::new(),
            description: description.iter().map(|d| (*d).to_owned()).collect(),
            example,
            line: cells[*i].0,
        });
    }
    rows
}

fn is_list_type(ty: &str) -> bool {
    let t = ty.to_ascii_lowercase();
    t.starts_with("array") || t.starts_with("list")
}

/// A documented error code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorRow {
    /// The code (`FailedOperation.PreCheckError`, `Request.Forbidden`).
    pub code: String,
    /// The HTTP status it comes with, when the table gives one.
    pub http_status: Option<u16>,
    /// The message, when the table gives one.
    pub message: Option<String>,
    /// What it means, when the table gives it.
    pub description: Option<String>,
}

/// The error codes of a page's table: Tencent's `Error Code Description` lines, Alibaba's
/// `HTTP status code` / `Error code` / `Error message` rows (one line each).
pub fn error_codes(page: &str) -> Vec<ErrorRow> {
    let lines: Vec<&str> = page.lines().map(str::trim).collect();
    if let Some(at) = lines.iter().position(|l| *l == "Error Code Description") {
        return lines[at + 1..]
            .iter()
            .skip_while(|l| l.is_empty())
            .take_while(|l| !l.is_empty())
            .filter_map(|l| {
                let (code, description) = l.split_once(' ').unwrap_or((l, ""));
                code.contains('.').then(|| ErrorRow {
                    code: code.to_owned(),
                    http_status: None,
                    message: None,
                    description: (!description.is_empty()).then(|| description.to_owned()),
                })
            })
            .collect();
    }
    let Some(at) = lines.iter().position(|l| *l == "HTTP status code") else {
        return Vec::new();
    };
    lines[at + 1..]
        .iter()
        .filter(|l| !l.is_empty())
        .skip_while(|l| matches!(**l, "Error code" | "Error message" | "Description"))
        .map_while(|l| {
            let mut words = l.splitn(3, ' ');
            let status: u16 = words.next()?.parse().ok()?;
            let code = words.next()?;
            Some(ErrorRow {
                code: code.to_owned(),
                http_status: Some(status),
                message: words.next().map(str::to_owned),
                description: None,
            })
        })
        .collect()
}

/// The HTTP statuses of Huawei's `Status Codes` section: the normal one and the table of
/// abnormal ones, each with its reason and description (`Bad Request: The server failed …`).
pub fn status_codes(page: &str) -> Vec<(u16, String)> {
    let lines: Vec<&str> = page.lines().collect();
    let cells = cells(&lines);
    let Some(at) = cells.iter().position(|(_, c)| *c == "Status Codes") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut heading = String::new();
    let mut k = at + 1;
    while let Some((_, cell)) = cells.get(k) {
        let cell = cell.trim_start_matches('•').trim();
        if cell == "Error Codes" {
            break;
        }
        let (first, rest) = cell.split_once(' ').unwrap_or((cell, ""));
        match first.parse::<u16>() {
            Ok(status) if (100..600).contains(&status) && rest.is_empty() => {
                // `Normal` then `200`.
                out.push((status, heading.clone()));
            }
            Ok(status) if (100..600).contains(&status) => {
                let description = cells.get(k + 1).map_or("", |(_, c)| *c);
                out.push((status, format!("{rest}: {description}")));
                k += 1;
            }
            _ => heading = cell.to_owned(),
        }
        k += 1;
    }
    out
}

/// An example of a page: a request, a response or both, as JSON text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageExample {
    /// Its title.
    pub title: String,
    /// What it does, when the page says.
    pub description: Option<String>,
    /// The request's JSON.
    pub request: Option<String>,
    /// The response's JSON.
    pub response: Option<String>,
}

/// The page's examples: Tencent's `ExampleN Title` with `Input Example` and `Output Example`,
/// Huawei's `Example request` and `Example response`, Alibaba's `Success response`.
pub fn examples(page: &str, layout: Layout) -> Vec<PageExample> {
    let lines: Vec<&str> = page.lines().collect();
    let trimmed = |i: usize| lines[i].trim().trim_start_matches('•').trim();
    let after = |from: usize, marker: &str| (from..lines.len()).find(|&i| trimmed(i) == marker);
    match layout {
        Layout::Tencent => {
            let starts: Vec<usize> = (0..lines.len())
                .filter(|&i| {
                    let l = trimmed(i);
                    l.strip_prefix("Example").is_some_and(|r| {
                        r.starts_with(|c: char| c.is_ascii_digit()) && r.contains(' ')
                    })
                })
                .collect();
            starts
                .iter()
                .enumerate()
                .map(|(k, &at)| {
                    let end = starts.get(k + 1).copied().unwrap_or(lines.len());
                    let title = trimmed(at)
                        .split_once(' ')
                        .map_or("", |(_, t)| t)
                        .to_owned();
                    let input = after(at, "Input Example").filter(|&i| i < end);
                    let description: Vec<&str> = (at + 1..input.unwrap_or(end))
                        .map(trimmed)
                        .filter(|l| !l.is_empty())
                        .collect();
                    let output = after(at, "Output Example").filter(|&i| i < end);
                    PageExample {
                        title,
                        description: (!description.is_empty()).then(|| description.join(" ")),
                        request: input
                            .and_then(|i| json_block(&lines[i + 1..output.unwrap_or(end)])),
                        response: output.and_then(|i| json_block(&lines[i + 1..end])),
                    }
                })
                .collect()
        }
        Layout::Huawei => {
            let request = after(0, "Example request").and_then(|i| json_block(&lines[i + 1..]));
            let response = after(0, "Example response").and_then(|i| json_block(&lines[i + 1..]));
            if request.is_none() && response.is_none() {
                return Vec::new();
            }
            let title = meta(page, layout)
                .title
                .unwrap_or_else(|| "Example".to_owned());
            vec![PageExample {
                title,
                description: None,
                request,
                response,
            }]
        }
        Layout::Alibaba => after(0, "Success response")
            .and_then(|i| json_block(&lines[i + 1..]))
            .map(|response| PageExample {
                title: "Success response".to_owned(),
                description: None,
                request: None,
                response: Some(response),
            })
            .into_iter()
            .collect(),
    }
}

/// The first JSON object or array in `lines`, as its own lines with their common indentation
/// removed; `None` when there is none or it does not parse.
fn json_block(lines: &[&str]) -> Option<String> {
    let first = lines.iter().position(|l| {
        let t = l.trim_start();
        t.starts_with('{') || t.starts_with('[')
    })?;
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut end = None;
    'lines: for (i, line) in lines.iter().enumerate().skip(first) {
        for c in line.chars() {
            if in_string {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => in_string = true,
                '{' | '[' => depth += 1,
                '}' | ']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = Some(i);
                        break 'lines;
                    }
                }
                _ => {}
            }
        }
    }
    let block = &lines[first..=end?];
    let indent = block
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let text: Vec<&str> = block
        .iter()
        .map(|l| l.get(indent..).unwrap_or(l.trim_start()).trim_end())
        .collect();
    let text = text.join("\n");
    serde_json::from_str::<serde_json::Value>(&text).ok()?;
    Some(text + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_in_both_forms() {
        assert_eq!(date("2026-04-13 13:05:26").as_deref(), Some("2026-04-13"));
        assert_eq!(date("Mar 27, 2026").as_deref(), Some("2026-03-27"));
        assert_eq!(date("Dec 1, 2025").as_deref(), Some("2025-12-01"));
        assert_eq!(date("Mar 30, 2026").as_deref(), Some("2026-03-30"));
        assert_eq!(date("someday"), None);
    }

    #[test]
    fn json_blocks_end_at_their_closing_bracket_and_ignore_brackets_in_strings() {
        let lines = [
            "Input Example",
            "POST / HTTP/1.1",
            "",
            "    {",
            "        \"a\": \"}{\",",
            "        \"b\": [1, 2]",
            "    }",
            "    or",
            "    {\"c\": 1}",
        ];
        assert_eq!(
            json_block(&lines).as_deref(),
            Some("{\n    \"a\": \"}{\",\n    \"b\": [1, 2]\n}\n")
        );
        assert_eq!(json_block(&["{ not json }"]), None);
        assert_eq!(json_block(&["no block"]), None);
    }

    #[test]
    fn rate_limits_and_error_rows_are_read_from_their_sentences() {
        let page = "A maximum of 20 requests can be initiated per second for this API.\n\n\
                    Error Code Description\nFailedOperation.X Operation failed.\nNotACode here\n";
        let limit = meta(page, Layout::Tencent).rate_limit.expect("a limit");
        assert_eq!((limit.requests, limit.per_seconds), (20, 1));
        let errors = error_codes(page);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, "FailedOperation.X");
        assert_eq!(errors[0].description.as_deref(), Some("Operation failed."));
        let alibaba = "Error codes\n\nHTTP status code\n\nError code\n\nError message\n\n\
                       Description\n\n403 Request.Forbidden Have no Permissions\n\nSee Error Codes.\n";
        let errors = error_codes(alibaba);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].http_status, Some(403));
        assert_eq!(errors[0].message.as_deref(), Some("Have no Permissions"));
    }
}
