//! Diagnostics: what went wrong, where, and how to fix it.
//!
//! Every stage pushes into one [`Diagnostics`] collector instead of stopping at the first
//! problem, so that a single run reports every error of every spec. Callers must look at the
//! collector before moving on: [`Diagnostics::into_result`] is the only way to get the value
//! produced alongside it.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A place in a spec file: 1-based line and column (in characters), and the byte range that
/// the caret underlines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// The file.
    pub file: FileId,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
    /// Byte offset of the start.
    pub start: usize,
    /// Byte offset just past the end.
    pub end: usize,
}

/// The text of every file read in a run, so that diagnostics can quote it.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<(PathBuf, String)>,
}

impl SourceMap {
    /// Adds a file and returns its id.
    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push((path, text));
        id
    }

    /// The path a file was read from, as given to [`SourceMap::add`].
    pub fn path(&self, id: FileId) -> &Path {
        self.files
            .get(id.0 as usize)
            .map_or(Path::new("<unknown>"), |(p, _)| p.as_path())
    }

    /// The text of a file.
    pub fn text(&self, id: FileId) -> &str {
        self.files
            .get(id.0 as usize)
            .map_or("", |(_, t)| t.as_str())
    }
}

/// Whether a diagnostic stops the run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The specs are wrong: nothing is generated.
    #[default]
    Error,
    /// Worth a look, but the specs mean something: the crate is generated all the same.
    Warning,
}

/// One problem found in the specs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Whether it stops the run.
    pub severity: Severity,
    /// Where; `None` for problems that concern no single place (a missing directory).
    pub span: Option<Span>,
    /// File the problem concerns when there is no span.
    pub file: Option<PathBuf>,
    /// What is wrong, in one sentence without a final period.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// A second place worth showing (the first definition of a duplicate, say).
    pub related: Option<(Span, String)>,
}

impl Diagnostic {
    /// A problem at `span`.
    pub fn at(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            span: Some(span),
            file: None,
            message: message.into(),
            hint: None,
            related: None,
        }
    }

    /// A problem about a whole file or directory.
    pub fn in_file(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            span: None,
            file: Some(file.into()),
            message: message.into(),
            hint: None,
            related: None,
        }
    }

    /// Makes it a warning: reported, but the crate is generated all the same.
    #[must_use]
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Adds a hint.
    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a second place to show.
    #[must_use]
    pub fn related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related = Some((span, label.into()));
        self
    }

    /// Renders the diagnostic like a compiler does: `error: ...`, ` --> file:line:column`,
    /// the source line with a caret, and the hint.
    pub fn render(&self, sources: &SourceMap, color: bool) -> String {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut group = Group::with_title(level.primary_title(self.message.as_str()));
        let path_storage;
        match self.span {
            Some(span) => {
                path_storage = sources.path(span.file).display().to_string();
                let text = sources.text(span.file);
                let mut snippet = Snippet::source(text)
                    .path(path_storage.as_str())
                    .annotation(AnnotationKind::Primary.span(caret_range(text, span)));
                if let Some((other, label)) = &self.related {
                    if other.file == span.file {
                        snippet = snippet.annotation(
                            AnnotationKind::Context
                                .span(caret_range(text, *other))
                                .label(label.as_str()),
                        );
                    }
                }
                group = group.element(snippet);
            }
            None => {
                if let Some(file) = &self.file {
                    path_storage = file.display().to_string();
                    group = group.element(annotate_snippets::Origin::path(path_storage.as_str()));
                }
            }
        }
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        renderer.render(&[group])
    }
}

/// Keeps the caret on the span's own line, and at least one character wide, so that the
/// snippet stays one line long even for block scalars.
fn caret_range(text: &str, span: Span) -> std::ops::Range<usize> {
    let start = span.start.min(text.len());
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut end = span.end.clamp(start, line_end);
    if end == start {
        end = text[start..line_end]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
    }
    start..end
}

/// Collects diagnostics of a run. Dropping a non-empty collector without looking at it is a
/// bug, so the only way to the produced value is [`Diagnostics::into_result`].
#[derive(Debug, Default)]
#[must_use]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a problem: an error, or a warning if it was made with [`Diagnostic::warning`].
    pub fn push(&mut self, diagnostic: Diagnostic) {
        match diagnostic.severity {
            Severity::Error => self.items.push(diagnostic),
            Severity::Warning => self.warnings.push(diagnostic),
        }
    }

    /// Takes the warnings recorded so far, sorted by place. Errors are not counted among them:
    /// [`Diagnostics::is_empty`] and [`Diagnostics::len`] count errors only.
    pub fn take_warnings(&mut self) -> Vec<Diagnostic> {
        let mut w = std::mem::take(&mut self.warnings);
        sort_dedup(&mut w);
        w
    }

    /// Whether nothing has gone wrong so far.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Number of problems so far.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Adds every problem of another collector.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
        self.warnings.extend(other.warnings);
    }

    /// `Ok(value)` when nothing went wrong, otherwise every problem, sorted by place.
    pub fn into_result<T>(self, value: T) -> Result<T, Errors> {
        if self.items.is_empty() {
            Ok(value)
        } else {
            Err(self.into_errors())
        }
    }

    /// Every problem, sorted by place (for a collector known to be non-empty).
    pub fn into_errors(self) -> Errors {
        let mut items = self.items;
        sort_dedup(&mut items);
        Errors { items }
    }
}

fn sort_dedup(items: &mut Vec<Diagnostic>) {
    items.sort_by(|a, b| (a.span, &a.file, &a.message).cmp(&(b.span, &b.file, &b.message)));
    items.dedup();
}

/// The warnings of a successful run, with the texts they quote.
#[derive(Debug, Default)]
pub struct Warnings {
    /// The spec files read.
    pub sources: SourceMap,
    /// The warnings, sorted by place.
    pub items: Vec<Diagnostic>,
}

impl Warnings {
    /// Renders every warning, each followed by a blank line; nothing when there are none.
    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        for item in &self.items {
            out.push_str(&item.render(&self.sources, color));
            out.push_str("\n\n");
        }
        out
    }
}

/// Every problem of a failed run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Errors {
    /// The problems, sorted by file and position.
    pub items: Vec<Diagnostic>,
}

impl Errors {
    /// Renders every problem and a closing count, as `generate` prints them.
    pub fn render(&self, sources: &SourceMap, color: bool) -> String {
        self.render_for(
            sources,
            color,
            "could not generate",
            "; nothing was written",
        )
    }

    /// Renders every problem and a closing line: `error: <what>: N errors in the specs<tail>`.
    pub fn render_for(&self, sources: &SourceMap, color: bool, what: &str, tail: &str) -> String {
        let mut out = String::new();
        for item in &self.items {
            out.push_str(&item.render(sources, color));
            out.push_str("\n\n");
        }
        let n = self.items.len();
        out.push_str(&format!(
            "error: {what}: {n} error{} in the specs{tail}\n",
            if n == 1 { "" } else { "s" }
        ));
        out
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for item in &self.items {
            writeln!(f, "{}", item.message)?;
        }
        Ok(())
    }
}

/// The closest of `candidates` to `word`, for "did you mean" hints.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
