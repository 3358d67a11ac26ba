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

/// A piece of plain text as the page shows it: text, a web link, or a line break.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Link(String),
    Break,
}

/// Splits plain text into text, `http(s)://` links and line breaks. Links end at whitespace;
/// trailing punctuation (".", ",", ")" ...) stays text. Nothing else is ever interpreted, so
/// markup in a description is shown as typed.
pub fn linkify(text: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            pieces.push(Piece::Break);
        }
        let mut rest = line;
        while let Some(start) = find_link_start(rest) {
            let len = rest[start..]
                .find(char::is_whitespace)
                .unwrap_or(rest.len() - start);
            let link = rest[start..start + len]
                .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'']);
            push_text(&mut pieces, &rest[..start]);
            if super::is_http_url(link) {
                pieces.push(Piece::Link(link.to_string()));
            } else {
                push_text(&mut pieces, link);
            }
            rest = &rest[start + link.len()..];
        }
        push_text(&mut pieces, rest);
    }
    pieces
}

fn find_link_start(s: &str) -> Option<usize> {
    [s.find("https://"), s.find("http://")]
        .into_iter()
        .flatten()
        .min()
}

fn push_text(pieces: &mut Vec<Piece>, text: &str) {
    if text.is_empty() {
        return;
    }
    match pieces.last_mut() {
        Some(Piece::Text(t)) => t.push_str(text),
        _ => pieces.push(Piece::Text(text.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linkify_finds_web_links_only() {
        let text = "Folien: https://example.org/a?b=1. Mehr (http://x.de/y)\n<script>javascript:alert(1)</script> https://";
        assert_eq!(
            linkify(text),
            vec![
                Piece::Text("Folien: ".into()),
                Piece::Link("https://example.org/a?b=1".into()),
                Piece::Text(". Mehr (".into()),
                Piece::Link("http://x.de/y".into()),
                Piece::Text(")".into()),
                Piece::Break,
                Piece::Text("<script>javascript:alert(1)</script> https://".into()),
            ]
        );
        assert_eq!(linkify(""), vec![]);
    }

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
