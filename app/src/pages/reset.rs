//! A forgotten password (`/reset`): without a token the form that mails a link; with the
//! link's token (`/reset?t=…`) the form for the new password. Opening the link (GET) uses
//! nothing up: only saving the new password (POST) does, because mail scanners open links.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{password_reset_info, RequestPasswordReset, ResetPassword};
use crate::components::form::{action_error, FormStatus, TextField};
use crate::domain::EMAIL_LINK_MINUTES;
use crate::i18n::{tr, tr_with, Arg, Msg, Phrase};

#[component]
pub fn ResetPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("t").filter(|t| !t.is_empty());
    view! {
        <Title text=tr(Msg::ResetTitle)/>
        <div class="page-head">
            <h1>{tr(Msg::ResetTitle)}</h1>
        </div>
        {move || match token() {
            Some(token) => view! { <NewPassword token/> }.into_any(),
            None => view! { <AskForLink/> }.into_any(),
        }}
    }
}

#[component]
fn AskForLink() -> impl IntoView {
    let ask = ServerAction::<RequestPasswordReset>::new();
    let error = action_error(ask);
    let minutes = Arg::Num("minutes", EMAIL_LINK_MINUTES);
    let sent = move || match ask.value().get() {
        Some(Ok(email)) => Some(tr_with(
            Phrase::ResetSent,
            &[Arg::Text("email", &email), minutes],
        )),
        _ => None,
    };
    view! {
        <div class="card stack">
            <p class="lead">{tr_with(Phrase::ResetLead, &[minutes])}</p>
            <p role="status" class="notice notice-success" hidden=move || sent().is_none()>{sent}</p>
            <ActionForm action=ask attr:class="form stack" attr:novalidate=true>
                <FormStatus error/>
                <TextField id="reset-email" name="email" label=Msg::FieldEmail kind="email" autocomplete="username" required=true error/>
                <div class="form-actions">
                    <button class="btn btn-primary" type="submit">{tr(Msg::ResetSend)}</button>
                </div>
            </ActionForm>
        </div>
    }
}

#[component]
fn NewPassword(token: String) -> impl IntoView {
    let token = StoredValue::new(token);
    let valid = Resource::new(move || token.get_value(), password_reset_info);
    let reset = ServerAction::<ResetPassword>::new();
    let error = action_error(reset);
    let done = move || matches!(reset.value().get(), Some(Ok(())));
    view! {
        <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || {
                valid.get().map(move |v| match v {
                    Err(e) => view! {
                        <p class="notice notice-error">{tr(e.summary())}</p>
                        <p><a class="btn btn-primary" href="/reset">{tr(Msg::ResetTitle)}</a></p>
                    }.into_any(),
                    Ok(()) => view! {
                        <Show
                            when=done
                            fallback=move || view! {
                                <div class="card stack">
                                    <p class="lead">{tr(Msg::ResetNewLead)}</p>
                                    <ActionForm action=reset attr:class="form stack" attr:novalidate=true>
                                        <FormStatus error/>
                                        <input type="hidden" name="token" value=token.get_value()/>
                                        <TextField id="reset-password" name="password" label=Msg::FieldNewPassword hint=Msg::HintPassword kind="password" autocomplete="new-password" required=true error/>
                                        <div class="form-actions">
                                            <button class="btn btn-primary" type="submit">{tr(Msg::ResetSubmit)}</button>
                                        </div>
                                    </ActionForm>
                                </div>
                            }
                        >
                            <p role="status" class="notice notice-success">{tr(Msg::ResetDone)}</p>
                            <p><a class="btn btn-primary" href="/login">{tr(Msg::LoginTitle)}</a></p>
                        </Show>
                    }.into_any(),
                })
            }}
        </Suspense>
    }
}
