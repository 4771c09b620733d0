//! `specgen diff` on the real specs: a copy of `specs/` is edited the way a spec update would
//! edit it, and compared with the original. Each test checks the changes (kind, path, flags),
//! the verdict, and the generated files that change. The last tests snapshot the text and
//! Markdown reports of one diff with several changes.

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use specgen::diff::{DiffSide, Report, Verdict, compare};

/// A copy of the real specs.
struct Copy {
    _dir: tempfile::TempDir,
    specs: PathBuf,
}

impl Copy {
    fn new() -> Copy {
        let dir = tempfile::tempdir().unwrap();
        let specs = dir.path().join("specs");
        support::copy_dir(&support::root().join("specs"), &specs);
        Copy { _dir: dir, specs }
    }

    /// Replaces the first `from` after the one place `anchor` occurs in `file`.
    fn edit(&self, file: &str, anchor: &str, from: &str, to: &str) -> &Copy {
        let path = self.specs.join(file);
        let text = fs::read_to_string(&path).unwrap();
        let at = text
            .find(anchor)
            .unwrap_or_else(|| panic!("{file}: no {anchor:?}"));
        assert!(
            !text[at + 1..].contains(anchor),
            "{file}: {anchor:?} is not unique"
        );
        let offset = text[at..]
            .find(from)
            .unwrap_or_else(|| panic!("{file}: no {from:?} after {anchor:?}"));
        let start = at + offset;
        let edited = format!("{}{to}{}", &text[..start], &text[start + from.len()..]);
        fs::write(&path, edited).unwrap();
        self
    }

    /// The report from the real specs to this copy.
    fn report(&self) -> Report {
        compare(
            &DiffSide::Dir(support::root().join("specs")),
            &DiffSide::Dir(self.specs.clone()),
            Path::new("specs"),
            &specgen::crate_name(&support::root().join("generated")),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }
}

fn changes(report: &Report) -> Vec<(&str, Option<&str>, String, bool, bool)> {
    report
        .changes
        .iter()
        .map(|c| {
            (
                c.operation.as_str(),
                c.path.as_deref(),
                c.kind.to_string(),
                c.breaking_api,
                c.breaking_wire,
            )
        })
        .collect()
}

/// Asserts the generated files that change are exactly `files`, each modified, with lines
/// both added and removed (or, with `only_added`, added only, but for the one line of the
/// table's wire-name order, which a new field changes).
fn assert_files(report: &Report, files: &[&str], only_added: bool) {
    let paths: Vec<&str> = report.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, files, "{:#?}", report.files);
    for f in &report.files {
        assert_eq!(f.status, "modified", "{f:?}");
        assert!(f.added > 0, "{f:?}");
        if only_added {
            assert_eq!(f.removed, 1, "{f:?}");
        } else {
            assert!(f.removed > 0, "{f:?}");
        }
    }
}

const DBS_CONFIGURE: &str = "alibabacloud/dbs/ConfigureBackupPlan.yaml";
const DBS_CREATE: &str = "alibabacloud/dbs/CreateAndStartBackupPlan.yaml";
const HBR: &str = "alibabacloud/hbr/CreateBackupPlan.yaml";
const VBS: &str = "huaweicloud/vbs/CreateBackupPolicy.yaml";
const TENCENT: &str = "tencentcloud/postgres/CreateBackupPlan.yaml";

fn tighten_retention(c: &Copy) -> &Copy {
    c.edit(
        DBS_CONFIGURE,
        "  - name: BackupRetentionPeriod\n",
        "range: \"[0,1825]\"",
        "range: \"[0,1000]\"",
    )
}

fn remove_xlarge(c: &Copy) -> &Copy {
    c.edit(
        DBS_CREATE,
        "  - name: InstanceClass\n",
        "      - xlarge\n",
        "",
    )
}

fn add_vbs_optional(c: &Copy) -> &Copy {
    c.edit(
        VBS,
        "  - name: time_zone\n",
        "  - name: time_zone\n",
        "  - name: enterprise_project_id\n    type: string\n    in: json\n    description: \
         The enterprise project of the backup policy.\n    length: \"[1,64]\"\n\n  - name: \
         time_zone\n",
    )
}

fn reword_tencent_plan_name(c: &Copy) -> &Copy {
    c.edit(
        TENCENT,
        "  - name: PlanName\n",
        "description: Specifies the name of the backup plan.",
        "description: The name of the backup plan.",
    )
}

fn rename_hbr_retention_on_the_wire(c: &Copy) -> &Copy {
    c.edit(
        HBR,
        "  - name: Retention\n    type: i64\n    description: The backup retention period, in days.",
        "  - name: Retention\n",
        "  - name: RetentionDays\n    rust_name: retention\n",
    )
}

