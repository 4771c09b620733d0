//! The checker on specs written inline: a spec in, the messages it draws out.

use super::MAX_RULE_PATH_STEPS;

const SERVICE: &str = include_str!("../../../tests/bad-specs/base/example/demo/service.yaml");
const PAGE: &str = include_str!("../../../tests/bad-specs/base/example/demo/pages/Demo.txt");

/// What every operation below ends with, so that its lines keep their numbers.
const RESPONSE: &str =
    "response:\n  fields:\n    - {name: Id, type: string, description: The id.}\n";

/// The errors the operation file `Demo.yaml` (`demo` and a response) draws: line and message.
fn errors(demo: &str) -> Vec<(usize, String)> {
    match build(demo) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .items
            .iter()
            .map(|d| (d.span.map_or(0, |s| s.line as usize), d.message.clone()))
            .collect(),
    }
}

/// The rules of the operation `Demo.yaml` describes, as the model holds them.
fn rules(demo: &str) -> Vec<crate::model::Rule> {
    let generated = build(demo).unwrap_or_else(|e| panic!("{:?}", e.items));
    let service = generated.model.services.into_iter().next().unwrap();
    service.operations.into_iter().next().unwrap().request.rules
}

fn build(demo: &str) -> Result<crate::Generated, crate::Errors> {
    let demo = format!("{demo}{RESPONSE}");
    let files = [
        ("Demo.yaml", demo.as_str()),
        ("service.yaml", SERVICE),
        ("pages/Demo.txt", PAGE),
    ]
    .into_iter()
    .map(|(name, text)| {
        let mut components = vec!["example".to_owned(), "demo".to_owned()];
        components.extend(name.split('/').map(str::to_owned));
        (components, text.to_owned())
    })
    .collect();
    crate::build_sources(files, "specs", "example").1
}

const HEAD: &str = "operation: Demo
description: A demo.
source:
  document: pages/Demo.txt
  title: Demo
http:
  method: POST
  path: /
parameters:
  - name: Name
    type: string
    in: json
    description: A name.
";

/// A spec whose rule names `Deep` and then `steps - 1` nested objects.
fn deep_rule(steps: usize) -> String {
    let path: Vec<String> = std::iter::once("Deep".to_owned())
        .chain((1..steps).map(|i| format!("f{i}")))
        .collect();
    let mut types = String::new();
    for level in 1..steps {
        let ty = if level + 1 == steps {
            "string".to_owned()
        } else {
            format!("L{}", level + 1)
        };
        types.push_str(&format!(
            "  L{level}:\n    description: Level {level}.\n    fields:\n      - {{name: f{level}, type: {ty}, description: A step.}}\n"
        ));
    }
    format!(
        "{HEAD}  - name: Deep\n    type: L1\n    in: json\n    description: Nested objects.\n\
         rules:\n  - kind: required_if\n    field: {}\n    when: {{field: Name, in: [x]}}\n    \
         source: {{row: Deep, quote: Required when Name is x.}}\ntypes:\n{types}",
        path.join(".")
    )
}

#[test]
fn a_valid_operation_draws_no_error() {
    assert_eq!(errors(HEAD), Vec::new());
}

#[test]
fn a_rule_path_at_the_runtime_limit_passes_and_one_step_more_is_an_error_at_its_line() {
    assert_eq!(errors(&deep_rule(MAX_RULE_PATH_STEPS)), Vec::new());
    let past = errors(&deep_rule(MAX_RULE_PATH_STEPS + 1));
    assert_eq!(past.len(), 1, "{past:?}");
    assert_eq!(past[0].0, 20, "the line of `field:` in the rule");
    assert!(past[0].1.contains("takes 5 steps"), "{past:?}");
    assert!(past[0].1.contains("at most 4"), "{past:?}");
}

