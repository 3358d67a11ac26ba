//! The optional second factor of accounts with a password: TOTP (RFC 6238: 6 digits, 30 s,
//! HMAC-SHA1, which every authenticator app understands) through `totp-rs`, recovery codes
//! for a lost phone, and QR codes drawn as SVG by `qrcode`.
use rand::Rng;
use subtle::ConstantTimeEq;
use totp_rs::{Algorithm, Secret, TOTP};

const STEP: u64 = 30;
/// Codes of the step before and after the current one count too (clocks drift).
const SKEW: i64 = 1;
pub const RECOVERY_CODES: usize = 10;
/// Letters and digits that cannot be mistaken for one another when typed from paper.
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// A new random secret (160 bits, RFC 4226's recommendation), base32 as apps expect it.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::thread_rng().fill(&mut bytes);
    Secret::Raw(bytes.to_vec()).to_encoded().to_string()
}

fn totp(secret: &str, account: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_string()).to_bytes().ok()?;
    // `new_unchecked`: the issuer and account only label the entry in the app; a ':' in them
    // (which `new` refuses) is replaced instead of failing.
    Some(TOTP::new_unchecked(
        Algorithm::SHA1,
        6,
        SKEW as u8,
        STEP,
        bytes,
        Some("campgrid".into()),
        account.replace(':', " "),
    ))
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn setup_url(secret: &str, account: &str) -> Option<String> {
    totp(secret, account).map(|t| t.get_url())
}

/// The code an authenticator app shows at `unix` seconds for `secret` (spaces allowed).
pub fn code_at(secret: &str, unix: u64) -> Option<String> {
    let secret: String = secret.split_whitespace().collect();
    totp(&secret, "").map(|t| t.generate(unix))
}

/// The time step whose code `code` is, at `unix` seconds; `None` if it is none of the steps
/// within the skew. The step is what makes a code usable only once (see the store).
pub fn matching_step(secret: &str, code: &str, unix: u64) -> Option<i64> {
    let totp = totp(secret, "")?;
    let now = (unix / STEP) as i64;
    (now - SKEW..=now + SKEW).find(|&step| {
        let expected = totp.generate(step as u64 * STEP);
        bool::from(expected.as_bytes().ct_eq(code.as_bytes()))
    })
}

/// A code as typed: digits kept, spaces dropped; `None` if it is not six digits.
pub fn normalise_code(code: &str) -> Option<String> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == 6 && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

/// A random code to type from paper or another screen: `groups` groups of four characters
/// of `alphabet`, joined by dashes (recovery codes here, device codes in `sign_ins`).
pub fn random_code(alphabet: &[u8], groups: usize) -> String {
    let mut rng = rand::thread_rng();
    let group = |_| -> String {
        (0..4)
            .map(|_| alphabet[rng.gen_range(0..alphabet.len())] as char)
            .collect()
    };
    (0..groups).map(group).collect::<Vec<_>>().join("-")
}

/// A code as typed, in the form that is hashed: letters and digits only, upper case, so that
/// case, dashes and spaces do not matter.
pub fn typed_code(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// New recovery codes, six groups of four (about 119 bits each: ASVS 5.0 V6.5.2 asks 112 of
/// a code kept only as an unsalted hash).
pub fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| random_code(ALPHABET, 6))
        .collect()
}

/// `text` as a QR code in SVG, drawn in the page's text colour so it works in dark mode too.
pub fn qr_svg(text: &str) -> Option<String> {
    use qrcode::render::svg;
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<svg::Color>()
            .min_dimensions(200, 200)
            .dark_color(svg::Color("#000"))
            .light_color(svg::Color("#fff"))
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_matches_its_step_and_the_neighbours_only() {
        let secret = new_secret();
        let t = totp(&secret, "a@x.de").unwrap();
        let at = 1_800_000_000;
        let code = t.generate(at);
        assert_eq!(matching_step(&secret, &code, at), Some((at / 30) as i64));
        assert_eq!(
            matching_step(&secret, &code, at + 30),
            Some((at / 30) as i64)
        );
        assert_eq!(matching_step(&secret, &code, at + 90), None);
        assert_eq!(matching_step(&secret, "000000x", at), None);
    }

    #[test]
    fn codes_are_read_as_typed() {
        assert_eq!(normalise_code(" 123 456 ").as_deref(), Some("123456"));
        assert_eq!(normalise_code("12345"), None);
        assert_eq!(normalise_code("abcdef"), None);
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        assert_eq!(codes[0].len(), 29);
        assert_eq!(typed_code(&codes[0].to_uppercase()).len(), 24);
    }

    #[test]
    fn the_setup_url_and_qr_code_carry_the_secret() {
        let secret = new_secret();
        let url = setup_url(&secret, "a@x.de").unwrap();
        assert!(url.starts_with("otpauth://totp/campgrid:a%40x.de?secret="));
        assert!(qr_svg(&url).unwrap().starts_with("<?xml"));
    }
}
