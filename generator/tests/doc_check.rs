//! `specgen doc-check`: silent on the repository's specs and snapshots, and on edited copies of
//! each snapshot, each edit reported on the right parameter with the right kind, and nothing
//! else.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use specgen::doc_check::{self, FindingKind};

fn root() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).to_owned()
}

#[test]
fn the_snapshots_and_the_specs_agree() {
    let reports = doc_check::run(&root().join("specs"), &[], None).unwrap();
    assert_eq!(reports.len(), 5);
    for r in &reports {
        assert!(r.findings.is_empty(), "{}: {:#?}", r.operation, r.findings);
    }
}

/// One edit of a snapshot and what it must produce.
struct Edit {
    /// The operation's spec, under `specs/`.
    spec: &'static str,
    /// Its snapshot, under `specs/`.
    page: &'static str,
    from: &'static str,
    to: &'static str,
    expected: &'static [(FindingKind, &'static str)],
}

const EDITS: &[Edit] = &[
    Edit {
        spec: "tencentcloud/postgres/CreateBackupPlan.yaml",
        page: "tencentcloud/postgres/pages/CreateBackupPlan.txt",
        from: "value range: [0,30000)",
        to: "value range: [0,40000)",
        expected: &[(FindingKind::Range, "BaseBackupRetentionPeriod")],
    },
    Edit {
        spec: "tencentcloud/postgres/CreateBackupPlan.yaml",
        page: "tencentcloud/postgres/pages/CreateBackupPlan.txt",
        from: "MinBackupStartTime No String",
        to: "MinBackupStartTime Yes String",
        expected: &[(FindingKind::Required, "MinBackupStartTime")],
    },
    Edit {
        spec: "tencentcloud/postgres/CreateBackupPlan.yaml",
        page: "tencentcloud/postgres/pages/CreateBackupPlan.txt",
        from: "MaxBackupStartTime No String",
        to: "NewFlag No Boolean Whether to do something new.\nMaxBackupStartTime No String",
        expected: &[(FindingKind::MissingInSpec, "NewFlag")],
    },
    Edit {
        spec: "tencentcloud/postgres/CreateBackupPlan.yaml",
        page: "tencentcloud/postgres/pages/CreateBackupPlan.txt",
        from: "PlanName Yes String Specifies the name of the backup plan.\n",
        to: "",
        expected: &[(FindingKind::MissingInPage, "PlanName")],
    },
    Edit {
        spec: "tencentcloud/postgres/CreateBackupPlan.yaml",
        page: "tencentcloud/postgres/pages/CreateBackupPlan.txt",
        from: "PlanName Yes String",
        to: "PlanName Yes Integer",
        expected: &[(FindingKind::Type, "PlanName")],
    },
    Edit {
        spec: "alibabacloud/dbs/ConfigureBackupPlan.yaml",
        page: "alibabacloud/dbs/pages/ConfigureBackupPlan.txt",
        from: "  • Agent: A database connected through a backup gateway.\n",
        to: "",
        expected: &[(FindingKind::Enum, "SourceEndpointInstanceType")],
    },
    Edit {
        spec: "alibabacloud/dbs/ConfigureBackupPlan.yaml",
        page: "alibabacloud/dbs/pages/ConfigureBackupPlan.txt",
        from: "\n3306\n",
        to: "\n3307\n",
        expected: &[(FindingKind::Example, "SourceEndpointPort")],
    },
    Edit {
        spec: "alibabacloud/dbs/CreateAndStartBackupPlan.yaml",
        page: "alibabacloud/dbs/pages/CreateAndStartBackupPlan.txt",
        from: "BackupPlanName\n\nstring\n\nYes\n",
        to: "BackupPlanName\n\nstring\n\nNo\n",
        expected: &[(FindingKind::Required, "BackupPlanName")],
    },
    Edit {
        spec: "huaweicloud/vbs/CreateBackupPolicy.yaml",
        page: "huaweicloud/vbs/pages/CreateBackupPolicy.txt",
        from: "Number (from 2 to 14) of retained backups.",
        to: "Number (from 2 to 20) of retained backups.",
        expected: &[(FindingKind::Range, "scheduled_policy.rentention_num")],
    },
    Edit {
        spec: "huaweicloud/vbs/CreateBackupPolicy.yaml",
        page: "huaweicloud/vbs/pages/CreateBackupPolicy.txt",
        from: "    • OFF\n",
        to: "    • OFF\n\n    • PAUSED\n",
        expected: &[(FindingKind::Enum, "scheduled_policy.status")],
    },
    Edit {
        spec: "huaweicloud/vbs/CreateBackupPolicy.yaml",
        page: "huaweicloud/vbs/pages/CreateBackupPolicy.txt",
        from: "must be specified.)\n\n    integer\n\n    Retention days",
        to: "must be specified.)\n\n    string\n\n    Retention days",
        expected: &[(FindingKind::Type, "scheduled_policy.rentention_day")],
    },
    Edit {
        spec: "huaweicloud/vbs/CreateBackupPolicy.yaml",
        page: "huaweicloud/vbs/pages/CreateBackupPolicy.txt",
        from: "0 to 43 characters",
        to: "0 to 128 characters",
        expected: &[(FindingKind::Range, "tags[].value")],
    },
    Edit {
        spec: "alibabacloud/hbr/CreateBackupPlan.yaml",
        page: "alibabacloud/hbr/pages/CreateBackupPlan.txt",
        from: "Default value: STANDARD.",
        to: "Default value: BASIC.",
        expected: &[(FindingKind::Default, "Edition")],
    },
    Edit {
        spec: "alibabacloud/hbr/CreateBackupPlan.yaml",
        page: "alibabacloud/hbr/pages/CreateBackupPlan.txt",
        from: "Response elements",
        to: "NewOption\n\nstring\n\nNo\n\nA new option.\n\nfoo\n\nResponse elements",
        expected: &[(FindingKind::MissingInSpec, "NewOption")],
    },
    Edit {
        spec: "alibabacloud/hbr/CreateBackupPlan.yaml",
        page: "alibabacloud/hbr/pages/CreateBackupPlan.txt",
        from: "The bandwidth limit, in KB/s.",
        to: "The bandwidth limit, in MB/s.",
        expected: &[(FindingKind::Description, "SpeedLimit")],
    },
    Edit {
        spec: "alibabacloud/hbr/CreateBackupPlan.yaml",
        page: "alibabacloud/hbr/pages/CreateBackupPlan.txt",
        from: "The backup retention period, in days. The minimum value is 1.",
        to: "The backup retention period, in days. The minimum value is 1. This parameter is required only if SourceType is set to OSS.",
        expected: &[(FindingKind::Required, "Retention")],
    },
    Edit {
        spec: "huaweicloud/vbs/CreateBackupPolicy.yaml",
        page: "huaweicloud/vbs/pages/CreateBackupPolicy.txt",
        from: "    Project ID\n",
        to: "    Project ID\n\n    region_id\n\n    Yes\n\n    Region ID\n",
        expected: &[(FindingKind::MissingInSpec, "region_id")],
    },
    Edit {
        spec: "huaweicloud/vbs/CreateBackupPolicy.yaml",
        page: "huaweicloud/vbs/pages/CreateBackupPolicy.txt",
        from: "    project_id\n\n    Yes\n",
        to: "    project_id\n\n    No\n",
        expected: &[(FindingKind::Required, "project_id")],
    },
    Edit {
        spec: "huaweicloud/vbs/CreateBackupPolicy.yaml",
        page: "huaweicloud/vbs/pages/CreateBackupPolicy.txt",
        from: "    project_id\n\n    Yes\n\n    Project ID\n",
        to: "",
        expected: &[(FindingKind::MissingInPage, "project_id")],
    },
];

