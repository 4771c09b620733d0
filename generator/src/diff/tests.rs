//! The differ in process: specs as YAML text in, changes out.

use super::constraints::constraint_kind;
use super::*;

const SERVICE: &str = "\
provider: example
provider_name: Example Cloud
service: demo
service_name: Demo
api_version: \"1\"
protocol: tc3
description: A service.
endpoints:
  - host: demo.example.com
";

/// The model of a service with one operation, `Op`, of these parameters and rules (YAML
/// list items, indented by two spaces).
fn model(parameters: &str, rules: &str) -> Model {
    let op = format!(
        "operation: Op\ndescription: An operation.\nsource:\n  document: pages/Op.txt\n  title: Op\nhttp:\n  method: POST\n  path: /\nparameters:\n{parameters}\nrules:{}\nresponse:\n  fields: []\n",
        if rules.trim().is_empty() {
            " []\n".to_owned()
        } else {
            format!("\n{rules}")
        }
    );
    let files = vec![
        (
            vec!["example".into(), "demo".into(), "service.yaml".into()],
            SERVICE.to_owned(),
        ),
        (vec!["example".into(), "demo".into(), "Op.yaml".into()], op),
        (
            vec![
                "example".into(),
                "demo".into(),
                "pages".into(),
                "Op.txt".into(),
            ],
            "Op\n".to_owned(),
        ),
    ];
    let (sources, result) = crate::build_sources(files, "specs", "sdk");
    match result {
        Ok(g) => g.model,
        Err(e) => panic!("{}", e.render(&sources, false)),
    }
}

/// A parameter `P` of `ty`, with `constraints` (YAML lines at the field's indentation) and
/// a note reading `reading` (nothing when empty).
fn param(ty: &str, constraints: &str, reading: &str) -> String {
    let reading = if reading.is_empty() {
        String::new()
    } else {
        format!("        reading: [{reading}]\n")
    };
    format!(
        "  - name: P\n    type: {ty}\n    in: json\n    description: A parameter.\n{constraints}    notes:\n      - subject: p\n{reading}        doc_says: The page.\n        decision: The spec.\n"
    )
}

/// (kind, breaking_api, breaking_wire, summary) of every change.
fn changes(old: &Model, new: &Model) -> Vec<(String, bool, bool, String)> {
    diff(old, new)
        .into_iter()
        .map(|c| {
            (
                c.kind.to_string(),
                c.breaking_api,
                c.breaking_wire,
                c.summary,
            )
        })
        .collect()
}

/// Asserts the one change from `old` to `new`: its kind and classification; returns its
/// summary.
fn one(old: &Model, new: &Model, kind: &str, breaks: (bool, bool)) -> String {
    let all = changes(old, new);
    assert_eq!(all.len(), 1, "{kind}: {all:#?}");
    let (k, api, wire, summary) = all.into_iter().next().unwrap();
    assert_eq!((k.as_str(), (api, wire)), (kind, breaks), "{summary}");
    assert_eq!(classify(kind), breaks, "{kind}");
    summary
}

/// The (breaking_api, breaking_wire) of the kind of that name, which must be one.
fn classify(name: &str) -> (bool, bool) {
    let kind = ChangeKind::all()
        .find(|k| *k == name)
        .unwrap_or_else(|| panic!("no kind is named {name}"));
    (kind.breaking_api(), kind.breaking_wire())
}

const BOTH: (bool, bool) = (true, true);
const API: (bool, bool) = (true, false);
const NEITHER: (bool, bool) = (false, false);

#[test]
fn readings_are_classified_before_the_suffixes() {
    for kind in [
        "reading_range_tightened",
        "reading_range_changed",
        "reading_item_pattern_changed",
        "reading_count_loosened",
        "reading_required_added",
        "reading_required_removed",
        "reading_rule_added",
        "reading_rule_removed",
        "reading_rule_changed",
    ] {
        assert_eq!(classify(kind), NEITHER, "{kind}");
    }
    let names = ConstraintKind::ALL.map(ConstraintKind::name);
    for c in names.iter().chain(&["rule"]) {
        assert_eq!(classify(&format!("{c}_became_stated")), BOTH, "{c}");
        assert_eq!(classify(&format!("{c}_became_reading")), NEITHER, "{c}");
    }
    assert_eq!(classify("required_became_stated"), BOTH);
    assert_eq!(classify("required_became_reading"), API);
    // The kinds of stated checks keep their classification.
    assert_eq!(classify("range_tightened"), BOTH);
    assert_eq!(classify("range_changed"), BOTH);
    assert_eq!(classify("range_loosened"), NEITHER);
    assert_eq!(classify("required_added"), BOTH);
    assert_eq!(classify("required_removed"), API);
    assert_eq!(classify("rule_changed"), BOTH);
    assert_eq!(classify("rule_added"), BOTH);
}

