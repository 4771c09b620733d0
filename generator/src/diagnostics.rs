//! Diagnostics: what went wrong, where, and how to fix it.
//!
//! Every stage pushes into one [`Diagnostics`] collector instead of stopping at the first
//! problem, so that a single run reports every error of every spec. Callers must look at the
//! collector before moving on: [`Diagnostics::into_result`] is the only way to get the value
//! produced alongside it.

use std::fmt;
use std::ops::Range;
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
    files: Vec<SourceFile>,
}

#[derive(Debug)]
struct SourceFile {
    path: PathBuf,
    text: String,
    lines: LineIndex,
}

impl SourceMap {
    /// Adds a file and returns its id.
    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        let lines = LineIndex::new(&text);
        self.files.push(SourceFile { path, text, lines });
        id
    }

    /// The path a file was read from, as given to [`SourceMap::add`].
    pub fn path(&self, id: FileId) -> &Path {
        self.files
            .get(id.0 as usize)
            .map_or(Path::new("<unknown>"), |f| f.path.as_path())
    }

    /// The text of a file.
    pub fn text(&self, id: FileId) -> &str {
        self.files
            .get(id.0 as usize)
            .map_or("", |f| f.text.as_str())
    }
}

/// Where each line of a file starts, computed once per file, so that a diagnostic quotes its
/// lines without scanning the file; and how many characters precede every `CHAR_BLOCK`-th byte,
/// so that a column on a very long line is counted from the nearest mark.
#[derive(Debug)]
struct LineIndex {
    starts: Vec<usize>,
    chars_before_block: Vec<usize>,
}

const CHAR_BLOCK: usize = 4096;

/// A line longer than this many bytes is quoted as a window around the caret.
const LONG_LINE: usize = 1024;

/// The bytes of a long line kept on each side of the caret: more than the renderer shows of a
/// line (it cuts lines to the terminal's width itself, marking each cut with `...`).
const WINDOW: usize = 512;

/// Two places further apart than this many lines are shown as two snippets, so that quoting
/// them costs no more than a few thousand bytes.
const MAX_ELIDED: usize = 2000;

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut chars_before_block = Vec::with_capacity(text.len() / CHAR_BLOCK + 1);
        let mut chars = 0;
        for block in text.as_bytes().chunks(CHAR_BLOCK) {
            chars_before_block.push(chars);
            chars += count_chars(block);
        }
        LineIndex {
            starts,
            chars_before_block,
        }
    }

    /// The 0-based line holding byte `offset`, as the renderer assigns it: the empty line after
    /// a final newline is not a line of its own.
    fn line_of(&self, text: &str, offset: usize) -> usize {
        let i = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        if i > 0 && self.starts[i] >= text.len() {
            i - 1
        } else {
            i
        }
    }

    /// The bytes of line `i`, with its line break.
    fn range(&self, text: &str, i: usize) -> Range<usize> {
        let start = self.starts.get(i).copied().unwrap_or(text.len());
        let end = self.starts.get(i + 1).copied().unwrap_or(text.len());
        start..end
    }

    /// Where line `i`'s content ends: at its `\n`, or at the end of the text.
    fn content_end(&self, text: &str, i: usize) -> usize {
        self.starts.get(i + 1).map_or(text.len(), |next| next - 1)
    }

    /// The number of characters before byte `offset`.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let offset = offset.min(text.len());
        // The end of a text whose length is a multiple of the block has no mark of its own.
        let block = (offset / CHAR_BLOCK).min(self.chars_before_block.len().saturating_sub(1));
        let base = self.chars_before_block.get(block).copied().unwrap_or(0);
        base + count_chars(&text.as_bytes()[(block * CHAR_BLOCK).min(offset)..offset])
    }
}

