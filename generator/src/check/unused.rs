//! Types no field uses: left behind when a parameter is removed or retyped. They are still
//! generated (a type may be kept for callers on purpose), so this is a warning.

use std::collections::BTreeSet;

use crate::ast;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Field, Operation, Scope, Service, Type, TypeDef};

/// Which table a type name is looked up in.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Table {
    Service,
    Request(usize),
    Response(usize),
}

/// Warns about every named type of the service and its operations that no parameter or
/// response field reaches, directly or through other types.
pub(super) fn warn(
    service: &Service,
    svc: &ast::ServiceFile,
    ops: &[ast::OperationFile],
    diags: &mut Diagnostics,
) {
    let mut used: BTreeSet<(Table, &str)> = BTreeSet::new();
    for (i, op) in service.operations.iter().enumerate() {
        reach(service, Table::Request(i), &op.request.fields, &mut used);
        reach(service, Table::Response(i), &op.response.fields, &mut used);
    }
    let mut report = |table: Table, defs: &[ast::TypeDef], whose: &str| {
        for def in defs {
            if !used.contains(&(table, def.name.value.as_str())) {
                diags.push(
                    Diagnostic::at(
                        def.name.span,
                        format!("no field uses the type `{}` {whose}", def.name.value),
                    )
                    .code(Code::UnusedType)
                    .hint("remove the type, or name it in a field's `type`")
                    .warning(),
                );
            }
        }
    };
    report(Table::Service, &svc.types, "of the service");
    for (i, op) in service.operations.iter().enumerate() {
        let Some(file) = ops.iter().find(|f| f.operation.value == op.name) else {
            continue;
        };
        report(Table::Request(i), &file.types, "of the request");
        report(Table::Response(i), &file.response_types, "of the response");
    }
}

/// Marks the named types `fields` reach from `table`, and what their members reach in turn,
/// with a work list rather than recursion, so that a long chain of types is no deeper a call.
fn reach<'m>(
    service: &'m Service,
    table: Table,
    fields: &'m [Field],
    used: &mut BTreeSet<(Table, &'m str)>,
) {
    let mut pending = vec![(table, fields)];
    while let Some((table, fields)) = pending.pop() {
        for field in fields {
            let (Type::Object(name, scope) | Type::Enum(name, scope)) = field.ty.item() else {
                continue;
            };
            let at = match scope {
                Scope::Service => Table::Service,
                Scope::Operation => table,
            };
            if !used.insert((at, name)) {
                continue;
            }
            if let Some(TypeDef::Object(def)) = defs(service, at).iter().find(|d| d.name() == name)
            {
                pending.push((at, &def.fields));
            }
        }
    }
}

fn defs(service: &Service, table: Table) -> &[TypeDef] {
    let op = |i: usize| -> Option<&Operation> { service.operations.get(i) };
    match table {
        Table::Service => &service.types,
        Table::Request(i) => op(i).map_or(&[], |o| &o.types),
        Table::Response(i) => op(i).map_or(&[], |o| &o.response_types),
    }
}