fn move_hbr_vault_id_to_the_form(c: &Copy) -> &Copy {
    // The operation's parameters travel in the query unless they say otherwise.
    c.edit(
        HBR,
        "  - name: VaultId\n",
        "    type: string\n",
        "    type: string\n    in: form\n",
    )
}

#[test]
fn an_unchanged_copy_has_no_changes() {
    let report = Copy::new().report();
    assert_eq!(report.verdict, Verdict::None);
    assert!(report.changes.is_empty(), "{:#?}", report.changes);
    assert!(report.files.is_empty(), "{:#?}", report.files);
}

#[test]
fn tightening_the_dbs_backup_retention_period_is_major() {
    let copy = Copy::new();
    tighten_retention(&copy);
    let report = copy.report();
    assert_eq!(
        changes(&report),
        [(
            "alibabacloud.dbs.ConfigureBackupPlan",
            Some("BackupRetentionPeriod"),
            "range_tightened".to_owned(),
            true,
            true
        )]
    );
    let c = &report.changes[0];
    assert_eq!((&c.old, &c.new), (&json!("[0,1825]"), &json!("[0,1000]")));
    assert!(
        c.summary.contains("between 0 and 1825") && c.summary.contains("between 0 and 1000"),
        "{}",
        c.summary
    );
    assert_eq!(report.verdict, Verdict::Major);
    assert_files(
        &report,
        &["src/gen/alibabacloud/dbs/configure_backup_plan.rs"],
        false,
    );
}

#[test]
fn adding_a_required_parameter_is_major() {
    let copy = Copy::new();
    copy.edit(
        HBR,
        "\nparameters:\n",
        "parameters:\n",
        "parameters:\n  - name: ResourceGroupId\n    type: string\n    required: true\n    in: \
         query\n    description: The resource group.\n\n",
    );
    let report = copy.report();
    assert_eq!(
        changes(&report),
        [(
            "alibabacloud.hbr.CreateBackupPlan",
            Some("ResourceGroupId"),
            "parameter_added_required".to_owned(),
            true,
            true
        )]
    );
    assert_eq!(
        report.changes[0].new,
        json!({"name": "ResourceGroupId", "type": "string"})
    );
    assert_eq!(report.verdict, Verdict::Major);
    assert_files(
        &report,
        &["src/gen/alibabacloud/hbr/create_backup_plan.rs"],
        true,
    );
}

#[test]
fn removing_an_enum_value_is_major() {
    let copy = Copy::new();
    remove_xlarge(&copy);
    let report = copy.report();
    assert_eq!(
        changes(&report),
        [(
            "alibabacloud.dbs.CreateAndStartBackupPlan",
            Some("InstanceClass"),
            "enum_value_removed".to_owned(),
            true,
            true
        )]
    );
    assert_eq!(report.changes[0].old, json!("xlarge"));
    assert!(
        report.changes[0].summary.contains("`xlarge`"),
        "{}",
        report.changes[0].summary
    );
    assert_eq!(report.verdict, Verdict::Major);
    let f = &report.files;
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(
        f[0].path,
        "src/gen/alibabacloud/dbs/create_and_start_backup_plan.rs"
    );
    assert!(f[0].removed > 0, "{f:#?}");
}

#[test]
fn adding_an_optional_parameter_is_minor() {
    let copy = Copy::new();
    add_vbs_optional(&copy);
    let report = copy.report();
    assert_eq!(
        changes(&report),
        [(
            "huaweicloud.vbs.CreateBackupPolicy",
            Some("enterprise_project_id"),
            "parameter_added_optional".to_owned(),
            false,
            false
        )]
    );
    assert_eq!(report.verdict, Verdict::Minor);
    let f = &report.files;
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].path, "src/gen/huaweicloud/vbs/create_backup_policy.rs");
    // The field's documented line in the request's table, and the table's wire-name order.
    assert!(f[0].added > 2 && f[0].removed == 1, "{f:#?}");
}

#[test]
fn changing_only_a_description_is_a_patch() {
    let copy = Copy::new();
    reword_tencent_plan_name(&copy);
    let report = copy.report();
    assert_eq!(
        changes(&report),
        [(
            "tencentcloud.postgres.CreateBackupPlan",
            Some("PlanName"),
            "doc_changed".to_owned(),
            false,
            false
        )]
    );
    assert_eq!(
        report.changes[0].old,
        json!("Specifies the name of the backup plan.")
    );
    assert_eq!(report.changes[0].new, json!("The name of the backup plan."));
    assert_eq!(report.verdict, Verdict::Patch);
    assert_files(
        &report,
        &["src/gen/tencentcloud/postgres/create_backup_plan.rs"],
        false,
    );
}

