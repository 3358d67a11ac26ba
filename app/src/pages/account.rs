//! "Mein Konto" (`/account`): where one is signed in (end one, or all), signing in another
//! device, and for accounts with a password the password, the second factor and the address.
use leptos::prelude::*;
use leptos_meta::Title;

use super::{go_to, LoadError};
use crate::api::{
    my_account, BeginTotp, ChangeEmail, ChangePassword, DeviceCode, DisableTotp, EnableTotp,
    EndAllSignIns, EndSignIn,
};
use crate::components::confirm::{Confirm, ConfirmDialog};
use crate::components::form::{
    action_error, action_ok, count_successes, reset_on_success, FormStatus, TextField,
};
use crate::i18n::{tr, tr_with, use_lang, Arg, Msg, Phrase};
use crate::view::{AccountView, SignInView};

/// What outlives a re-read of the account: the sections are made anew from each read, so
/// what they must keep showing lives here.
#[derive(Clone, Copy)]
struct Page {
    /// Bumped by every change that alters what the page shows: the account is read again.
    changes: RwSignal<u32>,
    /// What the last change did, in the page's live region.
    notice: RwSignal<Option<Msg>>,
    /// The recovery codes just made, shown until the person says they saved them.
    recovery: RwSignal<Option<Vec<String>>>,
}

