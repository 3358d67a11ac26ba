//! Reading the `Cookie` request header: the sign-in, the language choice and the test clock.
//! Not domain logic, so it lives apart and `i18n` and `server` both use it.
//! Hand-written: a split on `;` is all three need; the `cookie` crate would add parsing of
//! attributes that a request header never carries.

/// The value of one cookie in a `Cookie` request header.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name).then_some(v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cookie_values() {
        assert_eq!(cookie_value("a=1; b=2", "b"), Some("2"));
        assert_eq!(cookie_value("ab=1", "a"), None);
    }
}