#[test]
fn each_edit_of_a_snapshot_is_reported_on_its_parameter_and_nothing_else_is() {
    let specs = root().join("specs");
    let dir = tempfile::tempdir().unwrap();
    let mut pages_edited = BTreeSet::new();
    for (i, edit) in EDITS.iter().enumerate() {
        let text = std::fs::read_to_string(specs.join(edit.page)).unwrap();
        assert!(
            text.contains(edit.from),
            "edit {i}: {:?} is not on the page",
            edit.from
        );
        let page = dir.path().join(format!("edit-{i}.txt"));
        std::fs::write(&page, text.replacen(edit.from, edit.to, 1)).unwrap();
        let reports = doc_check::run(&specs, &[specs.join(edit.spec)], Some(&page)).unwrap();
        assert_eq!(reports.len(), 1);
        let got: Vec<(FindingKind, &str)> = reports[0]
            .findings
            .iter()
            .map(|f| (f.kind, f.parameter.as_str()))
            .collect();
        assert_eq!(got, edit.expected, "edit {i} of {}", edit.page);
        assert!(reports[0].findings.iter().all(|f| !f.message.is_empty()));
        pages_edited.insert(edit.page);
    }
    assert_eq!(pages_edited.len(), 5, "every snapshot is edited");
    let kinds: BTreeSet<FindingKind> = EDITS
        .iter()
        .flat_map(|e| e.expected.iter().map(|(k, _)| *k))
        .collect();
    assert_eq!(
        kinds.len(),
        FindingKind::ALL.len(),
        "every kind is exercised"
    );
}

