//! People: display names, e-mail addresses and passwords.
use super::text::{clean, is_domain};
use crate::error::FieldError;
use crate::i18n::Msg;

pub const DISPLAY_NAME_MAX: usize = 80;
pub const PASSWORD_MIN: usize = 10;
/// How long a mailed sign-in or confirmation link works: it is an out-of-band authenticator,
/// which ASVS 5.0 (V6.5.5) allows at most 10 minutes.
pub const EMAIL_LINK_MINUTES: i64 = 10;
/// An account with a password is signed out after this long without use (ASVS 5.0 V7.3.1),
/// on top of the absolute lifetime of every sign-in.
pub const SIGN_IN_IDLE_HOURS: i64 = 12;
/// How long the code for signing in on another device works.
pub const DEVICE_CODE_MINUTES: i64 = 5;

pub fn validate_display_name(errors: &mut Vec<FieldError>, name: &str) -> String {
    clean(errors, "display_name", name, true, DISPLAY_NAME_MAX)
}

/// A lower-cased address with one `@` and a domain part; we do not try to be RFC 5322.
pub fn validate_email(errors: &mut Vec<FieldError>, email: &str) -> String {
    let email = clean(errors, "email", email, true, 254).to_lowercase();
    if !email.is_empty() && email_domain(&email).is_none() {
        errors.push(FieldError::new("email", Msg::ErrEmail));
    }
    email
}

pub fn email_domain(email: &str) -> Option<&str> {
    let (local, domain) = email.rsplit_once('@')?;
    (!local.is_empty() && !local.contains(char::is_whitespace) && is_domain(domain))
        .then_some(domain)
}

/// Whether `email` belongs to one of `domains` (or a subdomain of one); an empty list allows all.
pub fn email_allowed(email: &str, domains: &[String]) -> bool {
    domains.is_empty()
        || email_domain(email).is_some_and(|d| {
            domains
                .iter()
                .any(|allowed| d == allowed || d.ends_with(&format!(".{allowed}")))
        })
}

pub fn validate_password(errors: &mut Vec<FieldError>, password: &str) {
    if password.chars().count() < PASSWORD_MIN {
        errors.push(FieldError::new("password", Msg::ErrPasswordShort));
    } else if password.len() > 1024 {
        errors.push(FieldError::new("password", Msg::ErrTooLong));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        let mut errors = vec![];
        assert_eq!(
            validate_email(&mut errors, " Alex@Bund.DE "),
            "alex@bund.de"
        );
        assert!(errors.is_empty());
        validate_email(&mut errors, "alex");
        assert_eq!(errors, vec![FieldError::new("email", Msg::ErrEmail)]);
    }

    #[test]
    fn domain_allow_list_includes_subdomains() {
        let domains = vec!["bund.de".to_string()];
        assert!(email_allowed("a@bund.de", &domains));
        assert!(email_allowed("a@bmi.bund.de", &domains));
        assert!(!email_allowed("a@evilbund.de", &domains));
        assert!(email_allowed("a@x.org", &[]));
    }

    #[test]
    fn passwords_and_names() {
        let mut errors = vec![];
        validate_password(&mut errors, "short");
        assert_eq!(validate_display_name(&mut errors, "  Alex "), "Alex");
        assert_eq!(
            errors,
            vec![FieldError::new("password", Msg::ErrPasswordShort)]
        );
    }
}
