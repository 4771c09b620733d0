//! Keys derived from secrets, kept from one signature to the next. Keying an HMAC hashes two
//! blocks (as much as the rest of the HMAC of a string to sign), and TC3's signing key takes
//! three HMACs more. They depend only on the secret, and TC3's on the date and service too,
//! so a client derives them once instead of for every request.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use hmac::Hmac;
use sha1::Sha1;
use sha2::Sha256;

use super::tc3::SigningKey;
use super::{hmac_sha1_keyed, hmac_sha256_keyed};

/// How many keys a [`SigningKeys`] holds besides the first keyed HMACs. A client signs with
/// one secret by one algorithm for one service; the rest covers a change of date, and keys
/// shared between clients.
const HELD: usize = 8;

/// Keys derived from secrets: HMACs keyed with a secret, and TC3 signing keys. Thread-safe
/// (a client and its clones share one), bounded (the oldest key makes room for a new one),
/// and its `Debug` shows only how many keys it holds: they are as secret as the secrets.
#[derive(Default)]
pub struct SigningKeys {
    /// The first HMAC-SHA256 keyed with a secret, and the first HMAC-SHA1 keyed with a
    /// secret and `&`. A client has one secret, so these are the keys it uses; they are read
    /// without taking a lock.
    first_sha256: OnceLock<(Box<str>, Hmac<Sha256>)>,
    first_sha1_amp: OnceLock<(Box<str>, Hmac<Sha1>)>,
    /// Any other keys.
    held: Mutex<Vec<Held>>,
}

/// A derived key and the secret it was derived from.
struct Held {
    secret: Box<str>,
    key: Derived,
}

enum Derived {
    /// HMAC-SHA256 keyed with the secret (ACS3, SDK-HMAC-SHA256).
    Sha256(Hmac<Sha256>),
    /// HMAC-SHA1 keyed with the secret and `&` (RPC V1).
    Sha1Amp(Hmac<Sha1>),
    /// TC3's signing key of a date (days since 1970-01-01) and service.
    Tc3 {
        day: i64,
        service: Box<str>,
        key: Arc<SigningKey>,
    },
}

impl SigningKeys {
    /// No keys yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many keys are held.
    pub fn len(&self) -> usize {
        let first = [
            self.first_sha256.get().is_some(),
            self.first_sha1_amp.get().is_some(),
        ];
        first.into_iter().filter(|&held| held).count() + self.held().len()
    }

    /// Whether no key is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn held(&self) -> MutexGuard<'_, Vec<Held>> {
        // A panic elsewhere cannot leave the list half-updated: keep using it.
        match self.held.lock() {
            Ok(held) => held,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// The key of `secret` that `find` picks, or else the one `derive` makes, which is then
    /// held too.
    fn get<T>(
        &self,
        secret: &str,
        find: impl Fn(&Derived) -> Option<T>,
        derive: impl FnOnce() -> (Derived, T),
    ) -> T {
        let mine = |held: &&Held| *held.secret == *secret;
        let found = self.held().iter().filter(mine).find_map(|h| find(&h.key));
        if let Some(key) = found {
            return key;
        }
        // Derived without the lock held: threads that miss together derive the same key,
        // and it is held once.
        let (derived, key) = derive();
        let mut held = self.held();
        if !held.iter().filter(mine).any(|h| find(&h.key).is_some()) {
            if held.len() >= HELD {
                held.remove(0);
            }
            held.push(Held {
                secret: secret.into(),
                key: derived,
            });
        }
        key
    }

    /// HMAC-SHA256 keyed with `secret`.
    pub(super) fn hmac_sha256(&self, secret: &str) -> Hmac<Sha256> {
        let first = self
            .first_sha256
            .get_or_init(|| (secret.into(), hmac_sha256_keyed(secret.as_bytes())));
        if *first.0 == *secret {
            return first.1.clone();
        }
        self.get(
            secret,
            |derived| match derived {
                Derived::Sha256(mac) => Some(mac.clone()),
                _ => None,
            },
            || {
                let mac = hmac_sha256_keyed(secret.as_bytes());
                (Derived::Sha256(mac.clone()), mac)
            },
        )
    }

    /// HMAC-SHA1 keyed with `secret&`.
    pub(super) fn hmac_sha1_amp(&self, secret: &str) -> Hmac<Sha1> {
        let first = self.first_sha1_amp.get_or_init(|| {
            (
                secret.into(),
                hmac_sha1_keyed(format!("{secret}&").as_bytes()),
            )
        });
        if *first.0 == *secret {
            return first.1.clone();
        }
        self.get(
            secret,
            |derived| match derived {
                Derived::Sha1Amp(mac) => Some(mac.clone()),
                _ => None,
            },
            || {
                let mac = hmac_sha1_keyed(format!("{secret}&").as_bytes());
                (Derived::Sha1Amp(mac.clone()), mac)
            },
        )
    }

    /// The TC3 signing key of `secret` for `day` (since 1970-01-01) and `service`.
    pub(super) fn tc3(&self, secret: &str, day: i64, service: &str) -> Arc<SigningKey> {
        self.get(
            secret,
            |derived| match derived {
                Derived::Tc3 {
                    day: d,
                    service: s,
                    key,
                } if *d == day && **s == *service => Some(Arc::clone(key)),
                _ => None,
            },
            || {
                let key = Arc::new(SigningKey::derive(secret, day, service));
                let held = Derived::Tc3 {
                    day,
                    service: service.into(),
                    key: Arc::clone(&key),
                };
                (held, key)
            },
        )
    }
}

impl fmt::Debug for SigningKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKeys")
            .field("held", &self.len())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use hmac::Mac;

