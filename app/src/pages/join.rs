//! Joining a camp through its invite link: a name (and a work e-mail where required).
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::go_to;
use crate::api::{join_info, JoinCamp};
use crate::components::form::{action_error, FormStatus, TextField};
use crate::domain::{DISPLAY_NAME_MAX, EMAIL_LINK_MINUTES};
use crate::i18n::{tr, tr_with, Arg, Msg, Phrase};
use crate::view::{Invitation, JoinOutcome};

#[component]
pub fn JoinPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let token = move || query.read().get("t").unwrap_or_default();
    let info = Resource::new(move || (slug(), token()), |(s, t)| join_info(s, t));
    view! {
        <Title text=tr(Msg::JoinTitle)/>
        <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || info.get().map(|info| match info {
                Ok(info) => view! { <JoinForm info token=token()/> }.into_any(),
                Err(_) => view! {
                    <div class="page-head">
                        <h1>{tr(Msg::JoinTitle)}</h1>
                    </div>
                    <p class="notice notice-error">{tr(Msg::JoinInvalid)}</p>
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn JoinForm(info: Invitation, token: String) -> impl IntoView {
    let join = ServerAction::<JoinCamp>::new();
    let error = action_error(join);
    let camp_url = format!("/c/{}", info.slug);
    let target = camp_url.clone();
    Effect::new(move |_| {
        if let Some(Ok(JoinOutcome::Joined)) = join.value().get() {
            go_to(target.clone());
        }
    });
    let domains = info.email_domains.join(", ");
    let needs_email = !info.email_domains.is_empty();
    let lead = if needs_email {
        Msg::JoinLeadEmail
    } else {
        Msg::JoinLead
    };
    // The address the link went to: what was typed in the form that was sent.
    let sent_to = move || match join.value().get() {
        Some(Ok(JoinOutcome::MailSent(email))) => Some(email),
        _ => None,
    };
    view! {
        <div class="page-head">
            <h1>{tr(Msg::JoinTitle)} ": " {info.name.clone()}</h1>
            <p class="lead">{tr(lead)}</p>
        </div>
        // The live region is there from the start, so that what appears in it is announced.
        <div role="status">
            {move || sent_to().map(|email| view! {
                <div class="notice notice-info">
                    <p><strong>{tr(Msg::JoinCheckMail)}</strong></p>
                    <p>{tr_with(Phrase::JoinMailSent, &[Arg::Text("email", &email), Arg::Num("minutes", EMAIL_LINK_MINUTES)])}</p>
                    <p class="hint">{tr(Msg::JoinCheckMailHint)}</p>
                </div>
            })}
        </div>
        {if info.already_member {
            view! {
                <p class="notice notice-info">{tr(Msg::JoinAlready)}</p>
                <p><a class="btn btn-primary" href=camp_url>{tr(Msg::GoToCamp)}</a></p>
            }.into_any()
        } else {
            // Signed in as someone not in this camp: join as them only by their choice (camps
            // with an address rule ask on the confirm page instead).
            let current = info.signed_in_as.clone().filter(|_| !needs_email);
            let (submit, submit_class) = if current.is_some() {
                (Msg::JoinAsNew, "btn btn-secondary")
            } else {
                (Msg::JoinSubmit, "btn btn-primary")
            };
            let (slug, as_token) = (info.slug.clone(), token.clone());
            view! {
                {current.map(|name| view! {
                    <div class="card stack">
                        <p>{tr_with(Phrase::ConfirmSignedInAs, &[Arg::Text("name", &name)])}</p>
                        <ActionForm action=join>
                            <input type="hidden" name="camp" value=slug/>
                            <input type="hidden" name="token" value=as_token/>
                            <input type="hidden" name="as_current" value="true"/>
                            <button class="btn btn-primary" type="submit">{tr_with(Phrase::ConfirmJoinAs, &[Arg::Text("name", &name)])}</button>
                        </ActionForm>
                    </div>
                })}
                <div class="card">
                    <ActionForm action=join attr:class="form stack" attr:novalidate=true>
                        <FormStatus error/>
                        <input type="hidden" name="camp" value=info.slug.clone()/>
                        <input type="hidden" name="token" value=token/>
                        <TextField id="join-name" name="display_name" label=Msg::FieldDisplayName hint=Msg::HintDisplayName autocomplete="name" required=true maxlength=DISPLAY_NAME_MAX error/>
                        {needs_email.then(|| view! {
                            <p class="hint">{tr(Msg::JoinEmailHint)} " " <strong>{domains.clone()}</strong></p>
                            <TextField id="join-email" name="email" label=Msg::FieldEmail kind="email" autocomplete="email" required=true error/>
                            <p class="hint">{tr(Msg::JoinSignInHint)}</p>
                        })}
                        <div class="form-actions">
                            <button class=submit_class type="submit">{tr(submit)}</button>
                        </div>
                    </ActionForm>
                </div>
            }.into_any()
        }}
    }
}