/// A direction, the bases before and after, and the kind expected.
type Case = (
    Option<Direction>,
    Option<Basis>,
    Option<Basis>,
    Option<&'static str>,
);

#[test]
fn the_kind_of_a_constraint_change_follows_its_stated_side() {
    use Basis::{Reading as R, Stated as S};
    let kind =
        |d, o, n| constraint_kind(ConstraintKind::Range, d, (o, n)).map(|(k, _)| k.to_string());
    let t = Some(Direction::Tightened);
    let l = Some(Direction::Loosened);
    let c = Some(Direction::Changed);
    let cases: &[Case] = &[
        // Same value.
        (None, Some(S), Some(S), None),
        (None, Some(R), Some(R), None),
        (None, None, None, None),
        (None, Some(R), Some(S), Some("range_became_stated")),
        (None, Some(S), Some(R), Some("range_became_reading")),
        // Stated or absent on both sides.
        (t, None, Some(S), Some("range_tightened")),
        (l, Some(S), None, Some("range_loosened")),
        (c, Some(S), Some(S), Some("range_changed")),
        // Reading or absent on both sides.
        (t, None, Some(R), Some("reading_range_tightened")),
        (l, Some(R), None, Some("reading_range_loosened")),
        (t, Some(R), Some(R), Some("reading_range_tightened")),
        (c, Some(R), Some(R), Some("reading_range_changed")),
        // Reading → stated: the stated check is new.
        (t, Some(R), Some(S), Some("range_tightened")),
        (c, Some(R), Some(S), Some("range_changed")),
        (l, Some(R), Some(S), Some("range_became_stated")),
        // Stated → reading: nothing is refused any more.
        (l, Some(S), Some(R), Some("range_loosened")),
        (t, Some(S), Some(R), Some("range_became_reading")),
        (c, Some(S), Some(R), Some("range_became_reading")),
    ];
    for (d, o, n, expected) in cases {
        let got = kind(*d, *o, *n);
        assert_eq!(got.as_deref(), *expected, "{d:?} {o:?} → {n:?}");
        if let Some(k) = got {
            // Breaking exactly when a stated check refuses what it did not.
            let refuses_more = *n == Some(S) && (*o != Some(S) || *d != l);
            assert_eq!(classify(&k).1, refuses_more, "{k}");
        }
    }
}

#[test]
fn a_range_changes_basis() {
    let read = model(&param("i32", "    range: \"[1,31]\"\n", "range"), "");
    let stated = model(&param("i32", "    range: \"[1,31]\"\n", ""), "");
    let s = one(&read, &stated, "range_became_stated", BOTH);
    assert_eq!(s, "P: range became stated ([1,31])");
    let s = one(&stated, &read, "range_became_reading", NEITHER);
    assert_eq!(s, "P: range became a reading ([1,31])");
}

#[test]
fn a_reading_changes_value() {
    let wide = model(&param("i32", "    range: \"[1,65535]\"\n", "range"), "");
    let narrow = model(&param("i32", "    range: \"[1,1024]\"\n", "range"), "");
    let s = one(&wide, &narrow, "reading_range_tightened", NEITHER);
    assert_eq!(
        s,
        "P: reading range tightened from [1,65535] (between 1 and 65535) to [1,1024] (between 1 and 1024)"
    );
    one(&narrow, &wide, "reading_range_loosened", NEITHER);
    let none = model(&param("string", "", ""), "");
    let pattern = model(&param("string", "    pattern: \"[a-z]+\"\n", "pattern"), "");
    let s = one(&none, &pattern, "reading_pattern_tightened", NEITHER);
    assert_eq!(s, "P: reading pattern tightened (null → \"[a-z]+\")");
    one(&pattern, &none, "reading_pattern_loosened", NEITHER);
    let other = model(&param("string", "    pattern: \"[a-z]*\"\n", "pattern"), "");
    one(&pattern, &other, "reading_pattern_changed", NEITHER);
}