/// The limit is the runtime's: `rt::at` finds as many steps as the checker lets through, and
/// refuses one more (in a constant, that refusal stops compilation).
#[test]
fn the_rule_path_limit_is_the_runtimes() {
    use cloud_backup_runtime::{Field, Page, Source, at};
    static PAGE: Page = Page::new("A page", "page.txt");
    static FIELDS: [Field; 1] = [Field::new("a", Source::new("spec.yaml", &PAGE, ""))];
    let path = |steps: usize| vec!["a"; steps].join(".");
    let tables = |steps: usize| vec![&FIELDS[..]; steps];
    let within = path(MAX_RULE_PATH_STEPS);
    let _ = at(within.leak(), &tables(MAX_RULE_PATH_STEPS));
    let past = path(MAX_RULE_PATH_STEPS + 1);
    let refused = std::panic::catch_unwind(|| at(past.leak(), &tables(MAX_RULE_PATH_STEPS + 1)));
    assert!(refused.is_err());
}

#[test]
fn a_rule_naming_an_unknown_field_suggests_the_nearest() {
    let spec = format!(
        "{HEAD}rules:\n  - kind: required_if\n    field: Nme\n    when: {{field: Name, in: [x]}}\n    \
         source: {{row: Name, quote: Required.}}\n"
    );
    let found = errors(&spec);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0],
        (16, "the rule names `Nme`, which is not a field".to_owned())
    );
}

#[test]
fn a_rule_naming_a_field_that_failed_its_own_checks_is_not_reported_again() {
    let spec = format!(
        "{HEAD}  - name: Size\n    type: integer\n    in: json\n    description: A size.\n\
         rules:\n  - kind: required_if\n    field: Size\n    when: {{field: Name, in: [x]}}\n    \
         source: {{row: Size, quote: Required.}}\n"
    );
    let found = errors(&spec);
    assert_eq!(found.len(), 1, "only the type is reported: {found:?}");
    assert_eq!(found[0].0, 15, "the line of `type: integer`");
}

#[test]
fn a_rule_that_quotes_nothing_is_an_error() {
    let spec = format!(
        "{HEAD}rules:\n  - kind: required_if\n    field: Name\n    when: {{field: Name, present: true}}\n"
    );
    let found = errors(&spec);
    assert!(
        found.iter().any(|(_, m)| m.contains("quotes nothing")),
        "{found:?}"
    );
}

/// `Size`, an integer, and a rule on `Name` whose condition is `Size` in `values`.
fn size_condition(values: &str) -> String {
    format!(
        "{HEAD}  - name: Size\n    type: i32\n    in: json\n    description: A size.\n\
         rules:\n  - kind: required_if\n    field: Name\n    when: {{field: Size, in: {values}}}\n    \
         source: {{row: Name, quote: Required when Size is 1 or 2.}}\n"
    )
}

#[test]
fn a_condition_on_an_integer_takes_numbers_only() {
    assert_eq!(errors(&size_condition("[1, 2]")), Vec::new());
    // At the line of `when:`, where the flow sequence is.
    assert_eq!(
        errors(&size_condition("[1, x]")),
        [(
            21,
            "a string cannot be a value of `Size`, which is `i32`".to_owned()
        )]
    );
}

#[test]
fn a_rule_is_worded_by_its_description_only_when_it_has_no_generated_wording() {
    let spec = |kind: &str| {
        format!(
            "{HEAD}rules:\n  - kind: {kind}\n    fields: [Name]\n    description: Names are unique.\n    \
             source: {{row: Name, quote: Unique.}}\n"
        )
    };
    let server_side = rules(&spec("server_side"));
    let [rule] = server_side.as_slice() else {
        panic!("{server_side:?}")
    };
    assert_eq!(
        (rule.message.as_str(), rule.description.as_deref()),
        ("Names are unique.", None)
    );
    let required = rules(&format!(
        "{HEAD}rules:\n  - kind: required_if\n    field: Name\n    when: {{field: Name, present: true}}\n    \
         description: Needed.\n    source: {{row: Name, quote: Required.}}\n"
    ));
    let [rule] = required.as_slice() else {
        panic!("{required:?}")
    };
    assert_eq!(
        (rule.message.as_str(), rule.description.as_deref()),
        ("Name is required when Name is set", Some("Needed."))
    );
}
