//! The start page: my camps, or how to get in.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{me, my_camps};
use crate::domain::Role;
use crate::i18n::{tr, Msg};
use crate::view::CampSummary;

#[component]
pub fn HomePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| async { (me().await, my_camps().await) });
    view! {
        <Title text=tr(Msg::AppName)/>
        <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || {
                data.get()
                    .map(|(me, camps)| {
                        let me = me.ok().flatten();
                        let camps = camps.unwrap_or_default();
                        match me {
                            None => view! { <SignedOut/> }.into_any(),
                            Some(me) => view! { <MyCamps camps is_moderator=me.is_moderator/> }.into_any(),
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn SignedOut() -> impl IntoView {
    view! {
        <section class="hero">
            <h1>{tr(Msg::HomeTitle)}</h1>
            <p class="lead">{tr(Msg::HomeLead)}</p>
            <p>{tr(Msg::HomeSignedOut)}</p>
            <p>
                <a class="btn btn-primary" href="/login">{tr(Msg::NavLogin)}</a>
            </p>
        </section>
    }
}

#[component]
fn MyCamps(camps: Vec<CampSummary>, is_moderator: bool) -> impl IntoView {
    let empty = camps.is_empty();
    view! {
        <div class="page-head">
            <h1>{tr(Msg::HomeMyCamps)}</h1>
            {is_moderator.then(|| view! {
                <p class="page-actions">
                    <a class="btn btn-primary" href="/camps/new">{tr(Msg::HomeCreateCamp)}</a>
                </p>
            })}
        </div>
        {empty.then(|| view! { <p class="empty">{tr(Msg::HomeNoCamps)}</p> })}
        <ul class="list" hidden=empty>
            {camps
                .into_iter()
                .map(|c| {
                    let role = match c.role {
                        Role::Moderator => tr(Msg::RoleModerator),
                        Role::Participant => tr(Msg::RoleParticipant),
                    };
                    view! {
                        <li class="list-row">
                            <a href=format!("/c/{}", c.slug)>{c.name}</a>
                            <span class="badge">{role}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
