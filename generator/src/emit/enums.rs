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
    let arms = e.values.iter().map(|v| {
        let n = ident(&v.rust);
        let w = &v.wire;
        quote!(Self::#n => #w,)
    });
    let all = e.values.iter().map(|v| {
        let n = ident(&v.rust);
        quote!(Self::#n)
    });
    match e.direction {
        Direction::Request => quote! {
            #d
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub enum #name {
                #(#variants)*
            }

            impl #name {
                /// Every value, in the documented order.
                pub const ALL: &'static [Self] = &[#(#all),*];

                /// The value as sent on the wire.
                pub const fn as_str(&self) -> &'static str {
                    match self {
                        #(#arms)*
                    }
                }
            }

            impl crate::runtime::WireEnum for #name {
                const ALL: &'static [Self] = Self::ALL;

                fn as_str(&self) -> &'static str {
                    #name::as_str(self)
                }
            }

            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl ::std::str::FromStr for #name {
                type Err = crate::runtime::UnknownValue;

                fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                    crate::runtime::parse_enum(s)
                }
            }

            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    crate::runtime::deserialize_enum(deserializer)
                }
            }
        },
        Direction::Response => {
            let from_arms = e.values.iter().map(|v| {
                let n = ident(&v.rust);
                let w = &v.wire;
                quote!(#w => Self::#n,)
            });
            let arms = e.values.iter().map(|v| {
                let n = ident(&v.rust);
                let w = &v.wire;
                quote!(Self::#n => #w,)
            });
            quote! {
                #d
                #[derive(Clone, Debug, PartialEq, Eq, Hash)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                    /// A value this version of the crate does not know, kept as received.
                    Unknown(::std::string::String),
                }

                impl #name {
                    /// The variant for a wire value; unknown values are kept in `Unknown`.
                    pub fn from_wire(value: &str) -> Self {
                        match value {
                            #(#from_arms)*
                            other => Self::Unknown(other.to_owned()),
                        }
                    }

                    /// The value as received on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #(#arms)*
                            Self::Unknown(value) => value,
                        }
                    }
                }

                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }

                impl ::serde::Serialize for #name {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                        serializer.serialize_str(self.as_str())
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        let value: ::std::borrow::Cow<'de, str> = ::serde::Deserialize::deserialize(deserializer)?;
                        ::std::result::Result::Ok(Self::from_wire(&value))
                    }
                }
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
    let from_arms = op.errors.iter().map(|e| {
        let n = ident(&e.rust);
        let c = &e.code;
        quote!(#c => Self::#n,)
    });
    let arms = op.errors.iter().map(|e| {
        let n = ident(&e.rust);
        let c = &e.code;
        quote!(Self::#n => #c,)
    });
    // Without documented codes there is a single variant, and no match to write.
    let (from_code, code) = if op.errors.is_empty() {
        (
            quote!(Self::Unknown(code.to_owned())),
            quote! {
                let Self::Unknown(code) = self;
                code
            },
        )
    } else {
        (
            quote! {
                match code {
                    #(#from_arms)*
                    other => Self::Unknown(other.to_owned()),
                }
            },
            quote! {
                match self {
                    #(#arms)*
                    Self::Unknown(code) => code,
                }
            },
        )
    };
    let error = format_ident!("{}Error", op.name);
    let error_doc = doc(&[format!(
        "The error of {}: the service's error codes are [`{}`].",
        op.name, name
    )]);
    quote! {
        #error_doc
        pub type #error = crate::runtime::Error<#name>;

        #d
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A code not documented for this operation, kept as received.
            Unknown(::std::string::String),
        }

        impl crate::runtime::ErrorCode for #name {
            fn from_code(code: &str) -> Self {
                Self::from_code(code)
            }
        }

        impl #name {
            /// The variant for a code received from the service.
            pub fn from_code(code: &str) -> Self {
                #from_code
            }

            /// The code as the service sends it.
            pub fn code(&self) -> &str {
                #code
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.code())
            }
        }
    }
}