/// Characters in UTF-8 bytes: every byte that does not continue a character starts one.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// What a diagnostic hands the renderer: the lines it shows (a long line cut to a window around
/// its caret), numbered from `line_start`, with the annotations moved into them.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Excerpt {
    pub(crate) source: String,
    pub(crate) line_start: usize,
    pub(crate) primary: Range<usize>,
    /// The second place, when it is shown in the same excerpt.
    pub(crate) related: Option<Range<usize>>,
    /// The caret's real column (1-based), when the window cuts the line before it.
    pub(crate) column: Option<usize>,
}

/// The part of a line an excerpt keeps.
struct Piece {
    kept: Range<usize>,
    /// Whether the kept part ends before the line's break, which is then added.
    needs_break: bool,
}

impl SourceFile {
    /// The caret's range: on the span's own line, and at least one character wide, so that the
    /// snippet stays one line long even for block scalars.
    fn caret_range(&self, span: Span) -> Range<usize> {
        let text = self.text.as_str();
        let start = span.start.min(text.len());
        let line_end = self
            .lines
            .content_end(text, self.lines.line_of(text, start))
            .max(start);
        let mut end = span.end.clamp(start, line_end);
        if end == start {
            end = text[start..line_end]
                .chars()
                .next()
                .map_or(start, |c| start + c.len_utf8());
        }
        start..end
    }

    /// The part of line `i` to show around `around` (byte offsets within the text).
    fn piece(&self, i: usize, around: Option<&Range<usize>>) -> Piece {
        let text = self.text.as_str();
        let whole = self.lines.range(text, i);
        let content_end = self.lines.content_end(text, i).max(whole.start);
        if content_end - whole.start <= LONG_LINE {
            return Piece {
                kept: whole,
                needs_break: false,
            };
        }
        let (from, to) = match around {
            Some(r) => (r.start, r.end.min(r.start + WINDOW)),
            None => (whole.start, whole.start),
        };
        let mut lo = from.saturating_sub(WINDOW).max(whole.start);
        while !text.is_char_boundary(lo) {
            lo -= 1;
        }
        let mut hi = (to + WINDOW).min(content_end);
        while !text.is_char_boundary(hi) {
            hi += 1;
        }
        if hi == content_end {
            Piece {
                kept: lo..whole.end,
                needs_break: false,
            }
        } else {
            Piece {
                kept: lo..hi,
                needs_break: true,
            }
        }
    }

