//! Wire types: who is signed in.
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub display_name: String,
    pub is_moderator: bool,
}

/// "Mein Konto": what the signed-in person may see and change about their own account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub display_name: String,
    /// Accounts with a password (moderators) have an address and can change it.
    pub email: Option<String>,
    pub has_password: bool,
    /// False for a participant without a verified address: this sign-in is their only way
    /// back, so it is never offered to end.
    pub can_sign_in_again: bool,
    pub totp_on: bool,
    pub recovery_codes_left: i64,
    pub sign_ins: Vec<SignInView>,
}

/// One sign-in in the list of one's own; times are shown in German time (the camps' users).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInView {
    pub key: String,
    pub device: String,
    pub started: String,
    pub last_used: String,
    /// The sign-in of this browser.
    pub current: bool,
}

/// A second factor being set up: the QR code for the app and the secret to type instead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpSetupView {
    pub secret: String,
    pub qr_svg: String,
}

/// The code (and its QR code, a link to `/device`) that signs another device in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceCodeView {
    pub code: String,
    pub qr_svg: String,
    pub minutes: i64,
}
