//! Property tests: validation never panics, whatever JSON it is given, and a request that
//! validates survives a serialize/deserialize round trip through its typed form unchanged.

mod support;

use proptest::prelude::*;
use serde_json::{Map, Value};

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "\\PC{0,12}".prop_map(Value::String),
        // Strings that look like the values specs check: times, lists, JSON text, paths.
        prop::sample::select(vec![
            "",
            "00:00",
            "23:59",
            "24:00",
            "12:00,13:00",
            "UTC+08:00",
            "I|1602673264|P1D",
            "0:24:5120",
            "/home",
            r"C:\data",
            r#"["/a"]"#,
            r#"{"UseVSS":true}"#,
            "Monday,Sunday",
            "default_x",
            "RDS",
            "month",
        ])
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[A-Za-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

fn operation_ids() -> Vec<&'static str> {
    cloud_backup_sdk::operations()
        .iter()
        .map(|o| o.id)
        .collect()
}

/// The wire names of an operation's parameters, and every example value of each, from the
/// specs.
/// An operation id with each parameter's wire name and sample values.
type OperationValues = (String, Vec<(String, Vec<Value>)>);

fn parameter_values() -> &'static [OperationValues] {
    static VALUES: std::sync::LazyLock<Vec<OperationValues>> =
        std::sync::LazyLock::new(collect_parameter_values);
    &VALUES
}

fn collect_parameter_values() -> Vec<OperationValues> {
    let (_, result) = specgen::build(&support::root().join("specs"), "cloud_backup_sdk");
    let model = result
        .unwrap_or_else(|_| panic!("the specs are invalid"))
        .model;
    let mut out = Vec::new();
    for service in &model.services {
        for op in &service.operations {
            let fields = op
                .request
                .fields
                .iter()
                .map(|f| {
                    let mut values = f.examples.clone();
                    values.extend(f.default.clone());
                    (f.wire.clone(), values)
                })
                .collect();
            out.push((op.id.clone(), fields));
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn validation_never_panics_on_any_json(op in prop::sample::select(operation_ids()), value in any_json()) {
        let _ = cloud_backup_sdk::validate_json(op, &value);
    }

    #[test]
    fn validation_never_panics_on_a_mutated_valid_request(
        op in prop::sample::select(operation_ids()),
        mutations in prop::collection::vec((any::<prop::sample::Index>(), "[A-Za-z_]{0,3}", any_json()), 1..4),
    ) {
        let mut request = support::base_request(op);
        let names: Vec<String> = request.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
        for (index, suffix, value) in mutations {
            let name = if suffix.is_empty() { names[index.index(names.len())].clone() } else { suffix };
            if let Some(m) = request.as_object_mut() {
                m.insert(name, value);
            }
        }
        let _ = cloud_backup_sdk::validate_json(op, &request);
    }

    #[test]
    fn a_valid_request_survives_the_typed_round_trip(
        op_index in any::<prop::sample::Index>(),
        picks in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), any::<bool>()), 0..8),
        text in "\\PC{1,16}",
    ) {
        let ops = parameter_values();
        let (op, fields) = &ops[op_index.index(ops.len())];
        let mut request = support::base_request(op);
        for (field, value, arbitrary) in picks {
            let (name, values) = &fields[field.index(fields.len())];
            let v = if arbitrary || values.is_empty() { Value::String(text.clone()) } else { values[value.index(values.len())].clone() };
            if let Some(m) = request.as_object_mut() {
                m.insert(name.clone(), v);
            }
        }
        // Only requests that validate make a claim; invalid combinations are skipped.
        if cloud_backup_sdk::validate_json(op, &request).unwrap().is_ok() {
            let out = support::typed_round_trip(op, &request).map_err(TestCaseError::fail)?;
            // What was serialized is itself a valid request.
            prop_assert!(cloud_backup_sdk::validate_json(op, &out).unwrap().is_ok(), "{out}");
        }
    }
}