    /// The excerpt showing `primary` and, when it is close enough, `related`.
    pub(crate) fn excerpt(&self, primary: Range<usize>, related: Option<Range<usize>>) -> Excerpt {
        let text = self.text.as_str();
        let lp = self.lines.line_of(text, primary.start);
        let related =
            related.filter(|r| self.lines.line_of(text, r.start).abs_diff(lp) <= MAX_ELIDED);
        let lr = related.as_ref().map(|r| self.lines.line_of(text, r.start));
        let (first, last) = lr.map_or((lp, lp), |l| (l.min(lp), l.max(lp)));
        // The line between two places is shown when there is one; more are elided to `...` by
        // the renderer, so they are handed as empty lines, one byte each.
        let shown: Vec<usize> = if last - first <= 2 {
            (first..=last).collect()
        } else {
            vec![first, last]
        };
        let mut source = String::new();
        let mut placed: Vec<(usize, Piece, usize)> = Vec::new();
        for (n, &i) in shown.iter().enumerate() {
            if n > 0 {
                let gap = i - shown[n - 1] - 1;
                source.extend(std::iter::repeat_n('\n', gap));
            }
            let around = if i == lp {
                Some(&primary)
            } else if Some(i) == lr {
                related.as_ref()
            } else {
                None
            };
            let piece = self.piece(i, around);
            let at = source.len();
            source.push_str(&text[piece.kept.clone()]);
            if piece.needs_break && n + 1 < shown.len() {
                source.push('\n');
            }
            placed.push((i, piece, at));
        }
        let relocate = |r: &Range<usize>, line: usize| {
            let (_, piece, at) = placed.iter().find(|(i, ..)| *i == line)?;
            if r.start < piece.kept.start || r.start > piece.kept.end {
                return None;
            }
            let end = r.end.clamp(r.start, piece.kept.end);
            Some(at + r.start - piece.kept.start..at + end - piece.kept.start)
        };
        let moved = relocate(&primary, lp).unwrap_or(0..0);
        let moved_related = related.as_ref().zip(lr).and_then(|(r, l)| relocate(r, l));
        let line_begin = self.lines.range(text, lp).start;
        let cut_before = placed
            .iter()
            .any(|(i, piece, _)| *i == lp && piece.kept.start > line_begin);
        let column = cut_before.then(|| {
            self.lines.chars_before(text, primary.start) - self.lines.chars_before(text, line_begin)
                + 1
        });
        Excerpt {
            source,
            line_start: first + 1,
            primary: moved,
            related: moved_related,
            column,
        }
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

/// Declares [`Code`] from one table, so that a code's string, title and place in [`Code::ALL`]
/// cannot drift apart.
macro_rules! codes {
    ($($(#[$meta:meta])* $name:ident = $code:literal, $title:literal;)*) => {
        /// The kind of mistake a diagnostic reports, with a stable code (`E0110`) shown in
        /// `error[E0110]: ...` and listed in docs/spec-format.md §11.
        ///
        /// The hundreds name the stage that finds the mistake: `E00xx` specgen itself, `E01xx`
        /// files and YAML, `E02xx` the form of a mapping's values, `E03xx` types and names,
        /// `E04xx` constraints and values, `E05xx` rules, readings and notes, `E06xx`
        /// parameters and their place on the wire, `E07xx` services, endpoints and operations,
        /// `E08xx` pages and sources, `E09xx` examples. Warnings are `W` codes. A code is never
        /// reused for another kind of mistake; a retired code stays out of the table.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(
                #[doc = $title]
                $(#[$meta])*
                $name,
            )*
        }

        impl Code {
            /// Every code, in the order of their strings.
            pub const ALL: &'static [Code] = &[$(Code::$name),*];

            /// The stable code, such as `E0110`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$name => $code,)*
                }
            }

            /// What kind of mistake it is, in a few words (the row of the table in the docs).
            pub fn title(self) -> &'static str {
                match self {
                    $(Code::$name => $title,)*
                }
            }
        }
    };
}

