//! Rust names: derived from wire names with heck, in this one place, and escaped when they
//! are keywords.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of Rust 2024, strict and reserved.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers, so get a trailing underscore instead.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Names generated code writes unqualified: Rust's prelude items it uses, and `rt`, the alias
/// of the runtime module. A generated type or module of one of these names would shadow it.
const RESERVED: &[&str] = &[
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Eq",
    "Err",
    "Hash",
    "Into",
    "IntoIterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Some",
    "String",
    "Vec",
    "rt",
];

/// Rust names a request parameter or member cannot take: the generated struct and its builder
/// use them for the parameters the spec does not know (`undocumented`, a field and a setter)
/// and for building (`build`, `build_unchecked`).
pub const OBJECT_MEMBERS: &[&str] = &["undocumented", "build", "build_unchecked"];

/// Variant names no enumeration value can take: a response enumeration keeps a value it does
/// not know in `Unknown`, a request enumeration sends one the spec does not list from
/// `Undocumented`.
pub const RESERVED_VARIANTS: &[&str] = &["Unknown", "Undocumented"];

/// Whether generated code relies on `name` meaning what the prelude (or the runtime alias)
/// makes it mean.
pub fn is_reserved(name: &str) -> bool {
    RESERVED.contains(&name)
}

/// `BackupPlanId` → `backup_plan_id`.
pub fn field_name(wire: &str) -> String {
    wire.to_snake_case()
}

/// `ECS_FILE` → `EcsFile`.
pub fn type_name(wire: &str) -> String {
    wire.to_upper_camel_case()
}

/// `CreateBackupPlan` → `create_backup_plan`.
pub fn module_name(operation: &str) -> String {
    operation.to_snake_case()
}

/// `backup_plan_id` → `BACKUP_PLAN_ID`, for statics.
pub fn const_name(rust: &str) -> String {
    heck::ToShoutySnakeCase::to_shouty_snake_case(rust.trim_start_matches("r#"))
}

/// The constant of a page snapshot: `pages/ConfigureBackupPlan.txt` → `CONFIGURE_BACKUP_PLAN`.
pub fn page_const(stem: &str) -> String {
    const_name(&module_name(stem))
}

/// Whether `name` is an identifier (ASCII letters, digits and `_`, not starting with a digit,
/// not `_` alone).
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    name != "_" && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Escapes a keyword: `type` → `r#type`, `self` → `self_`; other names are unchanged.
pub fn escape(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// Whether the name is a keyword.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_names() {
        assert_eq!(field_name("SourceEndpointIP"), "source_endpoint_ip");
        assert_eq!(field_name("OSSBucketName"), "oss_bucket_name");
        assert_eq!(
            field_name("remain_first_backup_of_curMonth"),
            "remain_first_backup_of_cur_month"
        );
        assert_eq!(field_name("rentention_num"), "rentention_num");
        assert_eq!(type_name("ECS_FILE"), "EcsFile");
        assert_eq!(type_name("dg"), "Dg");
        assert_eq!(
            module_name("CreateAndStartBackupPlan"),
            "create_and_start_backup_plan"
        );
        assert_eq!(const_name("r#type"), "TYPE");
    }

    #[test]
    fn keywords_are_escaped() {
        assert_eq!(escape("type"), "r#type");
        assert_eq!(escape("self"), "self_");
        assert_eq!(escape("Self"), "Self_");
        assert_eq!(escape("plan"), "plan");
        assert!(is_identifier("r#type".trim_start_matches("r#")));
        assert!(!is_identifier("0"));
        assert!(!is_identifier("a-b"));
        assert!(!is_identifier("_"));
    }
}
