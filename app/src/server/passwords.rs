//! Password rules beyond the length (`domain::validate_password`), checked on the server only
//! so that the list never reaches a browser: not one of the 10,000 most common passwords and
//! not built from the words of this context (ASVS 5.0 V6.2.4, V6.2.11).
//!
//! `common-passwords.txt` is the top of the password list of zxcvbn 4.4.2 (MIT licence,
//! © Dan Wheeler and Dropbox, Inc.; the list is ranked by frequency in leaked data), one per
//! line, lower case.
use std::collections::HashSet;
use std::sync::OnceLock;

use crate::error::FieldError;
use crate::i18n::Msg;

static LIST: &str = include_str!("common-passwords.txt");

/// Words nobody should build a password for this service from.
const CONTEXT: &[&str] = &["campgrid", "barcamp", "nextcamp", "passwort", "password"];

fn common() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| LIST.lines().collect())
}

/// Refuses (at `field`) a password that is common, or that is mostly one of the service's
/// words or the person's own name or address (`personal`): what remains after taking such
/// a word out must be a password of its own, at least 6 characters.
pub fn check_password(
    errors: &mut Vec<FieldError>,
    field: &str,
    password: &str,
    personal: &[&str],
) {
    let lower = password.to_lowercase();
    let words = CONTEXT
        .iter()
        .copied()
        .chain(personal.iter().copied().filter(|w| w.chars().count() >= 4))
        .map(str::to_lowercase);
    let built_from_word = words
        .into_iter()
        .any(|w| lower.contains(&w) && lower.chars().count() - w.chars().count() < 6);
    if common().contains(lower.as_str()) || built_from_word {
        errors.push(FieldError::new(field, Msg::ErrPasswordCommon));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(password: &str, personal: &[&str]) -> bool {
        let mut errors = vec![];
        check_password(&mut errors, "password", password, personal);
        !errors.is_empty()
    }

    #[test]
    fn common_and_contextual_passwords_are_refused() {
        assert_eq!(common().len(), 10_000);
        assert!(refused("1234567890", &[]));
        assert!(refused("Qwertyuiop", &[]));
        assert!(refused("campgrid2026", &[]));
        assert!(refused("alex.muster!", &["alex.muster", "Alex Muster"]));
        assert!(!refused("correct horse battery", &["alex"]));
        assert!(!refused("alex likes green tea", &["alex"]));
    }
}