codes! {
    Internal = "E0001", "the generated code does not parse (a bug in specgen, not in the specs)";

    SpecsDirMissing = "E0101", "the specs directory does not exist";
    Unreadable = "E0102", "a file or directory cannot be read";
    SymbolicLink = "E0103", "a symbolic link in the specs directory";
    NotRegularFile = "E0104", "a named pipe, socket or device with a spec's name";
    YmlExtension = "E0105", "a spec file ending in `.yml`";
    NotUtf8 = "E0106", "a spec file that is not UTF-8";
    FileTooLarge = "E0107", "a spec file over 4 MiB";
    MisplacedFile = "E0108", "a spec file outside `specs/<provider>/<service>/`";
    MissingServiceFile = "E0109", "a service directory without `service.yaml`";
    YamlSyntax = "E0110", "a YAML syntax error";
    EmptyFile = "E0111", "an empty spec file";
    SeveralDocuments = "E0112", "more than one YAML document in a file";
    UnsupportedYaml = "E0113", "a YAML anchor, alias or tag";
    NonTextKey = "E0114", "a mapping key that is not plain text";
    DuplicateKey = "E0115", "a key given twice in one mapping";
    TooDeep = "E0116", "mappings and lists nested deeper than 64 levels";

    WrongKind = "E0201", "a value of the wrong kind (text, number, list or mapping)";
    UnknownKey = "E0202", "a key the mapping does not have";
    MissingKey = "E0203", "a required key left out";
    UnknownWord = "E0204", "a word outside its set";
    IntervalAsList = "E0205", "an unquoted interval, read as a YAML list";
    BadInterval = "E0206", "a malformed interval";
    ControlCharacter = "E0207", "a control character in text the generated code quotes";
    BadCondition = "E0208", "a condition without exactly one test";
    RuleWithoutKind = "E0209", "a rule without `kind`";
    WhenAndUnless = "E0210", "`when` and `unless` both given, or neither";
    NotFinite = "E0211", "`.inf` or `.nan` where a value must be a finite number";

    InvalidName = "E0301", "a name that is not a valid identifier of its kind";
    HidesPrelude = "E0302", "a type name that would hide a name of Rust's prelude";
    TypeCollision = "E0303", "two generated types with one name";
    RecursiveType = "E0304", "a type that contains itself";
    UnknownType = "E0305", "a type that is not defined";
    MalformedType = "E0306", "a type expression that does not parse";
    ListTooDeep = "E0307", "`list<...>` nested deeper than 8 levels";
    EnumOnWrongType = "E0308", "`enum` on a type other than `string` or `list<string>`";
    EmptyEnum = "E0309", "an `enum` with no value";
    BadEnumValue = "E0310", "an enum value that is empty or has stray whitespace";
    DuplicateEnumValue = "E0311", "an enum value listed twice";
    NoRustName = "E0312", "a name from which no usable Rust name derives";
    ReservedName = "E0313", "a name the generated code reserves";
    RustNameCollision = "E0314", "two names that become one Rust name";
    EmptyDescription = "E0315", "an empty description";
    EnumTooLong = "E0316", "an `enum` with more values than the generated tables index (65,535)";

    EmptyRange = "E0401", "an interval that holds no value";
    RangeBeyondType = "E0402", "an interval beyond what the type can hold";
    ConstraintOnWrongType = "E0403", "a constraint on a type it does not apply to";
    EmptyCharset = "E0404", "a charset that allows no character";
    BadPattern = "E0405", "a pattern that does not compile";
    EmptyPrefix = "E0406", "an empty forbidden prefix";
    UnknownFormat = "E0407", "a format that does not exist";
    DefaultBreaksConstraints = "E0408", "a default that breaks its field's constraints";

    RuleUnknownField = "E0501", "a rule naming a field that does not exist";
    PathThroughNonObject = "E0502", "a field path through a field that is not an object";
    NotComparable = "E0503", "a condition comparing values of a field that has none";
    EmptyIn = "E0504", "a condition whose `in` lists no value";
    NotAValue = "E0505", "a condition value the field cannot take";
    RuleOnRequiredField = "E0506", "a conditional rule on a field that is always required";
    RangeIfNotInteger = "E0507", "`range_if` on a field that is not an integer";
    GroupTooSmall = "E0508", "`at_least_one_of` with fewer than two fields";
    PrecedenceOutsideGroup = "E0509", "a precedence outside its group";
    UnknownCheck = "E0510", "a check that does not exist";
    CheckArity = "E0511", "a check given the wrong number of fields";
    CheckFieldKind = "E0512", "a check given a field of the wrong type";
    ReadingWithoutNote = "E0513", "a rule that is a reading without a note";
    StatedRuleQuotesNothing = "E0514", "a stated rule that quotes nothing";
    ReadingListedTwice = "E0515", "a constraint read by two notes";
    ReadingUnknownKey = "E0516", "a reading naming no constraint";
    ReadingMissingConstraint = "E0517", "a reading naming a constraint the field does not have";
    UnknownFinding = "E0518", "a note answering a doc-check finding that does not exist";
    NoteKeyMisplaced = "E0519", "`reading` or `answers` on a note of something other than a field";
    PathParameterReading = "E0520", "a path parameter required only as a reading";
    PathTooDeep = "E0521", "a rule's field path longer than the runtime's four steps";

    DuplicateWireName = "E0601", "two fields with one wire name";
    BadWireName = "E0602", "a wire name with spaces, control characters, dots or brackets";
    NoLocation = "E0603", "a request parameter without `in`";
    LocationOnMember = "E0604", "`in` on a member of an object type";
    EncodingMismatch = "E0605", "`comma_list` or `json_text` on a type it cannot encode";
    StyleNotApplicable = "E0606", "`style` on a field that is not a list or object in a query or form";
    StyleMissing = "E0607", "a list or object in a query or form without `style`";
    PathParameterNotRequiredString = "E0608", "a path parameter that is not a required string";
    PathParameterNotInPath = "E0609", "a path parameter the path does not name";
    HeaderNotScalar = "E0610", "a header parameter that is not a scalar";
    BadIdempotencyToken = "E0611", "an idempotency token that is not an optional top-level string";
    TwoIdempotencyTokens = "E0612", "two idempotency tokens in one operation";
    PathVariableWithoutParameter = "E0613", "a path variable without its parameter";
    PathWithoutSlash = "E0614", "a path that does not start with `/`";
    BadHttpStatus = "E0615", "a status that is not an HTTP status";

    BadId = "E0701", "a provider or service id that is not lower-case snake case";
    DirectoryMismatch = "E0702", "a provider or service that does not match its directory";
    BadApiVersion = "E0703", "an API version that is empty or not a plain word";
    NoEndpoint = "E0704", "a service without endpoints";
    BadHost = "E0705", "a host that is not an RFC 1123 host name";
    BadRegion = "E0706", "a region that is not a region id";
    RegionNotListed = "E0707", "`region_hosts` naming a region `regions` does not list";
    DuplicateRegion = "E0708", "a region listed twice, or given two hosts";
    DuplicateOperation = "E0709", "an operation defined twice";
    OperationFileName = "E0710", "an operation in a file not named after it";
    RateLimitUnknownOperation = "E0711", "a rate limit for an operation that does not exist";
    RateLimitNotPositive = "E0712", "a rate limit that is not positive";
    CommonParameterMismatch = "E0713", "a common parameter that disagrees with what carries it";
    RegionsMissing = "E0714", "a page listing regions the service does not";
    DuplicateErrorCode = "E0715", "an error code listed twice";

    UnknownPage = "E0801", "a source citing a page no operation transcribes";
    NotASnapshot = "E0802", "a page document that is not a snapshot's name";
    SnapshotMissing = "E0803", "a page without its snapshot file";
    BadPageMetadata = "E0804", "a page date or address that does not parse";
    EmptyPageTitle = "E0805", "a page with an empty title";
    PageRedeclared = "E0806", "a page declared again with another title, date or address";

    EmptyExample = "E0901", "an example with neither `request` nor `response`";
    ExampleUnknownPathParameter = "E0902", "an example naming a path parameter that does not exist";
    ExampleNotJson = "E0903", "an example body that is not JSON (or not an object)";
    ExampleUnknownParameter = "E0904", "an example setting a parameter that does not exist";
    ExampleBreaksConstraints = "E0905", "an example value that breaks its field's constraints";

    UnusedType = "W0301", "a named type no field reaches";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in the specs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Whether it stops the run.
    pub severity: Severity,
    /// The kind of mistake, shown as `error[E0110]`; `None` only while a call site has none.
    pub code: Option<Code>,
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
            code: None,
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
            code: None,
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

    /// Names the kind of mistake, shown as `error[E0110]: ...`.
    #[must_use]
    pub fn code(mut self, code: Code) -> Self {
        self.code = Some(code);
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

    /// Renders the diagnostic like a compiler does: `error[E0110]: ...`, ` --> file:line:column`,
    /// the source line with a caret, and the hint.
    ///
    /// Only the lines shown are handed to the renderer, taken with the file's line index, so
    /// that rendering costs what it shows rather than the size of the file.
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
        let mut title = level.primary_title(self.message.as_str());
        if let Some(code) = self.code {
            title = title.id(code.as_str());
        }
        let mut group = Group::with_title(title);
        let path_storage;
        let excerpt;
        let far;
        let mut real_column = None;
        let file = self
            .span
            .and_then(|s| sources.files.get(s.file.0 as usize).map(|f| (s, f)));
        match file {
            Some((span, file)) => {
                path_storage = file.path.display().to_string();
                let related = self
                    .related
                    .as_ref()
                    .filter(|(other, _)| other.file == span.file);
                let other = related.map(|(other, _)| file.caret_range(*other));
                excerpt = file.excerpt(file.caret_range(span), other.clone());
                let mut snippet = Snippet::source(excerpt.source.as_str())
                    .line_start(excerpt.line_start)
                    .path(path_storage.as_str())
                    .annotation(AnnotationKind::Primary.span(excerpt.primary.clone()));
                if let (Some(range), Some((_, label))) = (&excerpt.related, related) {
                    snippet = snippet.annotation(
                        AnnotationKind::Context
                            .span(range.clone())
                            .label(label.as_str()),
                    );
                }
                group = group.element(snippet);
                real_column = excerpt.column.map(|c| (excerpt.line_start, c));
                // A second place too far away for one snippet gets a snippet of its own.
                far = match (other, related) {
                    (Some(range), Some((_, label))) if excerpt.related.is_none() => {
                        Some((file.excerpt(range, None), label))
                    }
                    _ => None,
                };
                if let Some((far_excerpt, label)) = &far {
                    group = group.element(
                        Snippet::source(far_excerpt.source.as_str())
                            .line_start(far_excerpt.line_start)
                            .path(path_storage.as_str())
                            .annotation(
                                AnnotationKind::Context
                                    .span(far_excerpt.primary.clone())
                                    .label(label.as_str()),
                            ),
                    );
                }
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
        let out = renderer.render(&[group]);
        match (real_column, file) {
            (Some((line, column)), Some((_, file))) => {
                with_column(out, &self.message, &file.path, line, column)
            }
            _ => out,
        }
    }
}

/// Puts the caret's real column into the ` --> file:line:column` line of a rendering whose
/// excerpt cut the line before the caret (the renderer counts from the cut).
fn with_column(out: String, message: &str, path: &Path, line: usize, column: usize) -> String {
    let needle = format!("{}:{line}:", path.display());
    // The location follows the title, which takes the message's lines.
    let after_title = out
        .match_indices('\n')
        .nth(message.lines().count().max(1) - 1)
        .map_or(out.len(), |(i, _)| i);
    let Some(found) = out[after_title..].find(&needle) else {
        return out;
    };
    let digits_start = after_title + found + needle.len();
    let digits_end = out[digits_start..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(out.len(), |i| digits_start + i);
    format!("{}{column}{}", &out[..digits_start], &out[digits_end..])
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

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: String) -> (SourceMap, FileId) {
        let mut sources = SourceMap::default();
        let id = sources.add(PathBuf::from("specs/x.yaml"), text);
        (sources, id)
    }

    fn span_of(sources: &SourceMap, id: FileId, start: usize, len: usize) -> Span {
        let text = sources.text(id);
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        Span {
            file: id,
            line: u32::try_from(text[..start].matches('\n').count() + 1).unwrap(),
            column: u32::try_from(text[line_start..start].chars().count() + 1).unwrap(),
            start,
            end: start + len,
        }
    }

    /// The rendering the whole file would give: what the renderer printed before excerpts.
    fn whole_file(d: &Diagnostic, sources: &SourceMap) -> String {
        let span = d.span.unwrap();
        let f = &sources.files[span.file.0 as usize];
        let path = f.path.display().to_string();
        let mut snippet = Snippet::source(f.text.as_str())
            .path(path.as_str())
            .annotation(AnnotationKind::Primary.span(f.caret_range(span)));
        if let Some((other, label)) = &d.related {
            snippet = snippet.annotation(
                AnnotationKind::Context
                    .span(f.caret_range(*other))
                    .label(label.as_str()),
            );
        }
        let mut group =
            Group::with_title(Level::ERROR.primary_title(d.message.as_str())).element(snippet);
        if let Some(hint) = &d.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        Renderer::plain().render(&[group])
    }

    #[test]
    fn excerpts_render_as_the_whole_file_did() {
        let mut text = String::new();
        for i in 0..300 {
            text.push_str(&format!("  key{i}: value {i} ünïcode\n"));
        }
        text.push_str("last: line without a break");
        let (sources, id) = file(text.clone());
        let at = |line: usize| {
            let start = match line {
                1 => 0,
                _ => text.match_indices('\n').nth(line - 2).unwrap().0 + 1,
            };
            span_of(&sources, id, start + 2, 3)
        };
        let end = span_of(&sources, id, text.len(), 0);
        let cases = [
            (at(1), None),
            (at(150), None),
            (at(300), None),
            (end, None),
            (at(10), Some(at(10))),
            (at(10), Some(at(11))),
            (at(10), Some(at(12))),
            (at(10), Some(at(13))),
            (at(200), Some(at(9))),
            (at(99), Some(at(100))),
            (end, Some(at(1))),
        ];
        for (primary, related) in cases {
            let mut d = Diagnostic::at(primary, "something is wrong").hint("fix it");
            if let Some(r) = related {
                d = d.related(r, "first here");
            }
            assert_eq!(
                d.render(&sources, false),
                whole_file(&d, &sources),
                "{primary:?} {related:?}"
            );
        }
    }

    #[test]
    fn the_renderer_is_handed_only_the_lines_shown() {
        // 100,000 lines: an excerpt holds the line of the caret, not the file.
        let text: String = (0..100_000).map(|i| format!("k{i}: v\n")).collect();
        let (sources, id) = file(text.clone());
        let f = &sources.files[id.0 as usize];
        let start = text.find("k50000:").unwrap();
        let e = f.excerpt(start..start + 6, None);
        assert_eq!(e.source, "k50000: v\n");
        assert_eq!(e.line_start, 50_001);
        // Two places 20 lines apart: their two lines and one byte per elided line.
        let other = text.find("k50020:").unwrap();
        let e = f.excerpt(start..start + 6, Some(other..other + 6));
        assert_eq!(
            e.source.len(),
            "k50000: v\n".len() + 19 + "k50020: v\n".len()
        );
        // Far apart: the second place gets its own excerpt, so neither holds the lines between.
        let far = text.find("k99999:").unwrap();
        let e = f.excerpt(
            text.find("k1:").unwrap()..text.find("k1:").unwrap() + 2,
            Some(far..far + 6),
        );
        assert!(e.related.is_none());
        assert!(e.source.len() < 16, "{}", e.source.len());
        let d = Diagnostic::at(span_of(&sources, id, start, 6), "duplicate")
            .related(span_of(&sources, id, far, 6), "first here");
        let out = d.render(&sources, false);
        assert!(
            out.contains("50001 | k50000: v") && out.contains("100000 | k99999: v"),
            "{out}"
        );
    }

    #[test]
    fn a_long_line_is_cut_to_a_window_around_the_caret_with_its_real_column() {
        let mut text = "key: ".to_owned();
        text.push_str(&"word ".repeat(400_000));
        text.push_str("target tail\nnext: line\n");
        let (sources, id) = file(text.clone());
        let start = text.find("target").unwrap();
        let f = &sources.files[id.0 as usize];
        let e = f.excerpt(start..start + 6, None);
        assert!(e.source.len() <= 2 * WINDOW + 6 + 1, "{}", e.source.len());
        assert_eq!(e.column, Some(start + 1));
        let d = Diagnostic::at(span_of(&sources, id, start, 6), "bad word");
        let out = d.render(&sources, false);
        assert!(
            out.contains(&format!("specs/x.yaml:1:{}", start + 1)),
            "{out}"
        );
        assert!(out.contains("...") && out.contains("^^^^^^"), "{out}");
        assert!(out.len() < 1000, "{}", out.len());
        // Wide characters: the column counts characters, not bytes.
        let wide = format!("k: {}X\n", "日".repeat(3000));
        let (sources, id) = file(wide.clone());
        let x = wide.find('X').unwrap();
        let out = Diagnostic::at(span_of(&sources, id, x, 1), "bad").render(&sources, false);
        assert!(out.contains("specs/x.yaml:1:3004"), "{out}");
    }
}