    use super::*;
    use crate::sign::hmac_sha256;

    /// What a keyed HMAC makes of a test message.
    fn tag<M: Mac + Clone>(mac: &M) -> Vec<u8> {
        let mut mac = mac.clone();
        mac.update(b"message");
        mac.finalize().into_bytes().to_vec()
    }

    /// What a TC3 signing key makes of a test message.
    fn tc3_tag(key: &SigningKey) -> String {
        key.sign(|mac| mac.update(b"message")).as_str().to_owned()
    }

    #[test]
    fn keyed_hmacs_are_those_of_the_secret_and_are_kept() {
        let keys = SigningKeys::new();
        assert!(keys.is_empty());
        let fresh = hmac_sha256_keyed(b"secret");
        assert_eq!(tag(&keys.hmac_sha256("secret")), tag(&fresh));
        assert_eq!(tag(&keys.hmac_sha256("secret")), tag(&fresh));
        assert_eq!(keys.len(), 1);
        assert!(!keys.is_empty());
        // Another secret gets its own key, and the first keeps its.
        assert_eq!(
            tag(&keys.hmac_sha256("other")),
            tag(&hmac_sha256_keyed(b"other"))
        );
        assert_eq!(tag(&keys.hmac_sha256("secret")), tag(&fresh));
        assert_eq!(keys.len(), 2);
        // RPC V1 keys with `secret&`.
        let amp = hmac_sha1_keyed(b"secret&");
        assert_eq!(tag(&keys.hmac_sha1_amp("secret")), tag(&amp));
        assert_eq!(tag(&keys.hmac_sha1_amp("secret")), tag(&amp));
        assert_ne!(tag(&keys.hmac_sha1_amp("other")), tag(&amp));
        assert_eq!(keys.len(), 4);
        // Held keys are found again, each of its own kind: asking anew holds nothing more.
        for _ in 0..3 {
            assert_eq!(
                tag(&keys.hmac_sha256("other")),
                tag(&hmac_sha256_keyed(b"other"))
            );
            assert_eq!(
                tag(&keys.hmac_sha1_amp("other")),
                tag(&hmac_sha1_keyed(b"other&"))
            );
        }
        assert_eq!(keys.len(), 4);
    }

    #[test]
    fn tc3_keys_are_those_derived_afresh_for_the_same_secret_date_and_service() {
        let keys = SigningKeys::new();
        let day = 19_675;
        let held = keys.tc3("secret", day, "cvm");
        let fresh = SigningKey::derive("secret", day, "cvm");
        assert_eq!(tc3_tag(&held), tc3_tag(&fresh));
        // The chain of HMACs itself, for the date of day 19675 (2023-11-14).
        let chain = ["2023-11-14", "cvm", "tc3_request"]
            .iter()
            .fold(b"TC3secret".to_vec(), |key, data| {
                hmac_sha256(&key, data.as_bytes()).to_vec()
            });
        let mut expected = hmac_sha256_keyed(&chain);
        expected.update(b"message");
        assert_eq!(
            tc3_tag(&held),
            hex::encode(expected.finalize().into_bytes())
        );
        // Asked again: the same key, not a new one.
        assert!(Arc::ptr_eq(&held, &keys.tc3("secret", day, "cvm")));
        assert_eq!(keys.len(), 1);
        // Any other date, service or secret: another key.
        for (secret, day, service) in [
            ("secret", day + 1, "cvm"),
            ("secret", day, "postgres"),
            ("secreT", day, "cvm"),
        ] {
            let other = keys.tc3(secret, day, service);
            assert_ne!(tc3_tag(&other), tc3_tag(&held));
            assert_eq!(
                tc3_tag(&other),
                tc3_tag(&SigningKey::derive(secret, day, service))
            );
        }
        assert_eq!(keys.len(), 4);
    }

    #[test]
    fn the_oldest_key_makes_room() {
        let keys = SigningKeys::new();
        let first = keys.tc3("secret", 0, "cvm");
        for day in 1..=i64::try_from(HELD).unwrap_or(0) + 3 {
            keys.tc3("secret", day, "cvm");
        }
        assert_eq!(keys.len(), HELD);
        // The first was let go: asking again derives it anew.
        let again = keys.tc3("secret", 0, "cvm");
        assert!(!Arc::ptr_eq(&first, &again));
        assert_eq!(tc3_tag(&first), tc3_tag(&again));
        assert_eq!(keys.len(), HELD);
    }

    #[test]
    fn keys_are_shared_between_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<SigningKeys>();
        let keys = SigningKeys::new();
        let expected = tc3_tag(&SigningKey::derive("secret", 1, "cvm"));
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for _ in 0..50 {
                        assert_eq!(tc3_tag(&keys.tc3("secret", 1, "cvm")), expected);
                        assert_eq!(
                            tag(&keys.hmac_sha256("secret")),
                            tag(&hmac_sha256_keyed(b"secret"))
                        );
                    }
                });
            }
        });
        assert_eq!(keys.len(), 2);
    }

    #[test]
    fn debug_shows_no_secret() {
        let keys = SigningKeys::new();
        keys.hmac_sha256("very-secret");
        keys.tc3("very-secret", 0, "cvm");
        let shown = format!("{keys:?} {keys:#?}");
        assert!(!shown.contains("very-secret"), "{shown}");
        assert!(shown.contains("held: 2"), "{shown}");
    }
}
