//! Synthetic spec sets: valid specs with the seeds' mix, spread over services, deterministic.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use cloud_backup_tests::synthetic::{self, Seeds};

fn files(dir: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    support::snapshot(dir)
        .into_iter()
        .map(|(k, (bytes, _))| (k, bytes))
        .collect()
}

#[test]
fn a_synthetic_set_passes_the_generator_and_is_deterministic() {
    let seeds = synthetic::default_seed_dir();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let set = synthetic::write_spec_set(&seeds, 12, a.path()).unwrap();
    synthetic::write_spec_set(&seeds, 12, b.path()).unwrap();
    assert_eq!(files(a.path()), files(b.path()), "two runs differ");

    let (sources, result) = specgen::build(a.path(), "cloud_backup_sdk");
    let generated = result.unwrap_or_else(|e| panic!("{}", e.render(&sources, false)));
    let ids: BTreeSet<&str> = generated
        .model
        .services
        .iter()
        .flat_map(|s| &s.operations)
        .map(|op| op.id.as_str())
        .collect();
    assert_eq!(ids.len(), 12);
    assert_eq!(
        ids,
        set.operations.iter().map(|op| op.id.as_str()).collect()
    );
    assert!(ids.contains("alibabacloud.dbs000.CreateAndStartBackupPlan0011"));
    let providers: Vec<&str> = generated.model.providers().iter().map(|p| p.0).collect();
    assert_eq!(providers, ["alibabacloud", "huaweicloud", "tencentcloud"]);

    // Each seed is copied in turn: 12 operations over 5 seeds.
    let mut per_seed: BTreeMap<&str, usize> = BTreeMap::new();
    for op in &set.operations {
        *per_seed.entry(op.seed.as_str()).or_default() += 1;
    }
    assert_eq!(
        per_seed.into_iter().collect::<Vec<_>>(),
        [
            ("alibabacloud.dbs.ConfigureBackupPlan", 3),
            ("alibabacloud.dbs.CreateAndStartBackupPlan", 3),
            ("alibabacloud.hbr.CreateBackupPlan", 2),
            ("huaweicloud.vbs.CreateBackupPolicy", 2),
            ("tencentcloud.postgres.CreateBackupPlan", 2),
        ]
    );
    // Per-operation rate limits follow the renamed operations.
    let postgres =
        fs::read_to_string(a.path().join("tencentcloud/postgres000/service.yaml")).unwrap();
    assert!(postgres.contains("- operation: CreateBackupPlan0004\n"));
    assert!(postgres.contains("- operation: CreateBackupPlan0009\n"));
    assert!(!postgres.contains("- operation: CreateBackupPlan\n"));
}

#[test]
fn large_sets_keep_services_small_and_the_seeds_proportions() {
    let seeds = Seeds::load(&synthetic::default_seed_dir()).unwrap();
    let set = synthetic::synthesize(&seeds, 1000);
    assert_eq!(set.operations.len(), 1000);
    let services = set.services();
    assert!(
        services
            .values()
            .all(|&n| n <= synthetic::MAX_OPS_PER_SERVICE)
    );
    let mut per_provider: BTreeMap<&str, usize> = BTreeMap::new();
    for service in services.keys() {
        *per_provider
            .entry(service.split('/').next().unwrap())
            .or_default() += 1;
    }
    // The seeds have two Alibaba Cloud services, one Tencent Cloud and one Huawei Cloud service.
    assert_eq!(
        per_provider.into_iter().collect::<Vec<_>>(),
        [
            ("alibabacloud", 16),
            ("huaweicloud", 8),
            ("tencentcloud", 8)
        ]
    );
    let names: BTreeSet<&str> = set
        .operations
        .iter()
        .map(|op| op.id.rsplit('.').next().unwrap())
        .collect();
    assert_eq!(names.len(), 1000, "operation names are distinct");
}

#[test]
fn writing_replaces_a_synthetic_set_but_nothing_else() {
    let seeds = synthetic::default_seed_dir();
    let dir = tempfile::tempdir().unwrap();
    synthetic::write_spec_set(&seeds, 12, dir.path()).unwrap();
    synthetic::write_spec_set(&seeds, 3, dir.path()).unwrap();
    let yaml = files(dir.path())
        .into_keys()
        .filter(|k| k.ends_with(".yaml") && !k.ends_with("service.yaml"))
        .count();
    assert_eq!(yaml, 3);

    let other = tempfile::tempdir().unwrap();
    fs::write(other.path().join("notes.txt"), "mine").unwrap();
    let err = synthetic::write_spec_set(&seeds, 3, other.path()).unwrap_err();
    assert!(matches!(err, synthetic::Error::NotSynthetic(_)), "{err}");
    assert!(other.path().join("notes.txt").exists());
}