#[test]
fn a_page_that_cannot_be_read_and_a_wrong_selection_are_errors() {
    let specs = root().join("specs");
    let missing = doc_check::run(
        &specs,
        &[specs.join("tencentcloud/postgres/CreateBackupPlan.yaml")],
        Some(Path::new("/nonexistent/page.txt")),
    );
    assert!(
        matches!(missing, Err(doc_check::RunError::Input(m)) if m.contains("cannot read the page"))
    );
    let many = doc_check::run(&specs, &[], Some(Path::new("/nonexistent/page.txt")));
    assert!(
        matches!(many, Err(doc_check::RunError::Input(m)) if m.contains("--page checks one operation"))
    );
}

#[test]
fn json_output_has_the_documented_shape() {
    let specs = root().join("specs");
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(specs.join("tencentcloud/postgres/pages/CreateBackupPlan.txt"))
            .unwrap();
    let page = dir.path().join("page.txt");
    std::fs::write(
        &page,
        text.replace("value range: [0,30000)", "value range: [1,30000)"),
    )
    .unwrap();
    let reports =
        doc_check::run(&specs, &[specs.join("tencentcloud/postgres")], Some(&page)).unwrap();
    let json = doc_check::to_json(&reports);
    let finding = &json["operations"][0]["findings"][0];
    assert_eq!(
        json["operations"][0]["operation"],
        "tencentcloud.postgres.CreateBackupPlan"
    );
    assert_eq!(finding["parameter"], "BaseBackupRetentionPeriod");
    assert_eq!(finding["kind"], "range");
    assert_eq!(finding["page"], serde_json::json!({"min": 1, "max": 29999}));
    assert_eq!(finding["spec"], "[0,30000)");
    assert!(finding["line"].as_u64().is_some());
    assert!(finding["message"].as_str().is_some());
}

/// The spec side of a condition: a rule removed from the spec leaves the page's "required only
/// if" sentence without a rule, and that is reported on the parameter.
#[test]
fn a_conditional_requirement_without_a_rule_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    let hbr = "alibabacloud/hbr";
    std::fs::create_dir_all(specs.join(hbr).join("pages")).unwrap();
    for f in ["service.yaml", "pages/CreateBackupPlan.txt"] {
        std::fs::copy(
            root().join("specs").join(hbr).join(f),
            specs.join(hbr).join(f),
        )
        .unwrap();
    }
    let spec =
        std::fs::read_to_string(root().join("specs").join(hbr).join("CreateBackupPlan.yaml"))
            .unwrap();
    let rule = "  - kind: required_if\n    field: FileSystemId\n";
    let at = spec.find(rule).expect("the FileSystemId rule");
    let end = spec[at + rule.len()..]
        .find("  - kind:")
        .map_or(spec.len(), |i| at + rule.len() + i);
    std::fs::write(
        specs.join(hbr).join("CreateBackupPlan.yaml"),
        format!("{}{}", &spec[..at], &spec[end..]),
    )
    .unwrap();
    let reports = doc_check::run(&specs, &[], None).unwrap();
    let got: Vec<(FindingKind, &str)> = reports[0]
        .findings
        .iter()
        .map(|f| (f.kind, f.parameter.as_str()))
        .collect();
    assert_eq!(got, [(FindingKind::Required, "FileSystemId")]);
    assert!(
        reports[0].findings[0]
            .message
            .contains("required only if SourceType is set to NAS")
    );
}
