//! Enumerations: strict for requests, open (with `Unknown`) for responses; and the error codes
//! of an operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc, note_lines, text_lines};
use super::object::ident;
use crate::model::*;

fn value_doc(v: &EnumValue) -> TokenStream {
    let mut lines = vec![format!("`{}`", v.wire)];
    if let Some(d) = &v.description {
        lines[0].push_str(": ");
        let mut text = text_lines(d);
        if let Some(first) = text.first_mut() {
            lines[0].push_str(first);
            text.remove(0);
        }
        lines.extend(text);
    }
    doc(&lines)
}

/// An enumeration.
pub fn enumeration(e: &EnumDef) -> TokenStream {
    let name = ident(&e.name);
    let mut lines = text_lines(&e.description);
    lines.push(String::new());
    lines.push(match e.direction {
        Direction::Request => "Sent as its wire value; only the listed values exist.".into(),
        Direction::Response => {
            "Received as its wire value; values this version does not know arrive as `Unknown`."
                .into()
        }
    });
    if !e.notes.is_empty() {
        lines.push(String::new());
        lines.extend(note_lines(&e.notes));
    }
    lines.push(String::new());
    lines.push(format!(
        "Source: {} (`{}`).",
        e.source.reference(),
        e.source.spec
    ));
    let d = doc(&lines);
    let variants = e.values.iter().map(|v| {
        let d = value_doc(v);
        let n = ident(&v.rust);
        quote!(#d #n,)
    });
    match e.direction {
        Direction::Request => {
            let all = e.values.iter().map(|v| {
                let n = ident(&v.rust);
                quote!(Self::#n)
            });
            let wire = e.values.iter().map(|v| &v.wire);
            quote! {
                #d
                #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
                pub enum #name {
                    #(#variants)*
                }

                impl rt::WireEnum for #name {
                    const ALL: &'static [Self] = &[#(#all),*];
                    const WIRE: &'static [&'static str] = &[#(#wire),*];
                }

                rt::wire_enum!(#name);
            }
        }
        Direction::Response => {
            let known = e.values.iter().map(|v| {
                let n = ident(&v.rust);
                let w = &v.wire;
                quote!((Self::#n, #w))
            });
            quote! {
                #d
                #[derive(Clone, Debug, PartialEq, Eq, Hash)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                    /// A value this version of the crate does not know, kept as received.
                    Unknown(String),
                }

                impl #name {
                    /// The documented values with their wire strings.
                    const KNOWN: &'static [(Self, &'static str)] = &[#(#known),*];
                }

                rt::open_enum!(#name, from_wire, as_str);
            }
        }
    }
}

/// The documented error codes of an operation, with an `Unknown` variant for the rest.
pub fn error_codes(op: &Operation) -> TokenStream {
    let name = format_ident!("{}ErrorCode", op.name);
    let mut lines = vec![
        format!("The error codes documented for {}.", op.name),
        String::new(),
    ];
    lines.push("Codes the document does not list (the provider's common codes, or new ones) arrive as `Unknown`.".into());
    if !op.status_codes.is_empty() {
        lines.push(String::new());
        lines.push("Documented HTTP statuses:".into());
        lines.push(String::new());
        for (s, d) in &op.status_codes {
            lines.push(format!("- {s}: {}", d.trim()));
        }
    }
    let d = doc(&lines);
    let variants = op.errors.iter().map(|e| {
        let mut first = format!("`{}`", e.code);
        if let Some(s) = e.http_status {
            first.push_str(&format!(" (HTTP {s})"));
        }
        if let Some(m) = &e.message {
            first.push_str(&format!(": {}", m.trim()));
        }
        let mut l = vec![first];
        if let Some(desc) = &e.description {
            l.push(String::new());
            l.extend(text_lines(desc));
        }
        let d = doc(&l);
        let n = ident(&e.rust);
        quote!(#d #n,)
    });
    let known = op.errors.iter().map(|e| {
        let n = ident(&e.rust);
        let c = &e.code;
        quote!((Self::#n, #c))
    });
    let error = format_ident!("{}Error", op.name);
    let error_doc = doc(&[format!(
        "The error of {}: the service's error codes are [`{}`].",
        op.name, name
    )]);
    quote! {
        #error_doc
        pub type #error = rt::Error<#name>;

        #d
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A code not documented for this operation, kept as received.
            Unknown(String),
        }

        impl #name {
            /// The documented codes.
            const KNOWN: &'static [(Self, &'static str)] = &[#(#known),*];
        }

        rt::open_enum!(#name, from_code, code);
    }
}
