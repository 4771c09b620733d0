//! Helpers shared by the end-to-end tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir`, by relative path, with its bytes and modification time.
pub fn snapshot(dir: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    fn walk(dir: &Path, base: &Path, out: &mut BTreeMap<String, (Vec<u8>, SystemTime)>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let path = entry.path();
            if path.is_dir() {
                walk(&path, base, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                let meta = fs::metadata(&path).unwrap();
                out.insert(rel, (fs::read(&path).unwrap(), meta.modified().unwrap()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// A scratch copy of a generated crate (its Cargo.toml and `src/gen/`), ready for `generate`.
pub fn scratch_crate(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(from.join("Cargo.toml"), dir.path().join("Cargo.toml")).unwrap();
    copy_dir(&from.join("src/gen"), &dir.path().join("src/gen"));
    dir
}

/// Deserializes a request's wire JSON into its typed request, validates it, serializes it,
/// and checks that deserializing that again gives the same typed value. Returns the
/// serialized JSON.
pub fn typed_round_trip(id: &str, json: &serde_json::Value) -> Result<serde_json::Value, String> {
    use cloud_backup_runtime::Validate;
    use cloud_backup_sdk::alibabacloud::{dbs, hbr};
    use cloud_backup_sdk::huaweicloud::vbs;
    use cloud_backup_sdk::tencentcloud::postgres;

    fn go<T>(json: &serde_json::Value) -> Result<serde_json::Value, String>
    where
        T: serde::de::DeserializeOwned + serde::Serialize + Validate + PartialEq + std::fmt::Debug,
    {
        let typed: T = serde_json::from_value(json.clone())
            .map_err(|e| format!("does not deserialize: {e}"))?;
        typed
            .validate()
            .map_err(|e| format!("the typed request is invalid: {e}"))?;
        let out = serde_json::to_value(&typed).map_err(|e| format!("does not serialize: {e}"))?;
        let again: T = serde_json::from_value(out.clone())
            .map_err(|e| format!("its serialization does not deserialize: {e}"))?;
        if again != typed {
            return Err(format!(
                "the round trip changed the request:\n{typed:?}\n{again:?}"
            ));
        }
        Ok(out)
    }
    match id {
        "tencentcloud.postgres.CreateBackupPlan" => go::<postgres::CreateBackupPlanRequest>(json),
        "alibabacloud.dbs.CreateAndStartBackupPlan" => {
            go::<dbs::CreateAndStartBackupPlanRequest>(json)
        }
        "alibabacloud.dbs.ConfigureBackupPlan" => go::<dbs::ConfigureBackupPlanRequest>(json),
        "huaweicloud.vbs.CreateBackupPolicy" => go::<vbs::CreateBackupPolicyRequest>(json),
        "alibabacloud.hbr.CreateBackupPlan" => go::<hbr::CreateBackupPlanRequest>(json),
        other => Err(format!(
            "no typed request for {other}; add it to tests/tests/support.rs"
        )),
    }
}

/// The valid base request of an operation, from `tests/fixtures/requests/`.
pub fn base_request(id: &str) -> serde_json::Value {
    let path = root().join(format!("tests/fixtures/requests/{id}.json"));
    serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap()
}
