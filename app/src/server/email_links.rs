//! Work addresses confirmed by e-mail, for camps that admit only some domains: joining mails a
//! link, the link opens a page that asks, and only its POST confirms (mail scanners follow GET
//! links). Opening a link for an address that is a member already signs that member in, which
//! is also how a member gets onto a second device.
use chrono::{Duration, Utc};

use super::access::Caller;
use super::auth::{self, random_token, token_hash};
use super::mail::Mail;
use super::store::{CampRow, Confirmed, NewEmailLink};
use super::AppState;
use crate::domain::EMAIL_LINK_MINUTES;
use crate::error::AppError;
use crate::i18n::{Arg, Msg, Phrase};
use crate::view::EmailLinkView;

/// Mails `email` (checked against the camp's domains by the caller) a link for `camp`.
/// Answers the same whether or not the address is a member already, so that the form tells
/// nobody who is in a camp.
pub async fn send_link(
    state: &AppState,
    camp: &CampRow,
    email: &str,
    display_name: &str,
) -> Result<(), AppError> {
    if !state.mail_limiter.allow(email) {
        return Err(AppError::TooManyRequests);
    }
    let token = random_token();
    let requested_by = Caller::current().person(&state.store).await?.map(|p| p.id);
    state
        .store
        .add_email_link(NewEmailLink {
            token_hash: &token_hash(&token),
            camp: camp.id,
            email,
            display_name,
            requested_by,
            expires_at: Utc::now() + Duration::minutes(EMAIL_LINK_MINUTES),
        })
        .await?;
    let link = format!("{}/confirm?t={token}", state.public_url.origin());
    let args = [
        Arg::Text("camp", &camp.name),
        Arg::Num("minutes", EMAIL_LINK_MINUTES),
        Arg::Text("link", &link),
    ];
    let phrases = (Phrase::MailLinkSubject, Phrase::MailLinkBody);
    let mail = Mail::compose(Caller::current().lang, email, phrases, &args, &link).about(camp.id);
    state.mailer.send(mail).await.map_err(|e| {
        // The error's kind only: a relay's reply can quote the address.
        tracing::warn!(error = %e, "a mail with a link was not sent");
        AppError::Unavailable(Msg::ErrMailFailed)
    })
}

/// What confirming the link would do, for the page that asks before the POST.
pub async fn link_info(state: &AppState, token: &str) -> Result<EmailLinkView, AppError> {
    let link = state
        .store
        .email_link(&token_hash(token))
        .await?
        .ok_or(AppError::Refused(Msg::ErrLinkInvalid))?;
    if link.member_has_password == Some(true) {
        return Err(AppError::Refused(Msg::ErrLinkNeedsPassword));
    }
    let camp = state
        .store
        .camp_by_id(link.camp_id)
        .await?
        .ok_or(AppError::Refused(Msg::ErrLinkInvalid))?;
    let caller = Caller::current().person(&state.store).await?;
    // Only the person who asked for the link may join as themselves (see the store).
    let signed_in_as = caller
        .filter(|p| link.member.is_none() && Some(p.id) == link.requested_by)
        .map(|p| p.display_name);
    Ok(EmailLinkView {
        camp_name: camp.name,
        email: link.email,
        display_name: link.display_name,
        member_name: link.member_name,
        signed_in_as,
    })
}

/// Confirms a link (POST only) and signs this browser in as the member; returns the camp's
/// slug. `as_current`: join as the person this browser is signed in as, not as a new one.
pub async fn confirm(state: &AppState, token: &str, as_current: bool) -> Result<String, AppError> {
    let caller = Caller::current().person(&state.store).await?;
    let as_person = caller.as_ref().filter(|_| as_current).map(|p| p.id);
    let confirmed = state
        .store
        .confirm_email_link(&token_hash(token), as_person)
        .await?;
    let (camp, person) = match confirmed {
        Confirmed::Joined { camp, person } | Confirmed::SignedIn { camp, person } => (camp, person),
        Confirmed::Removed => return Err(AppError::Refused(Msg::ErrRemoved)),
        Confirmed::NeedsPassword => return Err(AppError::Refused(Msg::ErrLinkNeedsPassword)),
        Confirmed::Invalid => return Err(AppError::Refused(Msg::ErrLinkInvalid)),
    };
    if caller.is_none_or(|p| p.id != person) {
        auth::sign_in_as(state, person).await?;
    }
    let camp = state
        .store
        .camp_by_id(camp)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(camp.slug)
}
