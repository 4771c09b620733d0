//! A field's own `required_if` / `allowed_if` is the rule naming it, written beside the
//! field: both forms generate the same crate.

mod common;

fn generate(demo: &str) -> std::collections::BTreeMap<String, String> {
    common::build_demo(demo).files
}

use common::DEMO_HEAD as HEAD;

const SIZE: &str = "  - name: Size
    type: i32
    in: json
    description: A size.
";

const KIND: &str = "  - name: Kind
    type: string
    in: json
    description: A kind.
    enum: [small, large]
response:
  fields:
    - name: Id
      type: string
      description: The id.
";

#[test]
fn a_field_condition_generates_what_the_rule_generates() {
    let rule_form = format!(
        "{HEAD}{SIZE}{KIND}rules:
  - kind: required_if
    field: Name
    unless: {{field: Kind, in: [small]}}
    source: {{row: Name, quote: Required unless the kind is small.}}
  - kind: allowed_if
    basis: reading
    field: Size
    when: {{field: Kind, in: [large]}}
    source: {{row: Size, quote: Only for large ones.}}
    notes:
      - subject: only large
        doc_says: Only for large ones.
        decision: A reading.
"
    );
    let field_form = format!(
        "{HEAD}    required_if:
      unless: {{field: Kind, in: [small]}}
      source: {{quote: Required unless the kind is small.}}
{SIZE}    allowed_if:
      basis: reading
      when: {{field: Kind, in: [large]}}
      source: {{quote: Only for large ones.}}
      notes:
        - subject: only large
          doc_says: Only for large ones.
          decision: A reading.
{KIND}"
    );
    let from_rules = generate(&rule_form);
    let from_fields = generate(&field_form);
    assert_eq!(from_rules, from_fields);
    let all: String = from_fields.values().cloned().collect();
    for wording in [
        "Name is required unless Kind is small",
        "Size may be set only when Kind is large",
    ] {
        assert!(
            all.contains(wording),
            "no `{wording}` in the generated code"
        );
    }
    // Without the conditions, neither wording is generated.
    let plain: String = generate(&format!("{HEAD}{SIZE}{KIND}"))
        .into_values()
        .collect();
    assert!(!plain.contains("Name is required unless"));
}