impl Page {
    fn changed(self, notice: Msg) {
        self.notice.set(Some(notice));
        self.changes.update(|n| *n += 1);
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let page = Page {
        changes: RwSignal::new(0),
        notice: RwSignal::new(None),
        recovery: RwSignal::new(None),
    };
    let account = Resource::new(move || page.changes.get(), |_| my_account());
    view! {
        <Title text=tr(Msg::AccountTitle)/>
        <div class="page-head">
            <h1>{tr(Msg::AccountTitle)}</h1>
        </div>
        <p role="status" class="notice notice-success" hidden=move || page.notice.get().is_none()>
            {move || page.notice.get().map(tr)}
        </p>
        <Transition fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || account.get().map(|a| match a {
                Ok(a) => view! { <Account account=a page/> }.into_any(),
                Err(error) => view! { <LoadError error/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Account(account: AccountView, page: Page) -> impl IntoView {
    let who = match &account.email {
        Some(email) => format!("{} · {email}", account.display_name),
        None => account.display_name.clone(),
    };
    let password = account.has_password;
    view! {
        <p class="lead">{who}</p>
        {(!password).then(|| view! { <p class="hint">{tr(Msg::AccountNoPassword)}</p> })}
        <div class="stack">
            <SignIns sign_ins=account.sign_ins can_sign_in_again=account.can_sign_in_again page/>
            {(!password).then(|| view! { <OtherDevice/> })}
            {password.then(|| view! {
                <PasswordSection totp_on=account.totp_on/>
                <TotpSection on=account.totp_on left=account.recovery_codes_left page/>
                <EmailSection totp_on=account.totp_on page/>
            })}
        </div>
    }
}

/// One's sign-ins. Where this device's sign-in is the person's only way back (no password,
/// no confirmed address), it cannot be ended here, and "all" means all the others.
#[component]
fn SignIns(sign_ins: Vec<SignInView>, can_sign_in_again: bool, page: Page) -> impl IntoView {
    let lang = use_lang();
    let end = ServerAction::<EndSignIn>::new();
    let end_all = ServerAction::<EndAllSignIns>::new();
    let error = Signal::derive(move || action_error(end).get().or(action_error(end_all).get()));
    for action_value in [end.value(), end_all.value()] {
        Effect::new(move |_| match action_value.get() {
            Some(Ok(true)) => go_to("/".into()),
            Some(Ok(false)) => page.changed(Msg::SignInEnded),
            _ => {}
        });
    }
    let (all, all_title, all_text) = if can_sign_in_again {
        (
            Msg::SignOutEverywhere,
            Msg::SignOutEverywhereTitle,
            Msg::SignOutEverywhereText,
        )
    } else {
        (
            Msg::SignOutOthers,
            Msg::SignOutOthersTitle,
            Msg::SignOutOthersText,
        )
    };
    let confirm = Confirm::new();
    let rows = sign_ins
        .into_iter()
        .map(|s| {
            let device = if s.device.is_empty() {
                Msg::SignInUnknownDevice.text(lang).to_string()
            } else {
                s.device.clone()
            };
            let label = Phrase::EndSignInOf.fill(
                lang,
                &[Arg::Text("device", &device), Arg::Text("time", &s.started)],
            );
            let endable = can_sign_in_again || !s.current;
            view! {
                <li class="sign-in">
                    <div>
                        <strong>{device}</strong>
                        {s.current.then(|| view! { " " <span class="badge">{tr(Msg::SignInThisDevice)}</span> })}
                        <p class="muted">
                            {tr_with(Phrase::SignInStarted, &[Arg::Text("time", &s.started)])}
                            <br/>
                            {tr_with(Phrase::SignInLastUsed, &[Arg::Text("time", &s.last_used)])}
                        </p>
                    </div>
                    {endable.then(|| view! {
                        <ActionForm action=end>
                            <input type="hidden" name="key" value=s.key/>
                            <button class="btn btn-secondary btn-small" type="submit" aria-label=label>
                                {tr(Msg::Logout)}
                            </button>
                        </ActionForm>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card stack" aria-labelledby="account-sign-ins">
            <h2 id="account-sign-ins">{tr(Msg::AccountSignIns)}</h2>
            <p class="hint">{tr(Msg::AccountSignInsLead)}</p>
            <FormStatus error/>
            <ul class="sign-ins">{rows}</ul>
            <div class="form-actions">
                <button
                    class="btn btn-secondary"
                    type="button"
                    disabled=move || confirm.unavailable()
                    on:click=move |_| confirm.open()
                >
                    {tr(all)}
                </button>
            </div>
            <ConfirmDialog
                confirm
                id="confirm-sign-out-everywhere"
                title=all_title.text(lang).to_string()
                text=all_text.text(lang).to_string()
            >
                <ActionForm action=end_all>
                    <button class="btn btn-danger" type="submit">{tr(all)}</button>
                </ActionForm>
            </ConfirmDialog>
        </section>
    }
}

/// The code (and QR code) that signs another device in as this person.
#[component]
fn OtherDevice() -> impl IntoView {
    let show = ServerAction::<DeviceCode>::new();
    let error = action_error(show);
    let code = move || show.value().get().and_then(Result::ok);
    view! {
        <section class="card stack" aria-labelledby="account-device">
            <h2 id="account-device">{tr(Msg::AccountDevice)}</h2>
            <p>{tr(Msg::AccountDeviceLead)}</p>
            <FormStatus error/>
            {move || code().map(|c| view! {
                <div class="device-code" role="status">
                    <p class="muted">{tr(Msg::DeviceCodeLabel)}</p>
                    <p class="device-code-value">{c.code.clone()}</p>
                    <div class="qr" role="img" aria-label=tr(Msg::AccountDevice) inner_html=c.qr_svg.clone()></div>
                    <p class="hint">{tr_with(Phrase::DeviceCodeValid, &[Arg::Num("minutes", c.minutes)])}</p>
                </div>
            })}
            <ActionForm action=show>
                <button class="btn btn-primary" type="submit">
                    {move || tr(if code().is_some() { Msg::ShowNewDeviceCode } else { Msg::ShowDeviceCode })}
                </button>
            </ActionForm>
            <p class="hint">{tr(Msg::AccountDeviceByMail)}</p>
        </section>
    }
}

/// The current password, and the second factor where it is on: asked before every change.
#[component]
fn Reauth(
    /// The ids of the two fields, unique on the page.
    ids: (&'static str, &'static str),
    totp_on: bool,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let (current, code) = ids;
    view! {
        <TextField id=current name="current_password" label=Msg::FieldCurrentPassword kind="password" autocomplete="current-password" required=true error/>
        {totp_on.then(|| view! {
            <TextField id=code name="code" label=Msg::FieldCode hint=Msg::HintCode autocomplete="one-time-code" required=true error/>
        })}
    }
}

/// The other sign-ins end with the change; the list shows it on the next visit, so that the
/// confirmation stays in view here.
#[component]
fn PasswordSection(totp_on: bool) -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let error = action_error(change);
    let ok = action_ok(change);
    let form = reset_on_success(change);
    view! {
        <section class="card stack" aria-labelledby="account-password">
            <h2 id="account-password">{tr(Msg::AccountPassword)}</h2>
            <ActionForm action=change node_ref=form attr:class="form stack" attr:novalidate=true>
                <FormStatus error ok ok_msg=Msg::PasswordChanged/>
                <Reauth ids=("password-current", "password-code") totp_on error/>
                <TextField id="password-new" name="new_password" label=Msg::FieldNewPassword hint=Msg::HintPassword kind="password" autocomplete="new-password" required=true error/>
                <div class="form-actions">
                    <button class="btn btn-primary" type="submit">{tr(Msg::AccountPassword)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn EmailSection(totp_on: bool, page: Page) -> impl IntoView {
    let change = ServerAction::<ChangeEmail>::new();
    let error = action_error(change);
    Effect::new(move |_| {
        if let Some(Ok(())) = change.value().get() {
            page.changed(Msg::EmailChanged);
        }
    });
    view! {
        <section class="card stack" aria-labelledby="account-email">
            <h2 id="account-email">{tr(Msg::AccountEmail)}</h2>
            <ActionForm action=change attr:class="form stack" attr:novalidate=true>
                <FormStatus error/>
                <TextField id="email-new" name="email" label=Msg::FieldNewEmail kind="email" autocomplete="email" required=true error/>
                <Reauth ids=("email-current", "email-code") totp_on error/>
                <div class="form-actions">
                    <button class="btn btn-primary" type="submit">{tr(Msg::ChangeEmailSubmit)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn TotpSection(on: bool, left: i64, page: Page) -> impl IntoView {
    view! {
        <section class="card stack" aria-labelledby="account-totp">
            <h2 id="account-totp">{tr(Msg::AccountTotp)}</h2>
            {if on {
                view! { <TotpOn left page/> }.into_any()
            } else {
                view! { <TotpSetup page/> }.into_any()
            }}
        </section>
    }
}

/// The recovery codes just made: shown once, until the person says they saved them.
#[component]
fn RecoveryCodes(page: Page) -> impl IntoView {
    move || {
        page.recovery.get().map(|codes| {
            view! {
                <div class="stack recovery">
                    <h3>{tr(Msg::RecoveryTitle)}</h3>
                    <p>{tr(Msg::RecoveryLead)}</p>
                    <ol class="recovery-codes">
                        {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
                    </ol>
                    <div class="form-actions">
                        <button class="btn btn-primary" type="button" on:click=move |_| page.recovery.set(None)>
                            {tr(Msg::RecoveryDone)}
                        </button>
                    </div>
                </div>
            }
        })
    }
}

#[component]
fn TotpOn(left: i64, page: Page) -> impl IntoView {
    let disable = ServerAction::<DisableTotp>::new();
    let error = action_error(disable);
    count_successes(disable, page.changes);
    view! {
        <RecoveryCodes page/>
        <p>{tr(Msg::TotpIsOn)}</p>
        <p class="hint">{tr_with(Phrase::RecoveryLeft, &[Arg::Num("n", left)])}</p>
        <ActionForm action=disable attr:class="form stack" attr:novalidate=true>
            <FormStatus error/>
            <Reauth ids=("totp-off-current", "totp-off-code") totp_on=true error/>
            <div class="form-actions">
                <button class="btn btn-secondary" type="submit">{tr(Msg::TotpDisable)}</button>
            </div>
        </ActionForm>
    }
}

/// Setting up: a secret (QR code and key), then a code from the app and the password to
/// turn it on; the recovery codes follow in `TotpOn`.
#[component]
fn TotpSetup(page: Page) -> impl IntoView {
    let begin = ServerAction::<BeginTotp>::new();
    let enable = ServerAction::<EnableTotp>::new();
    let begin_error = action_error(begin);
    let error = action_error(enable);
    Effect::new(move |_| {
        if let Some(Ok(codes)) = enable.value().get() {
            page.recovery.set(Some(codes));
            page.changed(Msg::TotpIsOn);
        }
    });
    let setup = move || begin.value().get().and_then(Result::ok);
    view! {
        <p>{tr(Msg::TotpOffLead)}</p>
        <FormStatus error=begin_error/>
        {move || match setup() {
            None => view! {
                <ActionForm action=begin>
                    <button class="btn btn-primary" type="submit">{tr(Msg::TotpBegin)}</button>
                </ActionForm>
            }.into_any(),
            Some(s) => view! {
                <p>{tr(Msg::TotpScan)}</p>
                <div class="qr" role="img" aria-label=tr(Msg::TotpQrLabel) inner_html=s.qr_svg></div>
                <p>{tr(Msg::TotpSecret)} ": " <code class="totp-secret">{s.secret}</code></p>
                <ActionForm action=enable attr:class="form stack" attr:novalidate=true>
                    <FormStatus error/>
                    <p class="hint">{tr(Msg::TotpEnableLead)}</p>
                    <TextField id="totp-code" name="code" label=Msg::FieldCode autocomplete="one-time-code" required=true error/>
                    <TextField id="totp-current" name="current_password" label=Msg::FieldCurrentPassword kind="password" autocomplete="current-password" required=true error/>
                    <div class="form-actions">
                        <button class="btn btn-primary" type="submit">{tr(Msg::TotpConfirm)}</button>
                    </div>
                </ActionForm>
            }.into_any(),
        }}
    }
}
