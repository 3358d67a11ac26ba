//! Small text rules shared by every form: trimming, required fields, length limits.
use crate::error::FieldError;
use crate::i18n::Msg;

/// Trims `value` and checks it is present (when `required`) and at most `max` characters.
pub fn clean(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    required: bool,
    max: usize,
) -> String {
    let value = value.trim();
    if required && value.is_empty() {
        errors.push(FieldError::new(field, Msg::ErrRequired));
    } else if value.chars().count() > max {
        errors.push(FieldError::new(field, Msg::ErrTooLong));
    }
    value.to_string()
}

/// A lower-case slug from a free-text name, with German umlauts spelled out.
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().to_lowercase().chars() {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ if !out.ends_with('-') && !out.is_empty() => out.push('-'),
            _ => {}
        }
    }
    out.trim_end_matches('-')
        .chars()
        .take(40)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string()
}

/// Whether `s` is a DNS name such as `bund.de`.
pub fn is_domain(s: &str) -> bool {
    let labels: Vec<&str> = s.split('.').collect();
    labels.len() >= 2
        && s.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_trims_and_checks() {
        let mut errors = vec![];
        assert_eq!(clean(&mut errors, "a", "  x ", true, 5), "x");
        assert!(errors.is_empty());
        clean(&mut errors, "b", "   ", true, 5);
        clean(&mut errors, "c", "toolong", false, 5);
        assert_eq!(errors[0], FieldError::new("b", Msg::ErrRequired));
        assert_eq!(errors[1], FieldError::new("c", Msg::ErrTooLong));
    }

    #[test]
    fn slugify_spells_out_umlauts() {
        assert_eq!(
            slugify("NExT Camp Frühjahr 2026!"),
            "next-camp-fruehjahr-2026"
        );
        assert_eq!(slugify("  --Größe--  "), "groesse");
    }

    #[test]
    fn domains() {
        assert!(is_domain("bund.de"));
        assert!(is_domain("stadt-koeln.de"));
        assert!(!is_domain("bund"));
        assert!(!is_domain("-x.de"));
        assert!(!is_domain("a..de"));
    }
}
