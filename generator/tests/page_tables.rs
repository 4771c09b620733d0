//! The page reader on the repository's own snapshots: every request-parameter row it finds is
//! a parameter, a member or a protocol parameter of the hand-written spec, and every parameter
//! of the spec is a row of its page.

use std::collections::BTreeSet;
use std::path::Path;

use specgen::model::{Location, Operation, Service, TypeDef};
use specgen::page::{self, Layout};

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The wire names a spec gives its request: parameters, members of its objects (its own and
/// its service's), and the protocol parameters its page lists.
fn spec_names(service: &Service, op: &Operation) -> (BTreeSet<String>, BTreeSet<String>) {
    // Path parameters are listed in the page's URI table, not in its request-parameter table.
    let top: BTreeSet<String> = op
        .request
        .fields
        .iter()
        .filter(|f| f.location != Some(Location::Path))
        .map(|f| f.wire.clone())
        .collect();
    let mut all = top.clone();
    all.extend(op.common_parameters.iter().map(|c| c.name.clone()));
    for t in op.types.iter().chain(&service.types) {
        if let TypeDef::Object(o) = t {
            all.extend(o.fields.iter().map(|f| f.wire.clone()));
        }
    }
    (top, all)
}

#[test]
fn every_row_of_every_snapshot_is_in_its_spec_and_back() {
    let (sources, result) = specgen::build(&root().join("specs"), "sdk");
    let generated = result.unwrap_or_else(|e| panic!("{}", e.render(&sources, false)));
    let mut layouts = BTreeSet::new();
    let mut checked = 0;
    for service in &generated.model.services {
        for op in &service.operations {
            let path = root().join(&op.page.document);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let (layout, rows) =
                page::request_table(&text).unwrap_or_else(|| panic!("{}: no request table", op.id));
            layouts.insert(format!("{layout:?}"));
            // `BackupPeriod.N` is Tencent's way of printing the list `BackupPeriod`.
            let names: BTreeSet<String> = rows
                .iter()
                .filter(|r| !r.name.is_empty())
                .map(|r| r.name.trim_end_matches(".N").to_owned())
                .collect();
            let (top, all) = spec_names(service, op);
            let unknown: Vec<&String> = names.difference(&all).collect();
            assert!(
                unknown.is_empty(),
                "{}: rows not in the spec: {unknown:?}",
                op.id
            );
            let unread: Vec<&String> = top.difference(&names).collect();
            assert!(
                unread.is_empty(),
                "{}: parameters not read: {unread:?}",
                op.id
            );
            if layout == Layout::Tencent {
                assert!(
                    rows.iter()
                        .take(3)
                        .map(|r| r.name.as_str())
                        .eq(["Action", "Version", "Region"])
                );
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 5);
    assert_eq!(layouts.len(), 3, "{layouts:?}");
}

#[test]
fn the_prose_of_the_snapshots_states_what_the_specs_transcribe() {
    let read = |p: &str, name: &str| {
        let text = std::fs::read_to_string(root().join("specs").join(p)).unwrap();
        let (_, rows) = page::request_table(&text).unwrap();
        let row = rows.into_iter().find(|r| r.name == name).unwrap();
        (page::facts(&row.description), row)
    };
    let (f, _) = read(
        "tencentcloud/postgres/pages/CreateBackupPlan.txt",
        "BaseBackupRetentionPeriod",
    );
    assert_eq!(
        (f.range.unwrap().min, f.range.unwrap().max),
        (Some(0), Some(29999))
    );
    let (f, row) = read(
        "alibabacloud/dbs/pages/ConfigureBackupPlan.txt",
        "SourceEndpointInstanceType",
    );
    assert!(row.is_required());
    assert_eq!(f.values, ["RDS", "ECS", "Express", "Agent", "DDS", "Other"]);
    let (f, _) = read(
        "alibabacloud/dbs/pages/ConfigureBackupPlan.txt",
        "SourceEndpointRegion",
    );
    assert_eq!(f.required_if.len(), 1, "{f:?}");
    let (f, _) = read(
        "huaweicloud/vbs/pages/CreateBackupPolicy.txt",
        "rentention_day",
    );
    assert_eq!(
        (f.range.unwrap().min, f.range.unwrap().max),
        (Some(2), Some(99999))
    );
    let (f, row) = read("huaweicloud/vbs/pages/CreateBackupPolicy.txt", "frequency");
    assert!(!row.is_required());
    assert_eq!(
        (f.range.unwrap().min, f.range.unwrap().max),
        (Some(1), Some(14))
    );
    let (f, row) = read("alibabacloud/hbr/pages/CreateBackupPlan.txt", "Edition");
    assert_eq!(f.values, ["BASIC", "STANDARD"]);
    assert_eq!(f.default.as_deref(), Some("STANDARD"));
    assert_eq!(row.example.as_deref(), Some("STANDARD"));
    let (f, _) = read(
        "alibabacloud/dbs/pages/CreateAndStartBackupPlan.txt",
        "OSSBucketName",
    );
    assert_eq!(f.default, None);
}

/// The other sections of each snapshot, read as `specgen import` reads them, against what the
/// hand-written spec transcribed: response fields, error codes, HTTP statuses, the examples'
/// requests and responses, the title and the date.
#[test]
fn every_snapshot_section_agrees_with_its_spec() {
    use specgen::page::sections;
    let (sources, result) = specgen::build(&root().join("specs"), "sdk");
    let generated = result.unwrap_or_else(|e| panic!("{}", e.render(&sources, false)));
    for service in &generated.model.services {
        for op in &service.operations {
            let page = std::fs::read_to_string(root().join(&op.page.document)).expect("snapshot");
            let (layout, _) = page::request_table(&page).expect("a table");
            let meta = sections::meta(&page, layout);
            assert_eq!(
                meta.title.as_deref(),
                Some(op.page.title.as_str()),
                "{}",
                op.id
            );
            assert_eq!(
                meta.updated.unwrap_or_default(),
                op.page.updated,
                "{}",
                op.id
            );

            let (_, rows) = sections::response_table(&page, layout);
            let read: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
            let spec: Vec<&str> = op.response.fields.iter().map(|f| f.wire.as_str()).collect();
            assert_eq!(read, spec, "{}: response fields", op.id);

            let codes: Vec<(String, Option<u16>)> = sections::error_codes(&page)
                .into_iter()
                .map(|e| (e.code, e.http_status))
                .collect();
            let spec: Vec<(String, Option<u16>)> = op
                .errors
                .iter()
                .map(|e| (e.code.clone(), e.http_status))
                .collect();
            assert_eq!(codes, spec, "{}: error codes", op.id);
            let statuses: Vec<u16> = sections::status_codes(&page).iter().map(|s| s.0).collect();
            let spec: Vec<u16> = op.status_codes.iter().map(|s| s.0).collect();
            assert_eq!(statuses, spec, "{}: statuses", op.id);

            // Every example request and response the page shows is one the spec copied.
            let examples = sections::examples(&page, layout);
            assert!(!examples.is_empty(), "{}", op.id);
            for e in &examples {
                let parsed = |t: &Option<String>| {
                    t.as_deref()
                        .map(|t| serde_json::from_str::<serde_json::Value>(t).expect("JSON"))
                };
                let request =
                    parsed(&e.request).map(|v| v.as_object().cloned().expect("an object"));
                assert!(
                    op.examples.iter().any(|x| x.request == request),
                    "{}: example {:?}",
                    op.id,
                    e.title
                );
            }
        }
    }
}
