//! Invite links without a stored token (issue 14, point 10). A camp's link token is derived
//! from a server key and the camp's link generation, HMAC-SHA256(key, camp id, generation),
//! so the database holds no token at all: a copy of it (a backup, a leak) lets nobody in,
//! moderators can still be shown the link at any time, and "new link" is one generation up.
//! Links made before this (migration 0011) are kept only as a SHA-256 hash and still admit
//! until the link is regenerated. The key lives in a file of its own (`--secret-file`).
use std::io::Write;
use std::path::Path;

use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use subtle::ConstantTimeEq;

use super::auth::token_hash;
use super::store::{CampRow, LEGACY_INVITE};

/// The server's secret for invite links; 256 bits. No `Debug`: it must never be printed.
#[derive(Clone)]
pub struct InviteKey([u8; 32]);

impl InviteKey {
    pub fn random() -> InviteKey {
        let mut key = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut key);
        InviteKey(key)
    }

    /// Reads the key from `path` (64 hex digits), or creates the file (mode 0600) with a new
    /// random key where there is none yet. Errors are one line for the operator.
    pub fn load_or_create(path: &Path) -> Result<InviteKey, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => InviteKey::parse(text.trim())
                .ok_or_else(|| format!("{} does not hold a key (64 hex digits)", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = InviteKey::random();
                key.create(path)
                    .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
                Ok(key)
            }
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }

    fn parse(hex: &str) -> Option<InviteKey> {
        let bytes = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
            .collect::<Option<Vec<u8>>>()?;
        bytes.try_into().ok().map(InviteKey)
    }

    fn create(&self, path: &Path) -> std::io::Result<()> {
        use std::os::unix::fs::OpenOptionsExt;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let hex: String = self.0.iter().map(|b| format!("{b:02x}")).collect();
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)?;
        writeln!(file, "{hex}")?;
        file.sync_all()
    }

    /// The token of `camp`'s current invite link (256 bits, URL-safe).
    pub fn token(&self, camp: &CampRow) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("any key length");
        mac.update(b"campgrid invite v1");
        mac.update(camp.id.as_bytes());
        mac.update(&camp.invite_generation.to_be_bytes());
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    /// Whether `token` opens `camp`: its current link, or (until it is regenerated) the link
    /// it had before migration 0011. Compared in constant time.
    pub fn admits(&self, camp: &CampRow, token: &str) -> bool {
        if token.is_empty() {
            return false;
        }
        let current = self.token(camp);
        let now = bool::from(current.as_bytes().ct_eq(token.as_bytes()));
        let legacy = camp
            .invite_legacy
            .strip_prefix(LEGACY_INVITE)
            .is_some_and(|hash| bool::from(hash.as_bytes().ct_eq(token_hash(token).as_bytes())));
        now | legacy
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn camp(generation: i64, legacy: &str) -> CampRow {
        CampRow {
            id: uuid::Uuid::from_u128(7),
            slug: "next-camp".into(),
            name: "NExT".into(),
            description: String::new(),
            time_zone: "Europe/Berlin".into(),
            self_service_slots: false,
            schedule_public: false,
            email_domains: String::new(),
            invite_legacy: legacy.into(),
            invite_generation: generation,
            version: 1,
        }
    }

    #[test]
    fn a_link_is_derived_per_camp_and_generation_and_a_new_one_ends_the_old() {
        let key = InviteKey::random();
        let first = camp(1, "-");
        let token = key.token(&first);
        assert_eq!(token.len(), 43);
        assert!(key.admits(&first, &token));
        assert!(!key.admits(&first, ""));
        assert!(!key.admits(&camp(2, "-"), &token));
        assert!(
            !InviteKey::random().admits(&first, &token),
            "another key, other links"
        );
    }

    #[test]
    fn an_old_link_is_kept_as_a_hash_until_regenerated() {
        let key = InviteKey::random();
        let legacy = format!("{LEGACY_INVITE}{}", token_hash("old-link"));
        assert!(key.admits(&camp(1, &legacy), "old-link"));
        assert!(!key.admits(&camp(2, "-"), "old-link"));
    }

    #[test]
    fn the_key_file_is_made_once_and_read_back() {
        let dir = std::env::temp_dir().join(format!("campgrid-key-{}", uuid::Uuid::new_v4()));
        let path = dir.join("secret.key");
        let made = InviteKey::load_or_create(&path).unwrap();
        let read = InviteKey::load_or_create(&path).unwrap();
        assert_eq!(made.0, read.0);
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        std::fs::write(&path, "nonsense").unwrap();
        assert!(InviteKey::load_or_create(&path).is_err());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
