//! "Mein Konto": one's own sign-ins and devices, and for accounts with a password the
//! password, address and second factor; resetting a forgotten password.
use leptos::prelude::*;

use crate::error::AppError;
use crate::view::{AccountView, DeviceCodeView, TotpSetupView};

#[server(endpoint = "my_account")]
pub async fn my_account() -> Result<AccountView, AppError> {
    use crate::server::{sign_ins, state::app_state};
    super::respond(sign_ins::account_view(&app_state()?).await)
}

/// Ends one of the caller's sign-ins; `true` if it was this browser's own.
#[server(endpoint = "end_sign_in")]
pub async fn end_sign_in(key: String) -> Result<bool, AppError> {
    use crate::server::{sign_ins, state::app_state};
    super::respond(sign_ins::end_sign_in(&app_state()?, &key).await)
}

/// `true` if this browser's sign-in ended too.
#[server(endpoint = "end_all_sign_ins")]
pub async fn end_all_sign_ins() -> Result<bool, AppError> {
    use crate::server::{sign_ins, state::app_state};
    super::respond(sign_ins::end_all(&app_state()?).await)
}

#[server(endpoint = "device_code")]
pub async fn device_code() -> Result<DeviceCodeView, AppError> {
    use crate::server::{sign_ins, state::app_state};
    super::respond(sign_ins::device_code(&app_state()?).await)
}

/// The name of the person a device code signs in as (asked before the POST uses it).
#[server(endpoint = "device_code_owner")]
pub async fn device_code_owner(code: String) -> Result<String, AppError> {
    use crate::server::{sign_ins, state::app_state};
    super::respond(sign_ins::device_code_owner(&app_state()?, &code).await)
}

#[server(endpoint = "use_device_code")]
pub async fn use_device_code(code: String) -> Result<(), AppError> {
    use crate::server::{sign_ins, state::app_state};
    super::respond(sign_ins::use_device_code(&app_state()?, &code).await)
}

#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    code: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{account, state::app_state};
    let state = app_state()?;
    let result =
        account::change_password(&state, &current_password, &new_password, code.as_deref());
    super::respond(result.await)
}

#[server(endpoint = "change_email")]
pub async fn change_email(
    email: String,
    current_password: String,
    code: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{account, state::app_state};
    let state = app_state()?;
    let result = account::change_email(&state, &email, &current_password, code.as_deref());
    super::respond(result.await)
}

#[server(endpoint = "begin_totp")]
pub async fn begin_totp() -> Result<TotpSetupView, AppError> {
    use crate::server::{account, state::app_state};
    super::respond(account::begin_totp(&app_state()?).await)
}

/// Turns the second factor on; the recovery codes come back this once.
#[server(endpoint = "enable_totp")]
pub async fn enable_totp(current_password: String, code: String) -> Result<Vec<String>, AppError> {
    use crate::server::{account, state::app_state};
    let state = app_state()?;
    super::respond(account::enable_totp(&state, &current_password, &code).await)
}

#[server(endpoint = "disable_totp")]
pub async fn disable_totp(current_password: String, code: String) -> Result<(), AppError> {
    use crate::server::{account, state::app_state};
    let state = app_state()?;
    super::respond(account::disable_totp(&state, &current_password, &code).await)
}

#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<String, AppError> {
    use crate::server::{account, state::app_state};
    super::respond(account::request_reset(&app_state()?, &email).await)
}

/// Whether a reset link is valid (the page asks before the POST uses it up).
#[server(endpoint = "password_reset_info")]
pub async fn password_reset_info(token: String) -> Result<(), AppError> {
    use crate::server::{account, state::app_state};
    super::respond(account::reset_info(&app_state()?, &token).await)
}

#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    use crate::server::{account, state::app_state};
    super::respond(account::reset_password(&app_state()?, &token, &password).await)
}