#[test]
fn renaming_only_the_wire_name_breaks_the_wire_not_the_api() {
    let copy = Copy::new();
    rename_hbr_retention_on_the_wire(&copy);
    let report = copy.report();
    assert_eq!(
        changes(&report),
        [(
            "alibabacloud.hbr.CreateBackupPlan",
            Some("RetentionDays"),
            "wire_name_changed".to_owned(),
            false,
            true
        )]
    );
    let c = &report.changes[0];
    assert_eq!(
        (&c.old, &c.new),
        (&json!("Retention"), &json!("RetentionDays"))
    );
    assert_eq!(report.verdict, Verdict::Minor);
    assert_files(
        &report,
        &["src/gen/alibabacloud/hbr/create_backup_plan.rs"],
        false,
    );
}

#[test]
fn moving_a_parameter_from_the_query_to_the_form_body_breaks_the_wire() {
    let copy = Copy::new();
    move_hbr_vault_id_to_the_form(&copy);
    let report = copy.report();
    assert_eq!(
        changes(&report),
        [(
            "alibabacloud.hbr.CreateBackupPlan",
            Some("VaultId"),
            "location_changed".to_owned(),
            false,
            true
        )]
    );
    let c = &report.changes[0];
    assert_eq!((&c.old, &c.new), (&json!("query"), &json!("form")));
    assert_eq!(report.verdict, Verdict::Minor);
    assert_files(
        &report,
        &["src/gen/alibabacloud/hbr/create_backup_plan.rs"],
        false,
    );
}

/// One spec update with several changes in four services.
fn several_changes() -> Report {
    let copy = Copy::new();
    tighten_retention(&copy);
    remove_xlarge(&copy);
    add_vbs_optional(&copy);
    reword_tencent_plan_name(&copy);
    rename_hbr_retention_on_the_wire(&copy);
    move_hbr_vault_id_to_the_form(&copy);
    copy.report()
}

#[test]
fn several_changes_are_sorted_and_take_the_highest_bump() {
    let report = several_changes();
    assert_eq!(
        changes(&report),
        [
            (
                "alibabacloud.dbs.ConfigureBackupPlan",
                Some("BackupRetentionPeriod"),
                "range_tightened".to_owned(),
                true,
                true
            ),
            (
                "alibabacloud.dbs.CreateAndStartBackupPlan",
                Some("InstanceClass"),
                "enum_value_removed".to_owned(),
                true,
                true
            ),
            (
                "alibabacloud.hbr.CreateBackupPlan",
                Some("RetentionDays"),
                "wire_name_changed".to_owned(),
                false,
                true
            ),
            (
                "alibabacloud.hbr.CreateBackupPlan",
                Some("VaultId"),
                "location_changed".to_owned(),
                false,
                true
            ),
            (
                "huaweicloud.vbs.CreateBackupPolicy",
                Some("enterprise_project_id"),
                "parameter_added_optional".to_owned(),
                false,
                false
            ),
            (
                "tencentcloud.postgres.CreateBackupPlan",
                Some("PlanName"),
                "doc_changed".to_owned(),
                false,
                false
            ),
        ]
    );
    assert_eq!(report.verdict, Verdict::Major);
    let paths: Vec<&str> = report.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "src/gen/alibabacloud/dbs/configure_backup_plan.rs",
            "src/gen/alibabacloud/dbs/create_and_start_backup_plan.rs",
            "src/gen/alibabacloud/hbr/create_backup_plan.rs",
            "src/gen/huaweicloud/vbs/create_backup_policy.rs",
            "src/gen/tencentcloud/postgres/create_backup_plan.rs",
        ]
    );
}

#[test]
fn the_json_report_has_the_documented_fields() {
    let report = several_changes();
    let v: Value = serde_json::from_str(&report.json()).unwrap();
    assert_eq!(v["verdict"], "major");
    let top: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(top, ["changes", "files", "verdict"]);
    let changes = v["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 6);
    for c in changes {
        let mut keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "breaking_api",
                "breaking_wire",
                "kind",
                "new",
                "old",
                "operation",
                "path",
                "summary"
            ]
        );
        assert!(c["breaking_api"].is_boolean() && c["breaking_wire"].is_boolean());
        assert!(c["kind"].is_string() && c["summary"].is_string());
    }
    for f in v["files"].as_array().unwrap() {
        let mut keys: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["added", "path", "removed", "status"]);
    }
}

#[test]
fn snapshot_text_without_colour() {
    let text = several_changes().text(false);
    assert!(!text.contains('\x1b'));
    insta::assert_snapshot!("text", text);
}

#[test]
fn snapshot_text_with_colour() {
    let text = several_changes().text(true);
    assert!(text.contains("\x1b[31mmajor\x1b[0m"), "{text}");
    // Escapes shown as `␛` so that the snapshot reads in a review.
    insta::assert_snapshot!("text_colour", text.replace('\x1b', "␛"));
}

#[test]
fn snapshot_markdown() {
    insta::assert_snapshot!("markdown", several_changes().markdown());
}
