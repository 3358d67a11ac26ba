//! The page a mailed link opens (`/confirm?t=…`): it says what confirming will do, and only
//! its button (a POST) confirms, because mail scanners open GET links on their own.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::go_to;
use crate::api::{email_link_info, ConfirmEmail};
use crate::components::form::{action_error, FormStatus};
use crate::i18n::{tr, tr_with, Arg, Msg, Phrase};
use crate::view::EmailLinkView;

#[component]
pub fn ConfirmPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("t").unwrap_or_default();
    let info = Resource::new(token, email_link_info);
    view! {
        <Title text=tr(Msg::ConfirmTitle)/>
        <div class="page-head">
            <h1>{tr(Msg::ConfirmTitle)}</h1>
        </div>
        <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || info.get().map(|info| match info {
                Ok(info) => view! { <ConfirmForm info token=token()/> }.into_any(),
                Err(e) => view! { <p class="notice notice-error">{tr(e.summary())}</p> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn ConfirmForm(info: EmailLinkView, token: String) -> impl IntoView {
    let confirm = ServerAction::<ConfirmEmail>::new();
    let error = action_error(confirm);
    Effect::new(move |_| {
        if let Some(Ok(slug)) = confirm.value().get() {
            go_to(format!("/c/{slug}"));
        }
    });
    let lead = tr_with(
        Phrase::ConfirmLead,
        &[
            Arg::Text("email", &info.email),
            Arg::Text("camp", &info.camp_name),
        ],
    );
    let button = |label: String, as_current: bool, primary: bool| {
        let class = if primary {
            "btn btn-primary"
        } else {
            "btn btn-secondary"
        };
        let token = token.clone();
        view! {
            <ActionForm action=confirm attr:class="inline-form">
                <input type="hidden" name="token" value=token/>
                {as_current.then(|| view! { <input type="hidden" name="as_current" value="true"/> })}
                <button class=class type="submit">{label}</button>
            </ActionForm>
        }
    };
    let name = |phrase, name: &str| tr_with(phrase, &[Arg::Text("name", name)]);
    // Who confirming makes of this browser: the address's member, or (signed in as someone
    // else) that person or a new one, as they choose; never silently the browser's person.
    let choice = match (&info.member_name, &info.signed_in_as) {
        (Some(member), _) => button(name(Phrase::ConfirmSignInAs, member), false, true).into_any(),
        (None, Some(me)) => view! {
            <p>{name(Phrase::ConfirmSignedInAs, me)}</p>
            <div class="form-actions">
                {button(name(Phrase::ConfirmJoinAs, me), true, true)}
                {button(name(Phrase::ConfirmAsNew, &info.display_name), false, false)}
            </div>
        }
        .into_any(),
        (None, None) => {
            button(name(Phrase::ConfirmJoinAs, &info.display_name), false, true).into_any()
        }
    };
    view! {
        <div class="card stack">
            <p class="lead">{lead}</p>
            <FormStatus error/>
            {choice}
            <p class="hint">{tr(Msg::ConfirmHint)}</p>
        </div>
    }
}