#[test]
fn value_and_basis_changing_together_are_judged_by_the_stated_side() {
    let read = model(&param("i32", "    range: \"[1,100]\"\n", "range"), "");
    let wider = model(&param("i32", "    range: \"[1,200]\"\n", ""), "");
    let narrower = model(&param("i32", "    range: \"[1,50]\"\n", ""), "");
    let s = one(&read, &wider, "range_became_stated", BOTH);
    assert!(
        s.starts_with("P: range became stated, and loosened from [1,100]"),
        "{s}"
    );
    let s = one(&read, &narrower, "range_tightened", BOTH);
    assert!(s.ends_with(", and became stated"), "{s}");
    let s = one(&wider, &read, "range_became_reading", NEITHER);
    assert!(
        s.starts_with("P: range became a reading, and tightened"),
        "{s}"
    );
    let s = one(&narrower, &read, "range_loosened", NEITHER);
    assert!(s.ends_with(", and became a reading"), "{s}");
}

#[test]
fn item_and_list_constraints_change_basis() {
    let items = "    items:\n      format: full_hour\n";
    let read = model(&param("list<string>", items, "items.format"), "");
    let stated = model(&param("list<string>", items, ""), "");
    let s = one(&read, &stated, "item_format_became_stated", BOTH);
    assert_eq!(s, "P: item format became stated (\"full_hour\")");
    one(&stated, &read, "item_format_became_reading", NEITHER);
    let unique = "    unique: true\n";
    let read = model(&param("list<string>", unique, "unique"), "");
    let stated = model(&param("list<string>", unique, ""), "");
    let s = one(&read, &stated, "unique_became_stated", BOTH);
    assert_eq!(s, "P: unique became stated");
    let count = "    count: \"[1,4]\"\n";
    let read = model(&param("list<string>", count, "count"), "");
    let stated = model(&param("list<string>", count, ""), "");
    one(&stated, &read, "count_became_reading", NEITHER);
}

#[test]
fn an_enumeration_changes_basis() {
    let values = "    enum: [small, large]\n";
    let read = model(&param("string", values, "enum"), "");
    let stated = model(&param("string", values, ""), "");
    let s = one(&read, &stated, "enum_became_stated", BOTH);
    assert_eq!(s, "P: enum became stated (small, large)");
    one(&stated, &read, "enum_became_reading", NEITHER);
    // A value added as the enumeration becomes a reading: both are reported.
    let more = model(
        &param("string", "    enum: [small, large, huge]\n", "enum"),
        "",
    );
    let kinds: Vec<String> = changes(&stated, &more).into_iter().map(|c| c.0).collect();
    assert_eq!(kinds, ["enum_became_reading", "enum_value_added"]);
}

#[test]
fn required_is_judged_by_its_basis() {
    let req = "    required: true\n";
    let optional = model(&param("string", "", ""), "");
    let stated = model(&param("string", req, ""), "");
    let read = model(&param("string", req, "required"), "");
    one(&optional, &stated, "required_added", BOTH);
    one(&stated, &optional, "required_removed", API);
    let s = one(&optional, &read, "reading_required_added", NEITHER);
    assert!(s.starts_with("P: now required as a reading"), "{s}");
    one(&read, &optional, "reading_required_removed", NEITHER);
    let s = one(&read, &stated, "required_became_stated", BOTH);
    assert!(s.starts_with("P: required became stated"), "{s}");
    one(&stated, &read, "required_became_reading", API);
}

#[test]
fn a_parameter_required_as_a_reading_is_added_as_an_optional_one() {
    let other = "  - name: Q\n    type: string\n    in: json\n    description: Another.\n";
    let req = "    required: true\n";
    let before = model(other, "");
    let read = model(&format!("{other}{}", param("string", req, "required")), "");
    let stated = model(&format!("{other}{}", param("string", req, "")), "");
    let s = one(&before, &read, "parameter_added_optional", NEITHER);
    assert_eq!(
        s,
        "P: optional parameter added, required as a reading (string)"
    );
    one(&before, &stated, "parameter_added_required", BOTH);
}

#[test]
fn a_changed_reading_list_is_no_documentation_change() {
    // The note's words are the same; only which constraints it reads changes.
    let both = "    length: \"[1,8]\"\n    ascii: true\n";
    let one_reading = model(&param("string", both, "length"), "");
    let two_readings = model(&param("string", both, "length, ascii"), "");
    one(&one_reading, &two_readings, "ascii_became_reading", NEITHER);
}

