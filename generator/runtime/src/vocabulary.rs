//! The words the specs, the generator and the runtime share: how a service talks, where a
//! parameter travels, and how a list or object is written there. Defined once, here, with
//! nothing but `std`, so that `specgen` reads a spec into the very types the generated code
//! runs on.

/// The wire protocol of a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    /// Tencent Cloud API 3.0: JSON body, TC3-HMAC-SHA256.
    Tc3,
    /// Alibaba Cloud RPC style: query and form parameters, ACS3-HMAC-SHA256 or signature V1.
    AcsRpc,
    /// Huawei Cloud REST: JSON body, SDK-HMAC-SHA256.
    HuaweiRest,
}

impl Protocol {
    /// Every protocol, in the order of the specs' documentation.
    pub const ALL: [Protocol; 3] = [Protocol::Tc3, Protocol::AcsRpc, Protocol::HuaweiRest];

    /// The spec's word for it (`protocol: acs_rpc`).
    pub const fn word(self) -> &'static str {
        match self {
            Protocol::Tc3 => "tc3",
            Protocol::AcsRpc => "acs_rpc",
            Protocol::HuaweiRest => "huawei_rest",
        }
    }

    /// The protocol a spec's word names.
    pub fn from_word(word: &str) -> Option<Protocol> {
        Protocol::ALL.into_iter().find(|p| p.word() == word)
    }

    /// Where a parameter the spec does not know travels, as the providers' SDKs send one: the
    /// query string of an RPC call (as Alibaba Cloud's SDK sends `OwnerId`), the JSON body of
    /// the others.
    pub const fn undocumented_location(self) -> Location {
        match self {
            Protocol::AcsRpc => Location::Query,
            Protocol::Tc3 | Protocol::HuaweiRest => Location::Json,
        }
    }
}

/// Where a parameter travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// The query string.
    Query,
    /// An `application/x-www-form-urlencoded` body.
    Form,
    /// A member of the JSON body.
    Json,
    /// A segment of the URL path (`{name}` in the path template).
    Path,
    /// A header.
    Header,
}

impl Location {
    /// Where it is, for documentation: `the query string`.
    pub const fn words(self) -> &'static str {
        match self {
            Location::Query => "the query string",
            Location::Form => "the form body",
            Location::Json => "the JSON body",
            Location::Path => "the URL path",
            Location::Header => "a header",
        }
    }
}

/// How a list or object travels in a query string or form body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Style {
    /// Flattened into numbered fields: `Rule.1.Schedule`, `Path.1`.
    Numbered,
    /// One field holding compact JSON.
    Json,
}

/// How a field travels inside its object's JSON form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Encoding {
    /// As itself.
    Plain,
    /// As a string holding compact JSON.
    JsonText,
    /// A list as one string of comma-separated items.
    CommaList,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_protocol_is_read_back_from_its_word() {
        for p in Protocol::ALL {
            assert_eq!(Protocol::from_word(p.word()), Some(p));
        }
        assert_eq!(Protocol::from_word("rest"), None);
    }
}