/// Parameters for rules: `K`, an enumeration, and `P`, an optional integer.
fn rule_params() -> String {
    "  - name: K\n    type: string\n    in: json\n    description: A kind.\n    enum: [a, b]\n  - name: P\n    type: i32\n    in: json\n    description: A number.\n".to_owned()
}

/// A `range_if` rule on `P` when `K` is `a`, with that range and basis.
fn range_if(range: &str, reading: bool) -> String {
    let basis = if reading { "    basis: reading\n" } else { "" };
    format!(
        "  - kind: range_if\n{basis}    field: P\n    when: {{field: K, in: [a]}}\n    range: \"{range}\"\n    source: {{quote: P is small for a.}}\n    notes:\n      - subject: rule\n        doc_says: The page.\n        decision: The spec.\n"
    )
}

#[test]
fn rules_change_basis() {
    let p = rule_params();
    let none = model(&p, "");
    let stated = model(&p, &range_if("[1,10]", false));
    let read = model(&p, &range_if("[1,10]", true));
    let read_wider = model(&p, &range_if("[1,20]", true));
    let stated_wider = model(&p, &range_if("[1,20]", false));
    let s = one(&read, &stated, "rule_became_stated", BOTH);
    assert_eq!(
        s,
        "P: rule became stated: P must be between 1 and 10 when K is a"
    );
    one(&stated, &read, "rule_became_reading", NEITHER);
    let s = one(&none, &read, "reading_rule_added", NEITHER);
    assert!(s.starts_with("P: reading rule added: "), "{s}");
    one(&read, &none, "reading_rule_removed", NEITHER);
    one(&none, &stated, "rule_added", BOTH);
    one(&stated, &none, "rule_removed", NEITHER);
    one(&read, &read_wider, "reading_rule_changed", NEITHER);
    one(&stated, &stated_wider, "rule_changed", BOTH);
    // Changed and rebased: judged by the stated side.
    let s = one(&read, &stated_wider, "rule_changed", BOTH);
    assert!(s.starts_with("P: rule changed, and became stated: "), "{s}");
    let s = one(&stated, &read_wider, "rule_became_reading", NEITHER);
    assert!(
        s.starts_with("P: rule became a reading, and changed: "),
        "{s}"
    );
}

#[test]
fn every_change_is_flagged_as_classify_says() {
    // Any pair of the models above: the flags always come from `classify`.
    let p = rule_params();
    let models = [
        model(&param("i32", "    range: \"[1,31]\"\n", "range"), ""),
        model(&param("i32", "    range: \"[1,50]\"\n", ""), ""),
        model(&param("i32", "    required: true\n", "required"), ""),
        model(&p, &range_if("[1,10]", true)),
        model(&p, &range_if("[1,20]", false)),
    ];
    for a in &models {
        for b in &models {
            for c in diff(a, b) {
                assert_eq!(
                    (c.kind.breaking_api(), c.kind.breaking_wire()),
                    (c.breaking_api, c.breaking_wire),
                    "{}",
                    c.kind
                );
            }
        }
    }
}

/// The kinds of every change, and the verdict they need together.
fn kinds_and_verdict(old: &Model, new: &Model) -> (Vec<String>, Verdict) {
    let all = diff(old, new);
    let kinds = all.iter().map(|c| c.kind.to_string()).collect();
    (kinds, verdict(&all))
}

#[test]
fn the_same_specs_need_no_bump() {
    let m = model(&param("i32", "    range: \"[1,31]\"\n", ""), "");
    assert_eq!(kinds_and_verdict(&m, &m), (vec![], Verdict::None));
}

#[test]
fn a_stated_range_tightened_is_major_and_loosened_minor() {
    let wide = model(&param("i32", "    range: \"[1,31]\"\n", ""), "");
    let narrow = model(&param("i32", "    range: \"[1,10]\"\n", ""), "");
    let (kinds, bump) = kinds_and_verdict(&wide, &narrow);
    assert_eq!(
        (kinds, bump),
        (vec!["range_tightened".to_owned()], Verdict::Major)
    );
    let (kinds, bump) = kinds_and_verdict(&narrow, &wide);
    assert_eq!(
        (kinds, bump),
        (vec!["range_loosened".to_owned()], Verdict::Minor)
    );
}

#[test]
fn documentation_alone_is_a_patch() {
    let before = model(&param("string", "", ""), "");
    let after = model(
        &param("string", "", "").replace("A parameter.", "A parameter, reworded."),
        "",
    );
    let s = one(&before, &after, "doc_changed", NEITHER);
    assert_eq!(s, "P: documentation changed");
    assert_eq!(kinds_and_verdict(&before, &after).1, Verdict::Patch);
}

#[test]
fn a_type_changed_breaks_both_and_nothing_else_is_compared() {
    // The range goes with the type: only the type change is reported.
    let small = model(&param("i32", "    range: \"[1,31]\"\n", ""), "");
    let large = model(&param("i64", "", ""), "");
    let s = one(&small, &large, "type_changed", BOTH);
    assert_eq!(s, "P: type changed from i32 to i64");
    assert_eq!(kinds_and_verdict(&small, &large).1, Verdict::Major);
}

#[test]
fn parameters_added_and_removed() {
    let other = "  - name: Q\n    type: string\n    in: json\n    description: Another.\n";
    let one_param = model(other, "");
    let two_params = model(&format!("{other}{}", param("string", "", "")), "");
    let s = one(&one_param, &two_params, "parameter_added_optional", NEITHER);
    assert_eq!(s, "P: optional parameter added (string)");
    assert_eq!(kinds_and_verdict(&one_param, &two_params).1, Verdict::Minor);
    let s = one(&two_params, &one_param, "parameter_removed", BOTH);
    assert_eq!(s, "P: parameter removed");
}

#[test]
fn a_request_enum_value_added_breaks_exhaustive_matches() {
    let two = model(&param("string", "    enum: [small, large]\n", ""), "");
    let three = model(&param("string", "    enum: [small, large, huge]\n", ""), "");
    let s = one(&two, &three, "enum_value_added", API);
    assert!(s.starts_with("P: value `huge` added to "), "{s}");
    assert_eq!(kinds_and_verdict(&two, &three).1, Verdict::Major);
    one(&three, &two, "enum_value_removed", BOTH);
}

#[test]
fn several_changes_take_the_highest_bump_and_sort_by_kind_name() {
    let before = model(&param("i32", "    range: \"[1,31]\"\n", ""), "");
    let after = model(
        &param("i32", "    range: \"[1,10]\"\n", "").replace("A parameter.", "Another."),
        "",
    );
    let (kinds, bump) = kinds_and_verdict(&before, &after);
    assert_eq!(kinds, ["doc_changed", "range_tightened"]);
    assert_eq!(bump, Verdict::Major);
}

#[test]
fn a_kind_is_written_and_compared_by_its_name() {
    use ConstraintChange::{BecameStated, Reading, Value};
    use Direction::{Changed, Tightened};
    let read = ChangeKind::Constraint(ConstraintKind::ItemRange, Reading(Tightened));
    assert_eq!(read.to_string(), "reading_item_range_tightened");
    assert_eq!(
        serde_json::to_value(read).unwrap(),
        json!("reading_item_range_tightened")
    );
    let stated = ChangeKind::Constraint(ConstraintKind::Enum, BecameStated);
    assert_eq!(stated.to_string(), "enum_became_stated");
    assert_eq!(
        ChangeKind::Constraint(ConstraintKind::Format, Value(Changed)).to_string(),
        "format_changed"
    );
    assert_eq!(ChangeKind::RequiredBecameReading, "required_became_reading");
    // A prefix or an extension of the name is another name.
    assert_ne!(read, "reading_item_range");
    assert_ne!(read, "reading_item_range_tightened_");
    assert_ne!(ChangeKind::DocChanged, "");
}

#[test]
fn every_kind_has_its_own_name_and_a_bump_that_follows_its_flags() {
    let mut seen = BTreeSet::new();
    for kind in ChangeKind::all() {
        assert!(seen.insert(kind.to_string()), "{kind} twice");
        let impact = kind.impact();
        // Only what no program can observe is a patch.
        let invisible = [
            "doc_changed",
            "default_changed",
            "sensitive_changed",
            "example_changed",
        ]
        .contains(&kind.to_string().as_str());
        let expected = match (impact.breaking_api(), impact.breaking_wire(), invisible) {
            (true, ..) => Verdict::Major,
            (false, true, _) | (false, false, false) => Verdict::Minor,
            (false, false, true) => Verdict::Patch,
        };
        assert_eq!(impact.verdict(), expected, "{kind}");
    }
    // Flags are only added or removed; the enumeration's values change as kinds of their own.
    for missing in [
        "ascii_changed",
        "unique_changed",
        "enum_tightened",
        "count_became",
    ] {
        assert!(!seen.contains(missing), "{missing}");
    }
}
